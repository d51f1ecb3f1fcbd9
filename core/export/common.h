// Shared by the exporters: where each syscall record sits in the event sequence, task names,
// errno descriptions. Pure C++20.
#pragma once

#include "scenario/runner.h"
#include "trace/uapi.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ds::exporter {

// One syscall as the exporters print it, placed in the event sequence.
struct PlacedSyscall {
    const SyscallRecord* rec = nullptr; // null: the syscall never returned (its task died)
    TaskId task = kNoTask;
    uint32_t enterSeq = 0;
    uint32_t exitSeq = 0; // for an unfinished call: its enter
    uint32_t seq = 0;     // where it is printed: exitSeq, or enterSeq when unfinished
    bool finished = true;
    bool hasEvents = true; // false for macros like ls (their parts are syscalls of their own)
    std::string eventName; // the SyscallEnter symbol ("openat", "eventfs_remove_dir" ...)
    int32_t fdArg = -1;    // SyscallEnter a (fd or -1)
    size_t order = 0;      // tie-break among equal seq
};

// The engine keeps SyscallRecords in completion order without sequence numbers; this matches
// them, per task and in order, with that task's SyscallEnter/SyscallExit spans in exit order.
// Records without events of their own (ls, ls -R) sit at the exit of the last syscall they made
// (their enterSeq: the enter of the first). Syscalls that
// entered and never exited (the task was killed) come back unfinished. Sorted by (seq, order).
std::vector<PlacedSyscall> placeSyscalls(const scenario::RunResult& res);

// "A" for task 0 of a run with tasks A, B; "" for kNoTask.
std::string taskName(const scenario::RunResult& res, TaskId t);

// "ENOENT" or "E<n>" when unknown.
std::string errnoLabel(int err);

// Absolute path of every dentry the run allocated, indexed by object id (empty when the id is
// not a dentry). The root is "/sys/kernel/tracing"; names come from Alloc, parents from LinkChild.
std::vector<std::string> dentryPaths(const scenario::RunResult& res);

} // namespace ds::exporter
