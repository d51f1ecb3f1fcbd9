// SPDX-License-Identifier: GPL-2.0-or-later
// explore: iterative context bounding over the schedules of a scenario, with sleep sets
// (Godefroid; the sleep-set half of Flanagan and Godefroid's dynamic partial-order reduction)
// pruning the interleavings that only reorder independent steps.
#include "scenario/runner.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ds::scenario {

namespace {

bool isFailure(const RunResult& r) {
    return std::any_of(r.reports.begin(), r.reports.end(), [](const Report& rep) {
        return rep.kind == Report::Kind::Bug || rep.kind == Report::Kind::Warn ||
               rep.kind == Report::Kind::Kasan;
    });
}

// The objects (and locks: a lock is an object of its own kind) an event touches: its object,
// and the parent an event names (a dentry allocated under it, linked into or unlinked from its
// child list, a cursor moved in it). Taking or dropping a lock shared only reads it: two readers
// of one rwsem commute, a reader and a writer (or a waiter, a wake) do not.
inline uint64_t objectKey(ObjKind k, ObjId id) {
    return (uint64_t(k) << 32) | id;
}
inline bool readsOnly(const Event& e) {
    return (e.kind == EventKind::LockAcquire || e.kind == EventKind::LockRelease) &&
           e.a == static_cast<int32_t>(LockMode::Shared);
}
// f(key, write)
template <class F> void forEachTouched(const Event& e, F&& f) {
    if (e.obj != 0) f(objectKey(e.okind, e.obj), !readsOnly(e));
    switch (e.kind) {
    case EventKind::Alloc:
        if ((e.okind == ObjKind::Dentry || e.okind == ObjKind::Eventfs) && e.a != 0)
            f(objectKey(e.okind, static_cast<ObjId>(e.a)), true);
        break;
    case EventKind::LinkChild:
    case EventKind::UnlinkChild:
        if (e.a != 0) f(objectKey(ObjKind::Dentry, static_cast<ObjId>(e.a)), true);
        break;
    case EventKind::CursorMove:
        if (e.b != 0) f(objectKey(ObjKind::Dentry, static_cast<ObjId>(e.b)), true);
        break;
    default:
        break;
    }
}

// What a stretch of events touches, sorted: two stretches are dependent when one writes an
// object the other reads or writes (or when one ran a task the other ran; see wakeDependent).
// Reference counts (Get/Put) are kept apart: see commutesBefore.
struct Footprint {
    // A reference count the stretch only got and put: the count before its first change, and
    // the lowest it went relative to that (0 or below).
    struct Count {
        uint64_t key;
        int64_t before;
        int64_t net = 0, low = 0;
    };
    std::vector<uint64_t> writes, reads; // `writes` has the counted objects too
    std::vector<Count> counts;           // by key
    std::vector<uint64_t> others;        // objects with events other than Get/Put
    uint32_t tasks = 0;                  // the tasks that ran in the stretch

