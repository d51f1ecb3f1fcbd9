// SPDX-License-Identifier: GPL-2.0-or-later
// A real kernel's ftrace buffer (fprobe events on the dcache and tracefs, syscall events) turned
// into a Run: the same event model the simulation writes, so that the replay, the exporters and
// the window read it like a run.
//
// - Tasks are comm-pid ("ls-180"); every event keeps its real timestamp and its trace line.
// - Objects are keyed by address; an address freed (dentry_free, tracefs_free_inode) and
//   allocated again is a new object. A dentry first seen without its __d_alloc (it existed
//   before tracing started) is born where it is first seen, marked pre-existing.
// - Counts are as observed: `dput`'s cnt is the count before the decrement. Increments cannot
//   be probed on 6.12 (lib/lockref.c is notrace), so when a probe shows a higher count than
//   the last one known, a Get with aux = kInferred stands for the dget(s) in between.
// - Probes without an event kind of their own (tracefs_d_revalidate, tracefs_d_delete,
//   eventfs_iterate, ...) become FuncEnter/FuncExit pairs named after the kernel function.
#pragma once

#include "import/ftrace_text.h"
#include "trace/run.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ds::import {

// Event::aux of a Get or Put the trace did not show but its counts imply.
inline constexpr uint8_t kInferred = 1;

struct RealDentry {
    ObjId id = 0;
    uint64_t addr = 0;
    std::string name;
    ObjId parent = 0;
    bool preexisting = false; // alive before the trace began
    int allocLine = 0;        // __d_alloc (or the first line that shows it)
    int killLine = 0;         // __dentry_kill
    int freeLine = 0;         // dentry_free; 0 while alive at the end
};

// A syscall as traced: its Run record (run.records[record]) and its path argument.
struct RealSyscall {
    size_t record = 0;
    int enterLine = 0;
    int exitLine = 0; // 0 if it had not returned when the trace ended
    std::string path; // from getname / getname_flags, "" if it has none
};

struct Marker {
    uint32_t seq = 0; // events before it
    int line = 0;
    std::string text;
};

struct RealTrace {
    Run run;
    std::vector<int64_t> timeNs; // per event
    std::vector<int> line;       // per event: the trace line it rests on
    std::vector<int32_t> stack;  // per event: index into stacks, -1 if none
    std::vector<std::vector<std::string>> stacks;
    std::vector<RealDentry> dentries; // in order of birth
    std::vector<RealSyscall> syscalls;
    std::vector<Marker> markers;
    std::vector<UnreadableLine> unreadable;
    int lines = 0;
    int64_t lost = 0;           // events the buffer lost, from its header
    int records = 0;            // event lines read
    int inferred = 0;           // Get/Put events inferred from counts
    int unpairedExits = 0;      // syscall exits whose enter came before the trace began
    int nullDentryProbes = 0;   // probe hits whose dentry argument read as 0x0
    int nullDentryResolved = 0; // of those, attached to the dentry their d_inode names
    int otherEvents = 0;        // events of no probe this importer knows (kept as calls)

    // The dentry object `id`, or nullptr.
    const RealDentry* dentry(ObjId id) const;
    // The tracefs path of a dentry ("/sys/kernel/tracing/events/sched").
    std::string path(ObjId id) const;
};

RealTrace importFtrace(std::string_view text);

} // namespace ds::import
