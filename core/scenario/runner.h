// SPDX-License-Identifier: GPL-2.0-or-later
// Runs a parsed scenario on the engine: builds the kernel for its design and tree, one
// simulated task per scenario task, and checks the expectations.
#pragma once

#include "scenario/ast.h"
#include "sim/scheduler.h"
#include "trace/report.h"
#include "trace/run.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ds::scenario {

using ds::ExpectationResult;

// Events per run unless RunOptions::maxEvents says otherwise: generous (listing the whole 6.18
// tree once takes about 1.1 million), and still well below what fills memory.
inline constexpr std::uint64_t kDefaultMaxEvents = 200'000'000;

struct RunOptions {
    std::string designOverride;                  // --design
    std::uint64_t maxEvents = kDefaultMaxEvents; // the run stops with an error past this many
    std::optional<ds::Schedule> schedule;        // replaces the scenario's schedule
    bool recordPoints = false;                   // for explore
    bool checkLeaks = true;                      // ref_tracker-style report at the end
};

// A switch line that was not taken: its anchor does not occur in the run (or not after the
// switch before it), said in `why`.
struct AnchorMiss {
    SourcePos pos;
    std::string line; // the switch as written back (formatSchedule)
    std::string why;
};

// A finished run (the Run the exporters and the GUI read, with its expectation results, error and
// impossible switches) and what else the runner found about it.
struct RunResult : Run {
    bool expectationsOk = true;
    bool eventLimitReached = false; // then `error` says so and the run has no events
    ds::Schedule schedule;          // the schedule that was used
    std::vector<Scheduler::PreemptionPoint> points;
    std::vector<Scheduler::Access> accesses; // with points: what events do not show
    std::vector<AnchorMiss> anchorMisses;    // anchored switches of the scenario not taken
    // Per switch line of the scenario, the event after which it switched (nullopt: not taken),
    // when the scenario's own schedule was run.
    std::vector<std::optional<std::uint32_t>> switchPoints;
    double seconds = 0;    // engine run time (wall clock)
    double cpuSeconds = 0; // the process's CPU time over the same span
};

RunResult runScenario(const Scenario& sc, const RunOptions& opts = {});

// One scenario under many schedules (explore): boots once, then puts the booted kernel back
// before each run instead of booting again. run(s) returns what runScenario(sc, opts) with
// opts.schedule = s returns, event for event.
class ScheduleRunner {
public:
    // keep = false: no kept kernel, every run boots afresh (as runScenario).
    ScheduleRunner(const Scenario& sc, const RunOptions& opts, bool keep = true);
    ~ScheduleRunner();
    ScheduleRunner(const ScheduleRunner&) = delete;
    ScheduleRunner& operator=(const ScheduleRunner&) = delete;
    RunResult run(const ds::Schedule& s);
    // False when the booted state could not be kept: then every run boots afresh.
    bool restores() const;

private:
    struct Kept;
    const Scenario& sc_;
    RunOptions opts_;
    std::unique_ptr<Kept> kept_;
};
// The engine's schedule for a scenario's `schedule` line (explore: its base, no switches).
ds::Schedule toEngineSchedule(const Schedule& s);

// The built-in scenarios (resources/scenarios/*.scn): name and the first comment line.
std::vector<std::pair<std::string, std::string>> builtinScenarios();
// Loads a built-in by name or a file by path; on failure returns nullopt and fills `errors`.
std::optional<Scenario> loadScenario(const std::string& nameOrPath, std::vector<ParseError>& errors,
                                     std::string* text = nullptr);
ParserContext defaultParserContext();

// Where explore is, for its progress callback.
struct ExploreProgress {
    int schedulesRun = 0;           // schedules run so far (not counting re-runs)
    int preemptions = 0;            // the number of preemptions of the schedules being run now
    int runs = 0;                   // engine runs so far, re-runs of shorter schedules included
    double cpuSeconds = 0;          // the process's CPU time since explore started
    const RunResult* run = nullptr; // the schedule just run (valid during the call)
};

struct ExploreOptions {
    int preemptions = 2;
    int maxSchedules = 100000;
    std::string designOverride;
    std::uint64_t maxEvents = kDefaultMaxEvents; // per run, as RunOptions::maxEvents
    // Sleep sets: skip a switch that would only reorder steps touching no common object or
    // lock with the steps of a schedule already explored. Off: plain enumeration.
    bool reduction = true;
    // Off: go on after a failing schedule, to the bound, collecting every distinct failure.
    bool stopAtFirstFailure = true;
    // Boot once and put the booted kernel back before each schedule (ScheduleRunner); off:
    // boot afresh for every schedule (the same runs, slower; for comparison).
    bool keepBootedKernel = true;
    // Called after every schedule run; returning false stops the search (interrupted).
    std::function<bool(const ExploreProgress&)> onProgress;
};
struct ExploreResult {
    int schedulesRun = 0;
    int runs = 0;           // engine runs, re-runs of shorter schedules (for their points) included
    int pruned = 0;         // switches the sleep sets skipped (each the root of a pruned subtree)
    bool exhausted = false; // the whole space within the bound was explored
    bool interrupted = false;         // onProgress asked to stop
    int preemptionsReached = 0;       // the largest number of preemptions tried
    std::string error;                // a run failed to start or reached the event limit
    bool eventLimitReached = false;   // that was the reason
    std::optional<RunResult> failing; // the first run with a BUG/WARN/KASAN report
    ds::Schedule failingSchedule;
    // Every distinct BUG/WARN/KASAN of the failing schedules run, as "bug in d_instantiate",
    // sorted (just the first schedule's unless !stopAtFirstFailure).
    std::vector<std::string> failures;
};
// Every schedule with at most opts.preemptions preemptions, fewest first (iterative context
// bounding), until one fails; with opts.reduction, one of each set of schedules that differ
// only in the order of independent steps (explore.cpp). Depth-first within each bound: memory grows
// with the number of preemptions, not with the number of schedules waiting.
ExploreResult explore(const Scenario& sc, const ExploreOptions& opts);

} // namespace ds::scenario
