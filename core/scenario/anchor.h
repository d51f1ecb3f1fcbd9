// SPDX-License-Identifier: GPL-2.0-or-later
// Anchored switch points: `switch to B after A's 2nd d_add of events/sched/sched_switch`.
//
// A `switch at N` names an event number, which means something else (or nothing) under another
// design. An anchor names what a task does instead: the return of its k-th call of a kind (or
// the moment before that call enters), the return of its k-th call of a kernel function that
// touched an object, or its k-th event of a kind on an object. The runner finds each anchor in
// the run made with the switches before it (the engine is deterministic, so the events up to
// that point are those of the final run) and reports the ones that do not occur.
#pragma once

#include "scenario/ast.h"
#include "scenario/runner.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ds::scenario {

// "after A's 2nd d_add of events/sched/sched_switch" (the words after `switch to B`).
std::string formatAnchor(const Anchor& anchor, const std::vector<std::string>& taskNames);

// The anchor's object as a scenario line spells it: "events/sched/sched_switch" below the
// tracefs root, a lock's name, or an i_rwsem's absolute path.
std::string anchorObjectText(const Anchor& anchor);

// True for the event kinds an anchor may name ("hash", "instantiate", "lock_acquire", ...):
// those that act on one object. "d_add" names the kernel function.
bool isAnchorEventKind(std::string_view what);

// Where an anchor occurs in a run: the event after which the switch is taken, or why it does not
// occur there.
struct AnchorHit {
    std::optional<std::uint32_t> seq;
    std::string why;
};
// The anchor's occurrence in `run` (a run of `sc`); it must come after event `after` when given.
AnchorHit findAnchor(const Scenario& sc, const Run& run, const Anchor& anchor,
                     std::optional<std::uint32_t> after);

// The scenario's switches as engine switches: numeric ones as written, anchored ones found one
// after the other in runs made by `runWith` (a run of `sc` under the given engine schedule).
// `base` is the schedule without its switches.
struct ResolvedSchedule {
    ds::Schedule schedule;
    std::vector<AnchorMiss> misses;
    std::vector<std::optional<std::uint32_t>> points; // per switch line: where it switches
};
ResolvedSchedule resolveSchedule(const Scenario& sc, const ds::Schedule& base,
                                 const std::function<RunResult(const ds::Schedule&)>& runWith);

// The schedule of `run` as scenario syntax, each switch anchored where an anchor names the same
// event in it (checked by findAnchor), else `switch at N`. Running the result replays `run`.
Schedule anchoredSchedule(const Scenario& sc, const RunResult& run);

// "file:line:1: warning: switch not taken under DESIGN: why".
std::string formatMiss(const std::string& file, const std::string& design, const AnchorMiss& m);

} // namespace ds::scenario
