// SPDX-License-Identifier: GPL-2.0-or-later
// Interned strings and engine source locations, shared by every run in the process.
#pragma once

#include "trace/event.h"

#include <source_location>
#include <string>
#include <string_view>

namespace ds {

// Interns a string; ids are stable for the life of the process. Thread-safe.
SymId intern(std::string_view s);
std::string_view symbol(SymId id);

struct SourceLoc {
    std::string file; // relative to the repository root, e.g. "core/vfs/dcache.cpp"
    unsigned line = 0;
    std::string function;
};

SrcId internSource(const std::source_location& loc);
// A compiler's file name as a path relative to the repository ("core/vfs/dcache.cpp").
std::string relativeToRepo(std::string_view file);
const SourceLoc& sourceLoc(SrcId id);

} // namespace ds

// The engine source line of the caller, interned once per call site.
#define DS_HERE                                                                                    \
    ([]() {                                                                                        \
        static const ::ds::SrcId ds_src_ = ::ds::internSource(std::source_location::current());    \
        return ds_src_;                                                                            \
    }())
// A string literal interned once per call site.
#define DS_SYM(lit)                                                                                \
    ([]() {                                                                                        \
        static const ::ds::SymId ds_sym_ = ::ds::intern(lit);                                      \
        return ds_sym_;                                                                            \
    }())
