// SPDX-License-Identifier: GPL-2.0-or-later
// explore: iterative context bounding over the schedules of a scenario. The reduction prunes a
// switch whose schedules are covered by others within the same bound:
// - sleep sets (Godefroid; the sleep-set half of Flanagan and Godefroid's dynamic partial-order
//   reduction): a switch back to a task whose next step is independent of what ran since;
// - a preemption that can be delayed by one step of the running task;
// - with two tasks, a switch to a task that would only go up to a lock the running task holds
//   and block there (its steps up to the lock commuting with what the holder does);
// - a state (StateHash, explore_state.h) reached before with no more switches.
// Independence (explore_footprint.h) is per object and lock, with reference counts that stay
// above zero commuting and exclusive critical sections that write nothing commuting as shared
// holds. tst_explore_reduction checks that the reduction finds every report, and every way a
// task goes through the kernel, that plain enumeration finds.
#include "scenario/explore_footprint.h"
#include "scenario/explore_state.h"
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

using namespace explore_detail;

bool isFailure(const RunResult& r) {
    return std::any_of(r.reports.begin(), r.reports.end(), [](const Report& rep) {
        return rep.kind == Report::Kind::Bug || rep.kind == Report::Kind::Warn ||
               rep.kind == Report::Kind::Kasan;
    });
}

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

