// Runs a parsed scenario on the engine: builds the kernel for its design and tree, one
// simulated task per scenario task, and checks the expectations.
#pragma once

#include "scenario/ast.h"
#include "sim/scheduler.h"
#include "trace/report.h"
#include "trace/run.h"

#include <optional>
#include <string>
#include <vector>

namespace ds::scenario {

using ds::ExpectationResult;

struct RunOptions {
    std::string designOverride;           // --design
    std::optional<ds::Schedule> schedule; // replaces the scenario's schedule
    bool recordPoints = false;            // for explore
    bool checkLeaks = true;               // ref_tracker-style report at the end
};

// A finished run (the Run the exporters and the GUI read, with its expectation results, error and
// impossible switches) and what else the runner found about it.
struct RunResult : Run {
    bool expectationsOk = true;
    ds::Schedule schedule; // the schedule that was used
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

struct ExploreOptions {
    int preemptions = 2;
    int maxSchedules = 100000;
    std::string designOverride;
};
struct ExploreResult {
    int schedulesRun = 0;
    bool exhausted = false;           // the whole space within the bound was explored
    std::optional<RunResult> failing; // the first run with a BUG/WARN/KASAN report
    ds::Schedule failingSchedule;
};
ExploreResult explore(const Scenario& sc, const ExploreOptions& opts);

} // namespace ds::scenario
