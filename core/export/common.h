// SPDX-License-Identifier: GPL-2.0-or-later
// Shared by the exporters: the syscalls in event order, task names, errno, d_type and source
// text. Pure C++20; reads a finished Run (trace/run.h), never the engine or the runner.
#pragma once

#include "trace/run.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ds::exporter {

// One syscall where the exports print it: a record at its exit (ls, ls -R: the exit of the last
// call they made, just after that call's own record), or a call whose task died inside it at its
// SyscallEnter.
struct SyscallAt {
    uint32_t seq = 0;
    const SyscallRecord* rec = nullptr; // null: the call never returned
    const Event* enter = nullptr;       // the unfinished call's SyscallEnter
};

// Every record, then every call that never returned, stably sorted by seq.
std::vector<SyscallAt> syscallsInOrder(const Run& run);

// "A" for task 0 of a run with tasks A, B; "" for kNoTask.
std::string taskName(const Run& run, TaskId t);

// "ENOENT", or "E<n>" when unknown.
std::string errnoLabel(int err);

// "DT_DIR", or the number when unknown.
std::string dtypeLabel(uint8_t type);

// "core/vfs/dcache.cpp:123", "" for no source.
std::string srcText(SrcId src);

// srcText of each source location, formatted once per export rather than once per event.
class SourceTexts {
public:
    std::string_view operator()(SrcId src);

private:
    std::vector<std::string> texts_; // by SrcId; empty: not formatted yet
};

} // namespace ds::exporter
