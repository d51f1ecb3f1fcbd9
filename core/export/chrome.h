// SPDX-License-Identifier: GPL-2.0-or-later
// Chrome trace JSON (Trace Event Format) of a run, for Perfetto, chrome://tracing and the
// DevTools performance panel, streamed through a Sink.
//
// {"traceEvents":[...]}; ts and dur are microseconds throughout: one event of the run is one
// microsecond (ts = its sequence number). Every event has a cat.
//   pid 1 "tasks":  one tid per task (tid = task index + 1) and one for boot work; complete (X)
//                   events for syscalls (cat "syscall") and kernel functions (cat "function"),
//                   nested as the task's call stack (a killed task's frames end where it died);
//                   instants for lock waits (cat "lock"), task exit (cat "task"), getdents64
//                   slots (cat "getdents") and reports (cat "report").
//   pid 2 "dcache": one tid per dentry (allocation order), named by its path; an X event for its
//                   lifetime (alloc -> free, or to the end of the run, cat "dentry"); instants for
//                   its state changes and references; counters "<path>" with the series
//                   "d_lockref.count", and "dcache" with "dentries" and "inodes" (live objects):
//                   Perfetto names them "<path> d_lockref.count", "dcache dentries".
//   flows (s/f, cat "dentry"): from a dget to its dput (the latest unmatched get of the same
//                   task, else of any), and from the d_instantiate by one task to a report by
//                   another on the same dentry; each end has an instant of cat "dentry" on its
//                   task's lane, inside the function running there, for the flow to bind to.
#pragma once

#include "export/sink.h"
#include "trace/run.h"

#include <ostream>
#include <string>

namespace ds::exporter {

// Returns false when the sink failed (formatting stops there).
bool writeChromeTrace(const Run& run, Sink& sink);
void writeChromeTrace(const Run& run, std::ostream& out);
std::string formatChromeTrace(const Run& run);

} // namespace ds::exporter
