// SPDX-License-Identifier: GPL-2.0-or-later
// The calls of `task NAME: ...` lines (private to the parser): parseCall() reads one call with
// its fd binding, arguments and expected result, checking them against the call's signature.
// callKindFromName() is declared in parser.h.
#pragma once

#include "scenario/ast.h"

#include <functional>
#include <map>
#include <string>

namespace ds::scenario {

class LineReader;

// An fd name of one task: bound by `NAME = open(...)`, no longer open after close(NAME).
struct FdState {
    bool open = false;
    int boundLine = 0;
};
using FdTable = std::map<std::string, FdState, std::less<>>;

// Reads the rest of the line after "task NAME:" into call, whose task and taskIndex are set;
// fds are that task's fd names. Returns false after reporting the line's first error.
bool parseCall(LineReader& in, Call& call, FdTable& fds);

// A bare or quoted path (absolute under /sys/kernel/tracing or relative to it) into `out`,
// normalised to absolute; callName names the statement in error messages.
bool parsePathToken(LineReader& in, std::string& out, std::string_view callName);
// A quoted path ("..."), normalised as above.
bool parseQuotedPath(LineReader& in, std::string& out);
// fstatat's quoted name relative to its fd, kept as written.
bool parseRelativeName(LineReader& in, std::string& out);

} // namespace ds::scenario
