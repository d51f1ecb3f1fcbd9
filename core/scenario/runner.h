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

// A finished run (the Run the exporters and the GUI read, with its expectation results, error and
// impossible switches) and what else the runner found about it.
struct RunResult : Run {
    bool expectationsOk = true;
    bool eventLimitReached = false; // then `error` says so and the run has no events
    ds::Schedule schedule;          // the schedule that was used
    std::vector<Scheduler::PreemptionPoint> points;
    double seconds = 0;    // engine run time (wall clock)
    double cpuSeconds = 0; // the process's CPU time over the same span
};

RunResult runScenario(const Scenario& sc, const RunOptions& opts = {});

// The built-in scenarios (resources/scenarios/*.scn): name and the first comment line.
std::vector<std::pair<std::string, std::string>> builtinScenarios();
// Loads a built-in by name or a file by path; on failure returns nullopt and fills `errors`.
std::optional<Scenario> loadScenario(const std::string& nameOrPath, std::vector<ParseError>& errors,
                                     std::string* text = nullptr);
ParserContext defaultParserContext();

// Where explore is, for its progress callback.
struct ExploreProgress {
    int schedulesRun = 0; // schedules run so far (not counting re-runs)
    int preemptions = 0;  // the number of preemptions of the schedules being run now
};

struct ExploreOptions {
    int preemptions = 2;
    int maxSchedules = 100000;
    std::string designOverride;
    std::uint64_t maxEvents = kDefaultMaxEvents; // per run, as RunOptions::maxEvents
    // Called after every schedule run; returning false stops the search (interrupted).
    std::function<bool(const ExploreProgress&)> onProgress;
};
struct ExploreResult {
    int schedulesRun = 0;
    bool exhausted = false;           // the whole space within the bound was explored
    bool interrupted = false;         // onProgress asked to stop
    int preemptionsReached = 0;       // the largest number of preemptions tried
    std::string error;                // a run failed to start or reached the event limit
    bool eventLimitReached = false;   // that was the reason
    std::optional<RunResult> failing; // the first run with a BUG/WARN/KASAN report
    ds::Schedule failingSchedule;
};
// Every schedule with at most opts.preemptions preemptions, fewest first (iterative context
// bounding), until one fails. Depth-first within each bound: memory grows with the number of
// preemptions, not with the number of schedules waiting.
ExploreResult explore(const Scenario& sc, const ExploreOptions& opts);

} // namespace ds::scenario
