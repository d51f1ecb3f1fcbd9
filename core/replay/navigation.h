// SPDX-License-Identifier: GPL-2.0-or-later
// Moving through a run: each function returns the step to go to (see replay.h for what a step
// is). The stepping keys of the window and the headless --at-bug use these.
#pragma once

#include "replay/replay.h"

namespace ds {

// The task that emitted the event just folded at `step` (event step-1), kNoTask at 0.
inline TaskId taskAt(const Replay& r, uint32_t step) {
    return step ? r.event(step - 1).task : kNoTask;
}
uint32_t stepOver(const Replay& r, uint32_t step); // next event of the same task, skipping callees
uint32_t stepOut(const Replay& r, uint32_t step);  // just after the current function returns
uint32_t nextSyscall(const Replay& r, uint32_t step); // just after the next SyscallEnter
uint32_t prevSyscall(const Replay& r, uint32_t step);
uint32_t nextReport(const Replay& r, uint32_t step); // just after the next Report (BUG/WARN/...)
uint32_t prevReport(const Replay& r, uint32_t step);
uint32_t nextEventOf(const Replay& r, ObjId id, uint32_t step);
uint32_t prevEventOf(const Replay& r, ObjId id, uint32_t step);
// Just after the first event (from `step` on) that satisfies `pred`, or r.size().
template <typename P> uint32_t runUntil(const Replay& r, uint32_t step, P&& pred) {
    for (uint32_t j = step; j < r.size(); ++j)
        if (pred(r.event(j))) return j + 1;
    return r.size();
}

} // namespace ds
