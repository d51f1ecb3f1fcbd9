// SPDX-License-Identifier: GPL-2.0-or-later
// Chrome trace JSON (Trace Event Format) of a run, for Perfetto and chrome://tracing.
//
// {"displayTimeUnit":"ns","traceEvents":[...]} with displayTimeUnit first (Perfetto only looks
// for it at the start of the file); ts = event sequence number in microseconds.
//   pid 1 "tasks":  one tid per task (tid = task index + 1) and one for boot work; B/E spans for
//                   syscalls (cat "syscall") and kernel functions (cat "function"), nested per
//                   task and always balanced (a killed task's frames end where it died);
//                   instants for lock waits, task exit and reports.
//   pid 2 "dcache": one tid per dentry (allocation order), named by its path; an X event for its
//                   lifetime (alloc -> free, or to the end of the run); instants for its state
//                   changes and references; C counters "refcount <path>" (d_lockref.count),
//                   "live dentries" and "live inodes".
#pragma once

#include "trace/run.h"

#include <ostream>
#include <string>

namespace ds::exporter {

void writeChromeTrace(const Run& run, std::ostream& out);
std::string formatChromeTrace(const Run& run);

} // namespace ds::exporter
