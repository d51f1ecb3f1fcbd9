// explore: iterative context bounding over the schedules of a scenario, with sleep sets
// (Godefroid; the sleep-set half of Flanagan and Godefroid's dynamic partial-order reduction)
// pruning the interleavings that only reorder independent steps.
#include "scenario/runner.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <ctime>
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
// child list, a cursor moved in it).
inline uint64_t objectKey(ObjKind k, ObjId id) {
    return (uint64_t(k) << 32) | id;
}
template <class F> void forEachTouched(const Event& e, F&& f) {
    if (e.obj != 0) f(objectKey(e.okind, e.obj));
    switch (e.kind) {
    case EventKind::Alloc:
        if ((e.okind == ObjKind::Dentry || e.okind == ObjKind::Eventfs) && e.a != 0)
            f(objectKey(e.okind, static_cast<ObjId>(e.a)));
        break;
    case EventKind::LinkChild:
    case EventKind::UnlinkChild:
        if (e.a != 0) f(objectKey(ObjKind::Dentry, static_cast<ObjId>(e.a)));
        break;
    case EventKind::CursorMove:
        if (e.b != 0) f(objectKey(ObjKind::Dentry, static_cast<ObjId>(e.b)));
        break;
    default:
        break;
    }
}

// What a stretch of events touches, sorted: two stretches are dependent when they share an
// object, or when one ran a task the other ran.
struct Footprint {
    std::vector<uint64_t> objects;
    uint32_t tasks = 0; // the tasks that ran in the stretch

    void add(const Event& e) {
        if (e.task != kNoTask && e.task < 32) tasks |= 1u << e.task;
        forEachTouched(e, [&](uint64_t key) { objects.push_back(key); });
    }
    void seal() {
        std::sort(objects.begin(), objects.end());
        objects.erase(std::unique(objects.begin(), objects.end()), objects.end());
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
    bool meets(const Footprint& o) const {
        auto a = objects.begin(), b = o.objects.begin();
        while (a != objects.end() && b != o.objects.end()) {
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
        forEachTouched(e, [&](uint64_t key) {
            uint64_t& o = perObject_[key];
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
        : sc_(sc), opts_(opts), out_(out), cpuStart_(cpuNow()) {
        ro_.designOverride = opts.designOverride;
        ro_.recordPoints = true;
        ro_.checkLeaks = false;
        ro_.maxEvents = opts.maxEvents;
    }

    // True if some schedule had `bound` switches (so a larger bound may find more).
    bool runBound(const ds::Schedule& base, int bound) {
        found_ = false;
        seen_.clear();
        return visit(base, bound, {}) && !stop_ && found_;
    }
    bool stopped() const { return stop_; }

private:
    // Runs `s` (its last switch leaves the sleep set `z`) and the schedules that extend it.
    bool visit(const ds::Schedule& s, int bound, SleepSet z) {
        const bool leaf = static_cast<int>(s.switches.size()) == bound;
        if (leaf) {
            found_ = true;
            if (out_.schedulesRun >= opts_.maxSchedules) return stopWith(false);
        }
        ro_.schedule = s;
        RunResult r = runScenario(sc_, ro_);
        ++out_.runs;
        if (leaf) ++out_.schedulesRun;
        if (!r.error.empty()) {
            out_.error = r.error;
            out_.eventLimitReached = r.eventLimitReached;
            return stopWith(false);
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
        for (size_t i = 0; i < stops.size(); ++i) {
            const Stop& stop = stops[i];
            if (opts_.reduction) wakeDependent(z, stop.before);
            for (int t = 0; t < 32; ++t) {
                if (!(stop.point.runnableMask & (1u << t))) continue;
                if (opts_.reduction && asleep(z, t)) {
                    ++out_.pruned;
                    continue;
                }
                const int used = static_cast<int>(s.switches.size()) + 1;
                if (opts_.reduction) {
                    // The same trace with `t` to run next was reached already with no more
                    // switches: everything that can follow has been (or is being) explored.
                    const auto [at, fresh] = seen_.try_emplace(mix(stop.trace, uint64_t(t)), used);
                    if (!fresh && at->second <= used) {
                        ++out_.pruned;
                        continue;
                    }
                    at->second = used;
                }
                ds::Schedule child = s;
                child.switches.push_back({stop.point.seq, t});
                SleepSet childZ;
                if (opts_.reduction) {
                    // The preempted task sleeps with the step it would have run next.
                    childZ = z;
                    std::erase_if(childZ,
                                  [&](const Sleeper& x) { return x.task == stop.point.current; });
                    childZ.push_back(
                        {stop.point.current, i + 1 < stops.size() ? stops[i + 1].before : tail});
                }
                if (!visit(child, bound, std::move(childZ))) return false;
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
    RunOptions ro_;
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
