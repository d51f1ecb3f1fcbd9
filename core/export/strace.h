// SPDX-License-Identifier: GPL-2.0-or-later
// strace-like text of a run: one line per syscall in execution order, the kernel's reports
// where they happened (dmesg style), then the expectation results.
#pragma once

#include "export/sink.h"
#include "trace/run.h"

#include <string>

namespace ds::exporter {

//   [A] openat(AT_FDCWD, "/sys/kernel/tracing/events/sched", O_RDONLY|O_DIRECTORY) = 3
//   [A] getdents64(3, [{d_ino=..., d_off=1, d_reclen=24, d_type=DT_DIR, d_name="."}, ...], 4096) =
//   1200 [B] getdents64(3, <unfinished ...> [  sim] kernel BUG at fs/dcache.c:2031! [B] +++ killed
//   by SIGSEGV +++ expect bug d_instantiate: ok
// Returns false when the sink failed (formatting stops there).
bool writeStrace(const Run& run, Sink& sink);
std::string formatStrace(const Run& run);

// One syscall record as its strace line, without the task prefix and newline.
std::string formatSyscall(const SyscallRecord& rec);

} // namespace ds::exporter
