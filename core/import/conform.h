// SPDX-License-Identifier: GPL-2.0-or-later
// Conformance: replays the syscalls of a real trace in the simulation under one design and
// compares, syscall by syscall and dentry by dentry (matched by path), what the kernel did
// with what the design predicts: the return value, the dentries created, killed and freed
// during each call (and the kill order), and each dentry's count and LRU membership when the
// call returned. Every compared fact counts; every unequal one is a difference that names the
// trace line it rests on.
#pragma once

#include "import/real_trace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ds::import {

struct ConformDiff {
    int line = 0;        // the trace line the real side of the fact rests on
    std::string syscall; // "openat /sys/kernel/tracing/events/sched"
    std::string fact;    // "count at exit of /sys/kernel/tracing/events/sched"
    std::string real;
    std::string sim;
    int call = -1; // the replayed call it belongs to (ConformResult::calls), -1: end of trace
};

// One replayed syscall, where it returned on each side: the compare view's aligned points.
struct ConformCall {
    size_t syscall = 0;                 // index into RealTrace::syscalls
    std::string label;                  // "openat /sys/kernel/tracing/events/sched"
    uint32_t realExitSeq = 0;           // the trace's exit event
    std::optional<uint32_t> simExitSeq; // the simulation's; nullopt: it did not return there
};

struct ConformResult {
    std::string design;
    std::string scenario; // the generated scenario that was run
    int replayed = 0;     // syscalls replayed
    int skipped = 0;      // traced syscalls on eventfs paths that could not be replayed
    int equal = 0;
    int total = 0;
    std::vector<ConformDiff> diffs;
    std::vector<ConformCall> calls; // in trace order
    Run sim;                        // the simulation that was compared
    std::string error;              // the simulation could not run
};

// Only syscalls on paths under /sys/kernel/tracing/events (and the fds they opened) replay.
ConformResult conform(const RealTrace& trace, const std::string& design);

// "facts equal: N/M" and each difference, one a line ("L123 openat ...: fact: real X, v6.8 Y").
std::string formatConformText(const ConformResult& r, const std::string& fileName);
std::string formatConformJsonl(const ConformResult& r, const std::string& fileName);

} // namespace ds::import