// The sleepers of `z` still asleep in `asleep` that `ran` wakes: those that ran, or whose step
// depends on it.
uint64_t stillAsleep(const SleepSet& z, uint64_t asleep, const Footprint& ran) {
    for (size_t k = 0; k < z.size(); ++k) {
        const Sleeper& s = z[k];
        if ((asleep >> k & 1) &&
            ((ran.tasks & ((1u << s.task) | s.step.tasks)) != 0 || s.step.meets(ran)))
            asleep &= ~(uint64_t(1) << k);
    }
    return asleep;
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

    // A point after the last switch, with what ran since the one before.
    struct Stop {
        Scheduler::PreemptionPoint point;
        Footprint before;
        uint64_t state = 0;         // StateHash of the events up to the point
        std::vector<uint64_t> held; // the exclusive locks the running task holds there
    };
    // What the search needs of a run's points; the run's events are read once and then freed.
    struct Points {
        std::vector<Stop> stops;
        Footprint tail; // after the last point
        // With two tasks: what the task running at each stop does from there to its end.
        std::vector<Footprint> restOf;
    };

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
        std::optional<RunTouches> touches;
        if (opts_.reduction) touches.emplace(r);
        if (ran && !s.switches.empty()) {
            Footprint f;
            const uint32_t first = s.switches.back().afterEvent + 1;
            size_t a = touches->firstAccess(first);
            for (uint32_t k = first; k < r.events.size(); ++k) {
                if (r.events[k].task == preempted) break;
                f.add(*touches, k, a);
            }
            f.seal();
            *ran = std::move(f);
        }
        if (leaf) return finish(s, bound, std::move(r));
        const Points points = pointsOf(s, r, touches ? &*touches : nullptr);
        touches.reset();
        r = RunResult{};
        if (!opts_.reduction) {
            for (const Stop& stop : points.stops)
                for (int t = 0; t < 32; ++t)
                    if ((stop.point.runnableMask & (1u << t)) &&
                        !visit(withSwitch(s, stop.point.seq, t), bound, {}, -1, nullptr))
                        return false;
            return true;
        }
        return branch(s, bound, std::move(z), points);
    }

    // A schedule with all its switches has run: note what it found.
    bool finish(const ds::Schedule& s, int bound, RunResult r) {
        const RunResult* done = &r;
        if (isFailure(r)) {
            noteFailures(r);
            if (!out_.failing) {
                out_.failingSchedule = s;
                out_.failing = std::move(r);
                done = &*out_.failing;
            }
            if (opts_.stopAtFirstFailure) return stopWith(false);
        }
        if (opts_.onProgress &&
            !opts_.onProgress(
                ExploreProgress{out_.schedulesRun, bound, out_.runs, cpuNow() - cpuStart_, done})) {
            out_.interrupted = true;
            return stopWith(false);
        }
        return true;
    }

    Points pointsOf(const ds::Schedule& s, const RunResult& r, const RunTouches* touches) const {
        Points out;
        std::array<std::vector<uint64_t>, 33> holding; // by task (the last: boot work)
        const uint32_t after = s.switches.empty() ? 0 : s.switches.back().afterEvent;
        uint32_t prev = after;
        StateHash state;
        uint32_t hashed = 0; // events added to `state`
        for (const auto& p : r.points) {
            if (!s.switches.empty() && p.seq <= after) continue;
            Stop stop{p, {}, 0, {}};
            if (touches) {
                stop.before = Footprint::of(*touches, prev, p.seq);
                for (; hashed <= p.seq && hashed < r.events.size(); ++hashed) {
                    const Event& e = r.events[hashed];
                    state.add(e);
                    if (!isLockOp(e, LockMode::Exclusive)) continue;
                    auto& h = holding[std::min<size_t>(e.task, holding.size() - 1)];
                    if (e.kind == EventKind::LockAcquire)
                        h.push_back(objectKey(e.okind, e.obj));
                    else
                        std::erase(h, objectKey(e.okind, e.obj));
                }
                stop.state = state.value();
                if (p.current >= 0) stop.held = holding[std::min<size_t>(p.current, 32)];
            }
            out.stops.push_back(std::move(stop));
            prev = p.seq;
        }
        if (!touches) return out;
        if (!out.stops.empty()) out.tail = Footprint::of(*touches, prev, UINT32_MAX);
        out.restOf.resize(out.stops.size());
        if (sc_.tasks.size() != 2) return out;
        std::array<Footprint, 2> acc; // per task, from the end back to the stop
        uint32_t end = static_cast<uint32_t>(r.events.size());
        for (size_t i = out.stops.size(); i-- > 0;) {
            const uint32_t from = out.stops[i].point.seq + 1;
            size_t k = touches->firstAccess(from);
            for (uint32_t q = from; q < end; ++q) {
                const TaskId task = r.events[q].task;
                if (task < acc.size())
                    acc[task].add(*touches, q, k);
                else
                    touches->accessesBefore(q, k, [](uint64_t, bool, int) {});
            }
            end = from;
            // Only where `cur` holds a lock does the rule that needs it apply.
            const int cur = out.stops[i].point.current;
            if (cur >= 0 && cur < 2 && !out.stops[i].held.empty()) {
                acc[cur].seal();
                out.restOf[i] = acc[cur];
            }
        }
        return out;
    }

    // The switches after `s` that the reduction keeps, each run with the schedules below it.
    // The points are taken latest first, so that a switch can be compared with the same switch
    // at a later point. Every rule but the sleep set needs `cur` alone to have run from this
    // point to the later one; the rules about locks also need two tasks (with a third, a task
    // that blocks hands the baton to whichever comes first, not back to `cur`).
    bool branch(const ds::Schedule& s, int bound, SleepSet z, const Points& points) {
        const auto& stops = points.stops;
        // The sleep set at each point: which of `z` still sleep (a sleep set has a sleeper per
        // task at most, so 64 bits hold it).
        std::vector<uint64_t> zAt;
        uint64_t asleep = z.size() >= 64 ? ~uint64_t(0) : (uint64_t(1) << z.size()) - 1;
        for (const Stop& stop : stops)
            zAt.push_back(asleep = stillAsleep(z, asleep, stop.before));
        const auto sleeps = [&](size_t i, int task) {
            for (size_t k = 0; k < z.size(); ++k)
                if ((zAt[i] >> k & 1) && z[k].task == task) return true;
            return false;
        };
        const int used = static_cast<int>(s.switches.size()) + 1;
        const bool childIsLeaf = used == bound;
        const bool two = sc_.tasks.size() == 2;
        std::array<std::optional<Footprint>, 32> later; // what `t` ran at the next point
        // What `t` ran at a later point where it went up to a lock that `cur` held and blocked
        // there, kept while what it did up to the lock commutes with every step `cur` took from
        // here to that point.
        std::array<std::optional<Footprint>, 32> blockedLater;
        for (size_t i = stops.size(); i-- > 0;) {
            const Stop& stop = stops[i];
            const int cur = stop.point.current;
            // `cur`'s step from this point to the next, when it ran alone.
            const Footprint* step = i + 1 < stops.size() && stops[i + 1].point.current == cur &&
                                            stops[i + 1].before.tasks == (1u << cur)
                                        ? &stops[i + 1].before
                                        : nullptr;
            for (auto& b : blockedLater)
                if (b && (!step || b->beforeFirstAcquireMeets(*step))) b.reset();
            for (int t = 0; t < 32; ++t) {
                std::optional<Footprint> next = std::move(later[t]);
                later[t].reset();
                if (!(stop.point.runnableMask & (1u << t))) continue;
                // `t` would do here what it did there: go up to the lock, which `cur` holds here
                // too, and block. The two switches differ by steps of `cur` that commute with
                // what `t` did; below either, `t` runs next once `cur` has let go of the lock.
                if (two && blockedLater[t] && holds(stop.held, blockedLater[t]->firstAcquire)) {
                    ++out_.pruned;
                    continue;
                }
                // Delaying this preemption by one step of `cur` gives the same trace when that
                // step touches nothing of what ran after the later switch until `cur` ran again
                // (and lets go of no lock that needs): the later switch (run, or itself
                // equivalent to one run) covers this one. Its schedules below are covered as
                // well when no third task can run in between.
                if (next && step && step->commutesBefore(*next) && (childIsLeaf || two)) {
                    ++out_.pruned;
                    later[t] = std::move(next);
                    continue;
                }
                // A switch to `t` while `cur` holds the lock that `t` takes first lets `t` run
                // only up to that lock: there it blocks, and `cur` runs on. When what `t` does
                // up to there touches nothing `cur` touches from here on, it can as well happen
                // when `t` runs next: the schedules of not switching here (one preemption
                // fewer) cover this switch and all below it.
                if (two && next && step && next->firstAcquire != 0 &&
                    holds(stop.held, next->firstAcquire) &&
                    !next->beforeFirstAcquireMeets(points.restOf[i])) {
                    ++out_.pruned;
                    // A switch one step earlier, before `cur` took the lock, is like the later
                    // one when `cur`'s step commutes with what `t` ran there (see above).
                    if (step->commutesBefore(*next, false)) later[t] = std::move(next);
                    continue;
                }
                if (sleeps(i, t)) {
                    ++out_.pruned;
                    continue;
                }
                // The same state, with the same tasks asleep and `t` to run next, was reached
                // already with no more switches: everything that can follow has been (or is
                // being) explored. (A sleeping task's step is the one its state gives it.)
                uint64_t sleeping = uint64_t(1) << cur;
                for (size_t k = 0; k < z.size(); ++k)
                    if (zAt[i] >> k & 1) sleeping |= uint64_t(1) << z[k].task;
                const auto [at, fresh] =
                    seen_.try_emplace(mix(stop.state, uint64_t(t) | sleeping << 8), used);
                if (!fresh && at->second <= used) {
                    ++out_.pruned;
                    continue;
                }
                at->second = used;
                // The preempted task sleeps with the step it would have run next.
                SleepSet childZ;
                for (size_t k = 0; k < z.size(); ++k)
                    if ((zAt[i] >> k & 1) && z[k].task != cur) childZ.push_back(z[k]);
                childZ.push_back({cur, i + 1 < stops.size() ? stops[i + 1].before : points.tail});
                std::optional<Footprint> ran;
                if (!visit(withSwitch(s, stop.point.seq, t), bound, std::move(childZ), cur, &ran))
                    return false;
                if (ran && ran->blocked) blockedLater[t] = *ran;
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
    // Per bound: the states switched at (with the task switched to and the tasks asleep), and the
    // fewest switches that reached each.
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
