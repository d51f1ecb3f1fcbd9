// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel source our engine functions model: the call stack pane shows it beside our C++ line
// so that a frame reads like the oops it models. File and function always; the line only where
// the era's source fixes it (the syzbot-style report of the linux-next crash decoded its frames:
// kernel-reference.md §3.3-3.4 and §5, "Robot line").
#pragma once

#include <string>
#include <string_view>

namespace ds::explain {

struct KernelSource {
    std::string_view file;     // "fs/dcache.c"; empty when we do not model a kernel function
    int line = 0;              // 0: not fixed by a source we have for this era
    std::string_view function; // the kernel function (ours carry the same names)
};

// The frame `function` of a stack whose next inner frame is `callee` ("" for the innermost
// frame), in a run of `design`.
KernelSource kernelSource(std::string_view function, std::string_view callee,
                          std::string_view design);

// "fs/dcache.c:2031 d_instantiate", "fs/namei.c walk_component", "" when unknown.
std::string kernelSourceText(std::string_view function, std::string_view callee,
                             std::string_view design);

} // namespace ds::explain