    void add(const Event& e) {
        if (e.task != kNoTask && e.task < 32) tasks |= 1u << e.task;
        if ((e.kind == EventKind::Get || e.kind == EventKind::Put) && e.obj != 0) {
            const uint64_t key = objectKey(e.okind, e.obj);
            auto c = std::find_if(counts.begin(), counts.end(),
                                  [&](const Count& x) { return x.key == key; });
            if (c == counts.end()) c = counts.insert(counts.end(), Count{key, e.a});
            c->net += int64_t(e.b) - int64_t(e.a);
            c->low = std::min(c->low, c->net);
            writes.push_back(key);
            return;
        }
        forEachTouched(e, [&](uint64_t key, bool write) {
            (write ? writes : reads).push_back(key);
            others.push_back(key);
        });
    }
    void seal() {
        for (auto* v : {&writes, &reads, &others}) {
            std::sort(v->begin(), v->end());
            v->erase(std::unique(v->begin(), v->end()), v->end());
        }
        std::sort(counts.begin(), counts.end(),
                  [](const Count& x, const Count& y) { return x.key < y.key; });
    }
    // The events of `r` with from < seq <= to.
    static Footprint of(const RunResult& r, uint32_t from, uint32_t to) {
        Footprint f;
        const uint32_t end = std::min<uint32_t>(to, static_cast<uint32_t>(r.events.size() - 1));
        for (uint32_t s = from + 1; s <= end && s < r.events.size(); ++s)
            f.add(r.events[s]);
        f.seal();
        return f;
    }
    // Dependent in any order (a reference count counts as written).
    bool meets(const Footprint& o) const {
        return share(writes, o.writes) || share(writes, o.reads) || share(reads, o.writes);
    }
    // This stretch ran just before `later` (nothing else between): may they run in any
    // interleaving with the same outcome? As meets(), except that two stretches that only get
    // and put a reference count commute when it stays at 1 or more in every interleaving: then
    // dget/dput, iget/iput and kref_get/kref_put change the number and nothing else.
    bool commutesBefore(const Footprint& later) const {
        if (share(reads, later.writes) || share(writes, later.reads)) return false;
        auto a = writes.begin(), b = later.writes.begin();
        while (a != writes.end() && b != later.writes.end()) {
            if (*a < *b) {
                ++a;
            } else if (*b < *a) {
                ++b;
            } else {
                const Count* x = countOf(*a);
                const Count* y = later.countOf(*a);
                if (!x || !y || contains(others, *a) || contains(later.others, *a)) return false;
                if (x->before + x->low + y->low < 1) return false;
                ++a;
                ++b;
            }
        }
        return true;
    }

private:
    const Count* countOf(uint64_t key) const {
        auto c = std::lower_bound(counts.begin(), counts.end(), key,
                                  [](const Count& x, uint64_t k) { return x.key < k; });
        return c != counts.end() && c->key == key ? &*c : nullptr;
    }
    static bool contains(const std::vector<uint64_t>& v, uint64_t key) {
        return std::binary_search(v.begin(), v.end(), key);
    }
    static bool share(const std::vector<uint64_t>& x, const std::vector<uint64_t>& y) {
        auto a = x.begin(), b = y.begin();
        while (a != x.end() && b != y.end()) {
            if (*a == *b) return true;
            if (*a < *b)
                ++a;
            else
                ++b;
        }
        return false;
    }
};

uint64_t mix(uint64_t a, uint64_t b) {
    uint64_t x = a + 0x9e3779b97f4a7c15ull + b * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// The trace (Mazurkiewicz) of a run's first events, hashed: each task's own sequence of events
// and, for each object, the order in which the tasks touched it; not the interleaving. Two
// prefixes with the same trace differ only in the order of independent steps: they leave the
// kernel in the same state, so what can follow them is the same.
class TraceHash {
public:
    void add(const Event& e) {
        const size_t slot = e.task < kSlots - 1 ? e.task : kSlots - 1;
        uint64_t h = mix(uint64_t(e.kind) << 8 | uint64_t(e.okind), e.obj);
        h = mix(h, uint64_t(uint32_t(e.a)) << 32 | uint32_t(e.b));
        h = mix(h, uint64_t(e.sym) << 8 | e.aux);
        perTask_[slot] = mix(perTask_[slot], h);
        forEachTouched(e, [&](uint64_t key, bool write) {
            uint64_t& o = perObject_[key];
            if (!write) { // which write it saw; reads of one version commute
                perTask_[slot] = mix(perTask_[slot], mix(key, o));
                return;
            }
            objects_ -= mix(key, o);
            o = mix(o, slot + 1);
            objects_ += mix(key, o);
        });
    }
    uint64_t value() const {
        uint64_t h = objects_;
        for (uint64_t t : perTask_)
            h = mix(h, t);
        return h;
    }

private:
    static constexpr size_t kSlots = 33; // 32 tasks and the boot work
    std::array<uint64_t, kSlots> perTask_{};
    std::unordered_map<uint64_t, uint64_t> perObject_;
    uint64_t objects_ = 0; // a sum: the objects in no particular order
};

// A task asleep: it was preempted at an earlier point while its next step (`step`, what it ran
// up to its next preemption point when it was not preempted) touched nothing the tasks have run
// since. Switching back to it now gives the same trace as not preempting it then and switching
// at its next point instead: a schedule with as many preemptions, which the search runs anyway.
// (Only the preempted task sleeps. Putting a sibling switch target to sleep, as plain sleep sets
// do, prunes schedules whose equivalent needs more preemptions, which a bound may not allow.)
struct Sleeper {
    int task;
    Footprint step;
};
using SleepSet = std::vector<Sleeper>;

void wakeDependent(SleepSet& z, const Footprint& ran) {
    std::erase_if(z, [&](const Sleeper& s) {
        return (ran.tasks & ((1u << s.task) | s.step.tasks)) != 0 || s.step.meets(ran);
    });
}

bool asleep(const SleepSet& z, int task) {
    return std::any_of(z.begin(), z.end(), [&](const Sleeper& s) { return s.task == task; });
}

double cpuNow() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// One bound of iterative context bounding: runs, depth first and in the order of their
// preemption points, every schedule that extends `s` to exactly `bound` switches (less those a
// sleep set prunes). A schedule with fewer switches is run again only for its preemption
// points (its own result is known from the previous bound). Returns false once the search
// should stop (found, error, limit).
class Explorer {
public:
    Explorer(const Scenario& sc, const ExploreOptions& opts, ExploreResult& out)
        : sc_(sc), opts_(opts), out_(out), runner_(sc, runOptions(opts), opts.keepBootedKernel),
          cpuStart_(cpuNow()) {}

    // True if some schedule had `bound` switches (so a larger bound may find more).
    bool runBound(const ds::Schedule& base, int bound) {
        found_ = false;
        seen_.clear();
        return visit(base, bound, {}, -1, nullptr) && !stop_ && found_;
    }
    bool stopped() const { return stop_; }

private:
    static RunOptions runOptions(const ExploreOptions& opts) {
        RunOptions ro;
        ro.designOverride = opts.designOverride;
        ro.recordPoints = true;
        ro.checkLeaks = false;
        ro.maxEvents = opts.maxEvents;
        return ro;
    }
    static ds::Schedule withSwitch(const ds::Schedule& s, uint32_t seq, int task) {
        ds::Schedule child = s;
        child.switches.push_back({seq, task});
        return child;
    }

    // Runs `s` (its last switch leaves the sleep set `z`) and the schedules that extend it;
    // `ran` (if given) gets what ran after the last switch until `preempted` ran again.
    bool visit(const ds::Schedule& s, int bound, SleepSet z, int preempted,
               std::optional<Footprint>* ran) {
        const bool leaf = static_cast<int>(s.switches.size()) == bound;
        if (leaf) {
            found_ = true;
            if (out_.schedulesRun >= opts_.maxSchedules) return stopWith(false);
        }
        RunResult r = runner_.run(s);
        ++out_.runs;
        if (leaf) ++out_.schedulesRun;
        if (!r.error.empty()) {
            out_.error = r.error;
            out_.eventLimitReached = r.eventLimitReached;
            return stopWith(false);
        }
        if (ran && !s.switches.empty()) {
            Footprint f;
            for (size_t k = size_t(s.switches.back().afterEvent) + 1; k < r.events.size(); ++k) {
                if (r.events[k].task == preempted) break;
                f.add(r.events[k]);
            }
            f.seal();
            *ran = std::move(f);
        }
        if (leaf) {
            if (isFailure(r)) {
                noteFailures(r);
                if (!out_.failing) {
                    out_.failingSchedule = s;
                    out_.failing = std::move(r);
                }
                if (opts_.stopAtFirstFailure) return stopWith(false);
            }
            if (opts_.onProgress &&
                !opts_.onProgress(
                    ExploreProgress{out_.schedulesRun, bound, out_.runs, cpuNow() - cpuStart_})) {
                out_.interrupted = true;
                return stopWith(false);
            }
            return true;
        }
        // The points after the last switch, each with what ran since the one before: only these
        // are needed below, so the run's events are read once here and then freed.
        struct Stop {
            Scheduler::PreemptionPoint point;
            Footprint before;
            uint64_t trace = 0; // TraceHash of the events up to the point
        };
        std::vector<Stop> stops;
        const uint32_t after = s.switches.empty() ? 0 : s.switches.back().afterEvent;
        uint32_t prev = after;
        TraceHash trace;
        uint32_t hashed = 0; // events added to `trace`
        for (const auto& p : r.points) {
            if (!s.switches.empty() && p.seq <= after) continue;
            Stop stop{p, {}, 0};
            if (opts_.reduction) {
                stop.before = Footprint::of(r, prev, p.seq);
                for (; hashed <= p.seq && hashed < r.events.size(); ++hashed)
                    trace.add(r.events[hashed]);
                stop.trace = trace.value();
            }
            stops.push_back(std::move(stop));
            prev = p.seq;
        }
        Footprint tail; // after the last point
        if (opts_.reduction && !stops.empty()) tail = Footprint::of(r, prev, UINT32_MAX);
        r = RunResult{};
        if (!opts_.reduction) {
            for (const Stop& stop : stops)
                for (int t = 0; t < 32; ++t)
                    if ((stop.point.runnableMask & (1u << t)) &&
                        !visit(withSwitch(s, stop.point.seq, t), bound, {}, -1, nullptr))
                        return false;
            return true;
        }
        // The sleep set at each point, then the points latest first: a switch is compared with
        // the same switch one point later.
        std::vector<SleepSet> zAt;
        for (const Stop& stop : stops) {
            wakeDependent(z, stop.before);
            zAt.push_back(z);
        }
        const int used = static_cast<int>(s.switches.size()) + 1;
        const bool childIsLeaf = used == bound;
        std::array<std::optional<Footprint>, 32> later; // what `t` ran at the next point
        for (size_t i = stops.size(); i-- > 0;) {
            const Stop& stop = stops[i];
            const int cur = stop.point.current;
            for (int t = 0; t < 32; ++t) {
                std::optional<Footprint> next = std::move(later[t]);
                later[t].reset();
                if (!(stop.point.runnableMask & (1u << t))) continue;
                // Delaying this preemption by one step of `cur` gives the same trace when that
                // step touches nothing of what ran after the later switch until `cur` ran again:
                // the later switch (run, or itself equivalent to one run) covers this one. Its
                // schedules below are covered as well when no third task can run in between.
                if (next && i + 1 < stops.size() && stops[i + 1].point.current == cur &&
                    stops[i + 1].before.tasks == (1u << cur) &&
                    stops[i + 1].before.commutesBefore(*next) &&
                    (childIsLeaf || sc_.tasks.size() == 2)) {
                    ++out_.pruned;
                    later[t] = std::move(next);
                    continue;
                }
                if (asleep(zAt[i], t)) {
                    ++out_.pruned;
                    continue;
                }
                // The same trace with `t` to run next was reached already with no more
                // switches: everything that can follow has been (or is being) explored.
                const auto [at, fresh] = seen_.try_emplace(mix(stop.trace, uint64_t(t)), used);
                if (!fresh && at->second <= used) {
                    ++out_.pruned;
                    continue;
                }
                at->second = used;
                // The preempted task sleeps with the step it would have run next.
                SleepSet childZ = zAt[i];
                std::erase_if(childZ, [&](const Sleeper& x) { return x.task == cur; });
                childZ.push_back({cur, i + 1 < stops.size() ? stops[i + 1].before : tail});
                std::optional<Footprint> ran;
                if (!visit(withSwitch(s, stop.point.seq, t), bound, std::move(childZ), cur, &ran))
                    return false;
                later[t] = std::move(ran);
            }
        }
        return true;
    }
    void noteFailures(const RunResult& r) {
        for (const Report& rep : r.reports) {
            if (rep.kind == Report::Kind::Leak || rep.kind == Report::Kind::Hang) continue;
            std::string what = std::string(reportKindName(rep.kind)) + " in " + rep.function;
            const auto at = std::lower_bound(out_.failures.begin(), out_.failures.end(), what);
            if (at == out_.failures.end() || *at != what) out_.failures.insert(at, std::move(what));
        }
    }
    bool stopWith(bool result) {
        stop_ = true;
        return result;
    }

    const Scenario& sc_;
    const ExploreOptions& opts_;
    ExploreResult& out_;
    ScheduleRunner runner_; // one boot, put back before every run
    double cpuStart_;
    // Per bound: the traces switched at (with the task switched to), and the fewest switches
    // that reached each.
    std::unordered_map<uint64_t, int> seen_;
    bool found_ = false;
    bool stop_ = false;
};

} // namespace

ExploreResult explore(const Scenario& sc, const ExploreOptions& opts) {
    ExploreResult out;
    ds::Schedule base = toEngineSchedule(sc.schedule);
    base.switches.clear();
    Explorer explorer(sc, opts, out);
    for (int bound = 0; bound <= opts.preemptions; ++bound) {
        out.preemptionsReached = bound;
        if (!explorer.runBound(base, bound)) {
            // Stopped, or no schedule has this many switches: then none has more either.
            out.exhausted = !explorer.stopped();
            return out;
        }
    }
    out.exhausted = true;
    return out;
}

} // namespace ds::scenario
