// SPDX-License-Identifier: GPL-2.0-or-later
// A finished run as data: its events, syscall records, reports and tasks. The exporters and the
// GUI read a Run (and the replay built from it), never the engine or the scenario runner.
#pragma once

#include "trace/event.h"
#include "trace/event_log.h"
#include "trace/report.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ds {

// Where tracefs is mounted: every path of a run is this or below it.
inline constexpr std::string_view kTracefsRoot = "/sys/kernel/tracing";

// 1-based; column counts bytes. {0,0} means "not from the file" (e.g. a defaulted design).
struct SourcePos {
    int line = 0;
    int column = 0;
    bool operator==(const SourcePos&) const = default;
};

// One expectation of the scenario checked against the run.
struct ExpectationResult {
    std::string text; // the expectation as written
    SourcePos pos;
    bool ok = false;
    std::string detail; // what was found instead
};

// One getdents64 record as user space sees it.
struct DirEntry {
    uint64_t ino = 0;
    int64_t off = 0;
    uint16_t reclen = 0;
    uint8_t type = 0;
    std::string name;
};

// Bytes the slab spends per object, x86-64: a dentry (`dentry` cache) and a filesystem inode
// (v6.5's `inode_cache`, tracefs_inode_cache from v6.6 on). They differ by era: each Design
// has its own (core/tracefs/design.h says why). The defaults are 6.18.44's, read from
// /proc/slabinfo (lean config): what an imported trace with no design is priced at.
struct ObjectSizes {
    int64_t dentry = 192;
    int64_t inode = 656;
    int64_t bytes(int64_t dentries, int64_t inodes) const {
        return dentries * dentry + inodes * inode;
    }
    bool operator==(const ObjectSizes&) const = default;
};

// What an era calls the objects its filesystem keeps per events directory (ObjKind::Eventfs),
// for the words the views and sentences use. v6.6-rc1 keeps an eventfs_file per file and
// directory below the events directory's eventfs_inode; v6.7 on, an eventfs_inode per
// directory. Only from v6.8 does a dentry's d_fsdata hold a reference on it (a kref, get_ei /
// put_ei); before, d_fsdata points at it and holds nothing. v6.5 has no eventfs: the tables of
// its events are trace-event structures, not traced. The defaults are 6.18's (an imported
// trace).
struct EventfsNames {
    bool exists = true;                       // false: no eventfs objects in the trace (v6.5)
    std::string_view entry = "eventfs_inode"; // the struct of an object below the events dir
    bool kref = true;                         // d_fsdata holds a reference on it
    // The struct of an object: the events directory's (no parent) is an eventfs_inode in every
    // era; those below it are `entry`.
    std::string_view structOf(bool belowEventsDir) const {
        return belowEventsDir ? entry : "eventfs_inode";
    }
    bool operator==(const EventfsNames&) const = default;
};

// The dcache and inode counters of /proc/sys/fs/dentry-state and inode-state.
struct DentryState {
    int64_t nrDentry = 0, nrUnused = 0, nrNegative = 0;
    int64_t nrInodes = 0, nrFreeInodes = 0;
    ObjectSizes sizes; // the era's (Vfs::setObjectSizes)
    // what the live dentries and inodes cost, at the era's object sizes
    int64_t bytes() const { return sizes.bytes(nrDentry, nrInodes); }
};

struct StatResult {
    uint64_t ino = 0;
    uint32_t mode = 0;
    int nlink = 0;
};

// What a syscall returned, beyond its return value (kept out of the event log). Only calls that
// returned have one: a call whose task died inside it is a SyscallEnter without a SyscallExit.
struct SyscallRecord {
    // Its SyscallEnter and SyscallExit events (exitSeq 0 while it has not returned). ls and ls -R
    // have no events of their own: they span the first enter and the last exit of their calls.
    uint32_t enterSeq = 0;
    uint32_t exitSeq = 0;
    TaskId task = kNoTask;
    int callIndex = -1; // index of the scenario call
    std::string name;   // "getdents64"
    std::string args;   // strace-style argument text
    int64_t ret = 0;
    std::vector<DirEntry> entries;       // getdents64
    std::optional<StatResult> stat;      // stat / fstat
    std::optional<DentryState> counters; // dentry_state
    std::vector<std::string> lines;      // ls output
    // read: the bytes returned where the file's contents are simulated (an event's `enable` and
    // `filter`); none where they are not (the call still returns its count and moves f_pos)
    std::optional<std::string> data;
};

// Everything a run produced.
struct Run {
    std::string design;
    std::string tree;
    std::vector<std::string> taskNames;
    EventLog events;         // the whole event log
    uint32_t bootEvents = 0; // events before the first task ran (mount)
    std::vector<Report> reports;
    std::deque<SyscallRecord> records; // every syscall, in execution order (ls expands)
    DentryState finalCounters;
    ObjectSizes sizes;    // the design's, what the memory counters are priced at
    EventfsNames eventfs; // the design's names for its eventfs objects
    // What the strace and JSON Lines exports print after the trace.
    std::vector<ExpectationResult> expectations;
    int impossibleSwitches = 0; // switches of the schedule that could not be taken
    std::string error;          // set when the run could not start (unknown design...)
};

} // namespace ds
