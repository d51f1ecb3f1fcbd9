// SPDX-License-Identifier: GPL-2.0-or-later
#include "replay/navigation.h"

#include <algorithm>

namespace ds {

namespace {
// Just after frame `node` returns (or its task ends, or the run does).
uint32_t endOfFrame(const Replay& r, uint32_t node) {
    const CallFrame& f = r.call(node);
    if (f.exitSeq != kNever) return f.exitSeq + 1;
    const uint32_t end = r.taskEndSeq(f.task);
    return end == kNever ? r.size() : end + 1;
}
} // namespace

uint32_t stepOver(const Replay& r, uint32_t step) {
    if (step >= r.size()) return r.size();
    const TaskId t = step ? r.event(step - 1).task : r.event(0).task;
    for (uint32_t j = step; j < r.size(); ++j) {
        const Event& e = r.event(j);
        if (e.task != t) continue;
        if (e.kind == EventKind::FuncEnter) return endOfFrame(r, r.frameAt(t, j));
        return j + 1;
    }
    return r.size();
}

uint32_t stepOut(const Replay& r, uint32_t step) {
    if (step == 0) return stepOver(r, 0);
    const TaskId t = r.event(step - 1).task;
    const uint32_t node = r.frameAfter(t, step - 1);
    if (!node) return stepOver(r, step);
    return endOfFrame(r, node);
}

uint32_t nextSyscall(const Replay& r, uint32_t step) {
    return runUntil(r, step, [](const Event& e) { return e.kind == EventKind::SyscallEnter; });
}

uint32_t prevSyscall(const Replay& r, uint32_t step) {
    for (uint32_t j = step >= 2 ? step - 2 : 0; step >= 2; --j) {
        if (r.event(j).kind == EventKind::SyscallEnter) return j + 1;
        if (j == 0) break;
    }
    return 0;
}

uint32_t nextReport(const Replay& r, uint32_t step) {
    const std::vector<uint32_t>& seqs = r.reportSeqs();
    auto it = std::lower_bound(seqs.begin(), seqs.end(), step);
    return it == seqs.end() ? r.size() : *it + 1;
}

uint32_t prevReport(const Replay& r, uint32_t step) {
    if (step < 2) return 0;
    const std::vector<uint32_t>& seqs = r.reportSeqs();
    auto it = std::lower_bound(seqs.begin(), seqs.end(), step - 1);
    return it == seqs.begin() ? 0 : *std::prev(it) + 1;
}

uint32_t nextEventOf(const Replay& r, ObjId id, uint32_t step) {
    const auto evs = r.eventsOf(id);
    auto it = std::lower_bound(evs.begin(), evs.end(), step);
    return it == evs.end() ? step : *it + 1;
}

uint32_t prevEventOf(const Replay& r, ObjId id, uint32_t step) {
    if (step < 2) return step;
    const auto evs = r.eventsOf(id);
    auto it = std::lower_bound(evs.begin(), evs.end(), step - 1);
    return it == evs.begin() ? step : *std::prev(it) + 1;
}

} // namespace ds
