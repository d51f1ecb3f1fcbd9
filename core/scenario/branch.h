// SPDX-License-Identifier: GPL-2.0-or-later
// Branching a run: where tasks compete, the user picks which task runs next, and the run is
// replayed from the same scenario under the schedule that makes that choice. The engine is
// deterministic, so the branched run has exactly the same events up to the branch step.
//
// A step k "has a choice" when the event just folded (seq k-1) is a preemption point of the
// scheduler (see Scheduler::isPreemptionKind) and another task was runnable there; the run must
// have been made with RunOptions::recordPoints.
#pragma once

#include "scenario/runner.h"

#include <optional>
#include <string>

namespace ds::scenario {

struct Choice {
    uint32_t step = 0;     // the next event is events[step]
    int current = -1;      // the task that emitted the event just folded
    uint32_t runnable = 0; // tasks that may run the next event (current included), bit per task
    bool canRun(int task) const { return task >= 0 && task < 32 && (runnable >> task & 1u); }
};

// The choice at step `step` of `run`, or nullopt where only one task can go on.
std::optional<Choice> choiceAt(const RunResult& run, uint32_t step);
// The step of the first / last choice after / before `step`, or nullopt.
std::optional<uint32_t> nextChoice(const RunResult& run, uint32_t step);
std::optional<uint32_t> prevChoice(const RunResult& run, uint32_t step);

// `schedule` up to the choice (switches after earlier events kept, later ones dropped), then
// `task` runs the event at `choice.step`.
ds::Schedule branchSchedule(const ds::Schedule& schedule, const Choice& choice, int task);

// The engine schedule as scenario syntax (the inverse of what the runner does with a parsed one).
Schedule toScenarioSchedule(const ds::Schedule& schedule);
// The scenario source with its `schedule` and `switch` lines (and, with `designOverride`, its
// `design` line) replaced by the given ones, after a `# comment` line when `comment` is set, so
// that running the result replays `schedule` exactly.
std::string scenarioWithSchedule(const std::string& source,
                                 const std::vector<std::string>& taskNames,
                                 const ds::Schedule& schedule,
                                 const std::string& designOverride = {},
                                 const std::string& comment = {});

} // namespace ds::scenario
