// SPDX-License-Identifier: GPL-2.0-or-later
// What the checker reports: oopses (BUG_ON), WARNs, KASAN-style use-after-free, leaks, hangs.
#pragma once

#include "trace/event.h"

#include <string>
#include <vector>

namespace ds {

struct Report {
    enum class Kind { Bug, Warn, Kasan, Leak, Hang };
    Kind kind = Kind::Bug;
    std::string function;           // the function that faulted (e.g. "d_instantiate")
    std::string headline;           // first line, e.g. "kernel BUG at fs/dcache.c:2031!"
    std::string text;               // the whole report, kernel style
    std::vector<std::string> stack; // function names, innermost first
    uint32_t seq = 0;               // event at which it was raised
    TaskId task = kNoTask;
    ObjId obj = 0;
};

std::string_view reportKindName(Report::Kind k); // "bug", "warn", "kasan", "leak", "hang"

} // namespace ds
