// SPDX-License-Identifier: GPL-2.0-or-later
// Anchored switch points found in a run (findAnchor), the whole schedule resolved line by line
// (resolveSchedule), and the other way round: a run's switch points written as anchors
// (anchoredSchedule, for branches and Copy scenario).
#include "scenario/anchor.h"

#include "scenario/branch.h"
#include "scenario/parser.h"
#include "trace/symbols.h"

#include <unordered_map>

namespace ds::scenario {

namespace {

// The names of a run's objects as anchors write them: dentries by path (from their Alloc
// and LinkChild events), inodes by the path of the dentry they were instantiated in, locks by name.
// Learnt from the whole run first, so that an object is named already at its Alloc (a dentry is
// linked to its parent, an inode instantiated, a few events later; the code path decides where,
// so every run that reaches the Alloc names it the same).
class ObjectNames {
public:
    explicit ObjectNames(const Run& run) {
        for (const Event& e : run.events)
            note(e);
    }
    std::string name(const Event& e) {
        switch (e.okind) {
        case ObjKind::Dentry:
            return path(e.obj);
        case ObjKind::Inode: {
            const auto it = inodes_.find(e.obj);
            return it == inodes_.end() ? std::string() : path(it->second);
        }
        case ObjKind::Lock:
            return e.sym ? std::string(symbol(e.sym)) : std::string();
        default:
            return {};
        }
    }

private:
    void note(const Event& e) {
        if (e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry) dentries_[e.obj] = {e.sym, 0};
        if (e.kind == EventKind::LinkChild) dentries_[e.obj].parent = static_cast<ObjId>(e.a);
        if ((e.kind == EventKind::Instantiate || e.kind == EventKind::Add) && e.a != 0)
            inodes_[static_cast<ObjId>(e.a)] = e.obj;
    }
    std::string path(ObjId id) {
        const auto it = dentries_.find(id);
        if (it == dentries_.end()) return {};
        if (it->second.parent == 0) // the superblock's root, or not linked yet
            return symbol(it->second.name) == "/" ? std::string(kTracefsRoot) : std::string();
        const std::string parent = path(it->second.parent);
        return parent.empty() ? parent : parent + "/" + std::string(symbol(it->second.name));
    }
    struct Dentry {
        SymId name;
        ObjId parent;
    };
    std::unordered_map<ObjId, Dentry> dentries_;
    std::unordered_map<ObjId, ObjId> inodes_;
};

std::string taskName(const Scenario& sc, int t) {
    return t >= 0 && static_cast<std::size_t>(t) < sc.tasks.size()
               ? sc.tasks[static_cast<std::size_t>(t)]
               : "?";
}

// What the anchor names, for messages: "A's 2nd d_add of events/sched/sched_switch".
std::string anchorText(const Scenario& sc, const Anchor& a) {
    std::string s = formatAnchor(a, sc.tasks);
    return s.substr(s.find(' ') + 1);
}

AnchorHit findCall(const Scenario& sc, const Run& run, const Anchor& a) {
    int seen = 0, callIndex = -1;
    for (std::size_t i = 0; i < sc.calls.size() && callIndex < 0; ++i)
        if (sc.calls[i].taskIndex == a.task && callName(sc.calls[i].kind) == a.what &&
            ++seen == a.occurrence)
            callIndex = static_cast<int>(i);
    if (callIndex < 0) return {std::nullopt, "the scenario has no " + anchorText(sc, a)};
    const SyscallRecord* first = nullptr;
    const SyscallRecord* last = nullptr;
    for (const SyscallRecord& r : run.records)
        if (r.callIndex == callIndex) {
            if (!first) first = &r;
            last = &r;
        }
    if (!first)
        return {std::nullopt, anchorText(sc, a) + " never returned (task " + taskName(sc, a.task) +
                                  " died or blocked before)"};
    if (a.when == Anchor::When::Before) return {first->enterSeq == 0 ? 0 : first->enterSeq - 1, {}};
    return {last->exitSeq, {}};
}

} // namespace

AnchorHit findAnchor(const Scenario& sc, const Run& run, const Anchor& a,
                     std::optional<std::uint32_t> after) {
    AnchorHit hit;
    if (a.kind == Anchor::Kind::Syscall) {
        hit = findCall(sc, run, a);
    } else {
        ObjectNames names(run);
        // Kernel functions of the anchor's task now running, innermost last: whether each
        // touched the object.
        std::vector<bool> open;
        int seen = 0;
        for (const Event& e : run.events) {
            if (e.task != a.task) continue;
            if (a.kind == Anchor::Kind::Event) {
                if (eventKindName(e.kind) != a.what) continue;
                if (!a.object.empty() && names.name(e) != a.object) continue;
            } else if (e.kind == EventKind::FuncEnter) {
                open.push_back(false);
                continue;
            } else if (e.kind == EventKind::FuncExit) {
                const bool touched = !open.empty() && open.back();
                if (!open.empty()) open.pop_back();
                if (!open.empty() && touched) open.back() = true; // the caller touched it too
                if (symbol(e.sym) != a.what || (!a.object.empty() && !touched)) continue;
            } else {
                if (!open.empty() && e.obj && !a.object.empty() && names.name(e) == a.object)
                    open.back() = true;
                continue;
            }
            if (++seen == a.occurrence) {
                hit.seq = e.seq;
                break;
            }
        }
        if (!hit.seq) {
            const std::string times = seen == 0   ? "never"
                                      : seen == 1 ? "only once"
                                                  : "only " + std::to_string(seen) + " times";
            hit.why = "task " + taskName(sc, a.task) + " " +
                      (a.kind == Anchor::Kind::Function ? "returns from " : "has the event ") +
                      a.what + (a.object.empty() ? "" : " of " + anchorObjectText(a)) + " " + times;
        }
    }
    if (hit.seq && after && *hit.seq <= *after) {
        hit.why = anchorText(sc, a) + " is event " + std::to_string(*hit.seq) +
                  ", not after the previous switch point (event " + std::to_string(*after) + ")";
        hit.seq.reset();
    }
    return hit;
}

ResolvedSchedule resolveSchedule(const Scenario& sc, const ds::Schedule& base,
                                 const std::function<RunResult(const ds::Schedule&)>& runWith) {
    ResolvedSchedule out;
    out.schedule = base;
    out.schedule.switches.clear();
    std::optional<RunResult> run; // the run made with out.schedule, when it is current
    std::optional<std::uint32_t> last;
    for (const auto& sw : sc.schedule.switches) {
        AnchorHit hit;
        if (!sw.anchor) {
            hit.seq = static_cast<std::uint32_t>(sw.afterEvent);
            if (last && *hit.seq <= *last) {
                hit.why = "event " + std::to_string(sw.afterEvent) +
                          " is not after the previous switch point (event " +
                          std::to_string(*last) + ")";
                hit.seq.reset();
            }
        } else {
            if (!run) run = runWith(out.schedule);
            hit = findAnchor(sc, *run, *sw.anchor, last);
        }
        out.points.push_back(hit.seq);
        if (!hit.seq) {
            Schedule one;
            one.switches.push_back(sw);
            std::string line = formatSchedule(one, sc.tasks);
            line = line.substr(line.find('\n') + 1);
            if (!line.empty() && line.back() == '\n') line.pop_back();
            out.misses.push_back({sw.pos, line, hit.why});
            continue;
        }
        out.schedule.switches.push_back({*hit.seq, sw.task});
        last = hit.seq;
        run.reset();
    }
    return out;
}

namespace {

// An anchor that names event `seq` of `run`, if one does (checked by the caller).
std::optional<Anchor> anchorCandidate(const Scenario& sc, const RunResult& run, std::uint32_t seq) {
    if (seq >= run.events.size()) return std::nullopt;
    const Event& e = run.events[seq];
    if (e.task == kNoTask) return std::nullopt;
    Anchor a;
    a.task = e.task;
    if (e.kind == EventKind::SyscallExit) {
        for (const SyscallRecord& r : run.records) {
            if (r.exitSeq != seq || r.callIndex < 0) continue;
            const Call& call = sc.calls[static_cast<std::size_t>(r.callIndex)];
            a.kind = Anchor::Kind::Syscall;
            a.what = std::string(callName(call.kind));
            a.occurrence = 0;
            for (int i = 0; i <= r.callIndex; ++i)
                if (sc.calls[static_cast<std::size_t>(i)].taskIndex == a.task &&
                    sc.calls[static_cast<std::size_t>(i)].kind == call.kind)
                    ++a.occurrence;
            return a;
        }
        return std::nullopt;
    }
    if (e.kind == EventKind::FuncExit) { // the k-th return of that function in the task
        a.kind = Anchor::Kind::Function;
        a.what = std::string(symbol(e.sym));
        a.occurrence = 0;
        for (std::uint32_t i = 0; i <= seq; ++i) {
            const Event& x = run.events[i];
            a.occurrence += x.task == a.task && x.kind == EventKind::FuncExit && x.sym == e.sym;
        }
        return a;
    }
    if (!isAnchorEventKind(eventKindName(e.kind))) return std::nullopt;
    a.kind = Anchor::Kind::Event;
    a.what = std::string(eventKindName(e.kind));
    ObjectNames names(run);
    a.object = names.name(e);
    if (a.object.empty()) return std::nullopt;
    // The occurrence: findAnchor counts the same way, so count with it.
    a.occurrence = 0;
    for (std::uint32_t i = 0; i <= seq; ++i) {
        const Event& x = run.events[i];
        if (x.task == a.task && x.kind == e.kind && names.name(x) == a.object) ++a.occurrence;
    }
    return a;
}

} // namespace

Schedule anchoredSchedule(const Scenario& sc, const RunResult& run) {
    Schedule out = toScenarioSchedule(run.schedule);
    out.preemptions = sc.schedule.preemptions;
    out.maxSchedules = sc.schedule.maxSchedules;
    std::optional<std::uint32_t> last;
    for (auto& sw : out.switches) {
        const auto seq = static_cast<std::uint32_t>(sw.afterEvent);
        // The scenario's own anchor lines first (a run of the file as written keeps its
        // lines), then one made from the event.
        for (const auto& own : sc.schedule.switches)
            if (!sw.anchor && own.anchor && own.task == sw.task &&
                findAnchor(sc, run, *own.anchor, last).seq == seq)
                sw.anchor = own.anchor;
        if (auto a = sw.anchor ? std::nullopt : anchorCandidate(sc, run, seq)) {
            const AnchorHit hit = findAnchor(sc, run, *a, last);
            if (hit.seq == seq) sw.anchor = std::move(a);
        }
        last = seq;
    }
    return out;
}

} // namespace ds::scenario
