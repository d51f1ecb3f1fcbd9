// SPDX-License-Identifier: GPL-2.0-or-later
// trace.dat, trace-cmd record's binary file, read through Debian's libtracecmd (libtracecmd-dev,
// as KernelShark reads it) into the text core/import reads: one `trace-cmd report` line per
// event ("COMM-PID [CPU] SECONDS: EVENT: FIELDS").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ds::app {

// Whether the bytes start like a trace.dat (its magic: 0x17 0x08 0x44 "tracing").
bool isTraceDat(std::string_view head);

struct TraceDatText {
    std::string text;
    long long events = 0;
    long long lost = 0; // events the ring buffer dropped, as the file records them
};

// FILE's events as text; nullopt with `err` when it cannot be read, or when this program was
// built without libtracecmd (then `err` says how to convert the file with trace-cmd report).
std::optional<TraceDatText> readTraceDat(const std::string& path, std::string& err);

} // namespace ds::app
