// SPDX-License-Identifier: GPL-2.0-or-later
// Reading the text of an ftrace buffer: the `trace` file of tracefs and `trace-cmd report`'s
// output. One record per event line, its `=> func` stack lines (a <stack trace> event after
// it) attached to it. This layer knows nothing of dentries: real_trace.h gives the records
// their meaning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ds::import {

// One event line of the buffer.
struct TraceRecord {
    int line = 0;     // 1-based line number in the file
    std::string comm; // task name as ftrace printed it ("ls")
    int pid = 0;
    int cpu = 0;
    int64_t ns = 0;    // the timestamp, in nanoseconds
    std::string event; // "dput", "tracing_mark_write"; syscalls: "openat"
    enum class Kind : uint8_t { Probe, SyscallEnter, SyscallExit, Other } kind = Kind::Other;
    std::string site; // the probe's "(dput+0x4/0x1c0)" text, without the parentheses
    // key=value of a probe event (strings unquoted), "key: value" of a syscall enter.
    std::vector<std::pair<std::string, std::string>> fields;
    std::string text;               // everything after "event: " (markers, unknown events)
    int64_t ret = 0;                // SyscallExit: the return value
    std::vector<std::string> stack; // `=> func` lines, innermost first, probe machinery removed

    const std::string* field(std::string_view key) const;
    // A field read as a number (hex with or without 0x for `hex`); nullopt if absent or bad.
    std::optional<int64_t> number(std::string_view key, bool hex = false) const;
};

struct UnreadableLine {
    int line = 0;
    std::string why;
};

struct ParsedTrace {
    std::vector<TraceRecord> records;
    std::vector<UnreadableLine> unreadable;
    int lines = 0;    // lines in the file
    int64_t lost = 0; // events the buffer reported lost ("entries-in-buffer/entries-written")
};

ParsedTrace parseFtraceText(std::string_view text);

} // namespace ds::import
