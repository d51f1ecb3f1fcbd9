// SPDX-License-Identifier: GPL-2.0-or-later
#include "import/ftrace_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace ds::import {

const std::string* TraceRecord::field(std::string_view key) const {
    for (const auto& [k, v] : fields)
        if (k == key) return &v;
    return nullptr;
}

std::optional<int64_t> TraceRecord::number(std::string_view key, bool hex) const {
    const std::string* v = field(key);
    if (!v) return std::nullopt;
    std::string_view s = *v;
    bool neg = false;
    if (!s.empty() && s[0] == '-') {
        neg = true;
        s.remove_prefix(1);
    }
    if (s.starts_with("0x")) {
        hex = true;
        s.remove_prefix(2);
    }
    uint64_t u = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), u, hex ? 16 : 10);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
    const auto n = static_cast<int64_t>(u);
    return neg ? -n : n;
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool isIdent(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

// Frames of the tracer itself, above the probed function, in fprobe's stack traces.
bool isProbeMachinery(std::string_view f) {
    static constexpr std::array<std::string_view, 9> kFrames = {"fentry_trace_func",
                                                                "fentry_dispatcher",
                                                                "fprobe_handler",
                                                                "fexit_trace_func",
                                                                "fexit_dispatcher",
                                                                "fprobe_exit_handler",
                                                                "rethook_trampoline_handler",
                                                                "arch_rethook_trampoline_callback",
                                                                "arch_rethook_trampoline"};
    for (std::string_view k : kFrames)
        if (f == k) return true;
    return f.starts_with("0x"); // the ftrace trampoline has no symbol
}

// "7.901059" -> nanoseconds.
std::optional<int64_t> parseTimestamp(std::string_view s) {
    const size_t dot = s.find('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    uint64_t sec = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + dot, sec);
    if (ec != std::errc{} || p != s.data() + dot) return std::nullopt;
    std::string_view frac = s.substr(dot + 1);
    if (frac.empty() || frac.size() > 9) return std::nullopt;
    uint64_t f = 0;
    auto [q, ec2] = std::from_chars(frac.data(), frac.data() + frac.size(), f);
    if (ec2 != std::errc{} || q != frac.data() + frac.size()) return std::nullopt;
    for (size_t i = frac.size(); i < 9; ++i)
        f *= 10;
    return static_cast<int64_t>(sec * 1000000000ull + f);
}

// A probe's "(site) k=v k="v w" k=(fault)". Returns false when a token is not key=value.
bool parseProbeBody(std::string_view body, TraceRecord& r, std::string& why) {
    body = trim(body);
    if (body.starts_with('(')) {
        const size_t close = body.find(") ");
        const size_t end = close == std::string_view::npos ? body.size() - 1 : close;
        if (body.back() != ')' && close == std::string_view::npos) {
            why = "unterminated probe site '(...)'";
            return false;
        }
        r.site = std::string(body.substr(1, end - 1));
        body = end + 1 < body.size() ? trim(body.substr(end + 1)) : std::string_view();
    }
    while (!body.empty()) {
        const size_t eq = body.find('=');
        if (eq == std::string_view::npos || !isIdent(body.substr(0, eq))) {
            why = "expected key=value, found '" + std::string(body.substr(0, 40)) + "'";
            return false;
        }
        std::string key(body.substr(0, eq));
        body.remove_prefix(eq + 1);
        std::string value;
        if (body.starts_with('"')) {
            const size_t q = body.find('"', 1);
            if (q == std::string_view::npos) {
                why = "unterminated string in field '" + key + "'";
                return false;
            }
            value = std::string(body.substr(1, q - 1));
            body.remove_prefix(q + 1);
        } else {
            const size_t sp = body.find(' ');
            value = std::string(body.substr(0, sp));
            body.remove_prefix(sp == std::string_view::npos ? body.size() : sp);
        }
        r.fields.emplace_back(std::move(key), std::move(value));
        body = trim(body);
    }
    return true;
}

// "dfd: ffffff9c, filename: 36dc59e8" (the trace file) or "dfd: 0xffffff9c, ..." (trace-cmd).
void parseSyscallArgs(std::string_view args, TraceRecord& r) {
    while (!args.empty()) {
        const size_t comma = args.find(", ");
        std::string_view item = args.substr(0, comma);
        const size_t colon = item.find(": ");
        if (colon != std::string_view::npos)
            r.fields.emplace_back(std::string(trim(item.substr(0, colon))),
                                  std::string(trim(item.substr(colon + 2))));
        args.remove_prefix(comma == std::string_view::npos ? args.size() : comma + 2);
    }
}

bool parseReturn(std::string_view s, int64_t& out) {
    s = trim(s);
    bool hex = false;
    if (s.starts_with("0x")) {
        hex = true;
        s.remove_prefix(2);
    }
    uint64_t u = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), u, hex ? 16 : 10);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return false;
    out = static_cast<int64_t>(u);
    return true;
}

// The event part of a line: "name: body", "sys_x(args)", "sys_x -> ret" or trace-cmd's
// "sys_enter_x: args" / "sys_exit_x: ret".
bool parseEvent(std::string_view rest, TraceRecord& r, std::string& why) {
    if (rest == "<stack trace>") {
        r.event = std::string(rest);
        return true;
    }
    const size_t paren = rest.find('(');
    const size_t colon = rest.find(": ");
    const size_t arrow = rest.find(" -> ");
    if (paren != std::string_view::npos && (colon == std::string_view::npos || paren < colon) &&
        rest.starts_with("sys_") && isIdent(rest.substr(0, paren)) && rest.back() == ')') {
        r.kind = TraceRecord::Kind::SyscallEnter;
        r.event = std::string(rest.substr(4, paren - 4));
        parseSyscallArgs(rest.substr(paren + 1, rest.size() - paren - 2), r);
        return true;
    }
    if (arrow != std::string_view::npos && rest.starts_with("sys_") &&
        isIdent(rest.substr(0, arrow))) {
        r.kind = TraceRecord::Kind::SyscallExit;
        r.event = std::string(rest.substr(4, arrow - 4));
        if (parseReturn(rest.substr(arrow + 4), r.ret)) return true;
        why = "bad syscall return value";
        return false;
    }
    if (colon == std::string_view::npos) {
        if (rest.ends_with(':') && isIdent(rest.substr(0, rest.size() - 1))) {
            r.event = std::string(rest.substr(0, rest.size() - 1));
            return true;
        }
        why = "expected 'event: ...' after the timestamp";
        return false;
    }
    const std::string_view name = rest.substr(0, colon);
    const std::string_view body = rest.substr(colon + 2);
    if (!isIdent(name) && name != "<stack trace>") {
        why = "bad event name '" + std::string(name.substr(0, 40)) + "'";
        return false;
    }
    r.event = std::string(name);
    r.text = std::string(trim(body));
    if (name.starts_with("sys_enter_")) {
        r.kind = TraceRecord::Kind::SyscallEnter;
        r.event = std::string(name.substr(10));
        parseSyscallArgs(trim(body), r);
        return true;
    }
    if (name.starts_with("sys_exit_")) {
        r.kind = TraceRecord::Kind::SyscallExit;
        r.event = std::string(name.substr(9));
        if (parseReturn(body, r.ret)) return true;
        why = "bad syscall return value";
        return false;
    }
    const std::string_view b = trim(body);
    if (b.starts_with('(') || (b.find('=') != std::string_view::npos && b.find('=') < 24 &&
                               isIdent(b.substr(0, b.find('='))))) {
        r.kind = TraceRecord::Kind::Probe;
        return parseProbeBody(b, r, why);
    }
    r.kind = TraceRecord::Kind::Other;
    return true;
}

// "           ls-180     [000] ...1.     7.901059: rest" (also without the flags column).
bool parseLine(std::string_view line, TraceRecord& r, std::string& why) {
    size_t open = std::string_view::npos;
    for (size_t i = line.find(" ["); i != std::string_view::npos; i = line.find(" [", i + 1)) {
        const size_t close = line.find(']', i);
        if (close != std::string_view::npos && close > i + 2) {
            const std::string_view cpu = line.substr(i + 2, close - i - 2);
            if (std::all_of(cpu.begin(), cpu.end(),
                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
                open = i;
                break;
            }
        }
    }
    if (open == std::string_view::npos) {
        why = "expected 'TASK-PID [CPU]' at the start";
        return false;
    }
    const std::string_view task = trim(line.substr(0, open));
    const size_t dash = task.rfind('-');
    if (dash == std::string_view::npos || dash == 0) {
        why = "expected TASK-PID before the CPU";
        return false;
    }
    r.comm = std::string(task.substr(0, dash));
    const std::string_view pid = task.substr(dash + 1);
    if (std::from_chars(pid.data(), pid.data() + pid.size(), r.pid).ptr !=
        pid.data() + pid.size()) {
        why = "bad PID '" + std::string(pid) + "'";
        return false;
    }
    const size_t close = line.find(']', open);
    std::from_chars(line.data() + open + 2, line.data() + close, r.cpu);
    std::string_view rest = trim(line.substr(close + 1));
    const size_t tsEnd = rest.find(": ");
    if (tsEnd == std::string_view::npos) {
        why = "expected 'TIMESTAMP: ' after the CPU";
        return false;
    }
    std::string_view head = rest.substr(0, tsEnd); // "[flags] timestamp"
    const size_t sp = head.rfind(' ');
    const std::string_view ts = sp == std::string_view::npos ? head : head.substr(sp + 1);
    const auto ns = parseTimestamp(ts);
    if (!ns) {
        why = "bad timestamp '" + std::string(ts) + "'";
        return false;
    }
    r.ns = *ns;
    return parseEvent(trim(rest.substr(tsEnd + 2)), r, why);
}

void readHeader(std::string_view line, ParsedTrace& out) {
    // "# entries-in-buffer/entries-written: 396/396   #P:1"
    const size_t at = line.find("entries-written:");
    if (at == std::string_view::npos) return;
    std::string_view nums = trim(line.substr(at + 16));
    int64_t inBuf = 0, written = 0;
    const auto [p, ec] = std::from_chars(nums.data(), nums.data() + nums.size(), inBuf);
    if (ec != std::errc{} || p == nums.data() + nums.size() || *p != '/') return;
    std::from_chars(p + 1, nums.data() + nums.size(), written);
    if (written > inBuf) out.lost += written - inBuf;
}

} // namespace

ParsedTrace parseFtraceText(std::string_view text) {
    ParsedTrace out;
    int lineNo = 0;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++lineNo;
        if (line.ends_with('\r')) line.remove_suffix(1);
        const std::string_view t = trim(line);
        if (t.empty()) continue;
        if (t.starts_with('#')) {
            readHeader(t, out);
            continue;
        }
        if (t.starts_with("cpus=") || t.starts_with("version =") ||
            (t.starts_with("CPU ") && t.ends_with(" is empty")))
            continue; // trace-cmd report's header
        if (t.starts_with("=> ")) {
            if (out.records.empty()) {
                out.unreadable.push_back({lineNo, "stack line with no event before it"});
                continue;
            }
            const std::string_view f = trim(t.substr(3));
            auto& stack = out.records.back().stack;
            if (!(stack.empty() && isProbeMachinery(f))) stack.emplace_back(f);
            continue;
        }
        TraceRecord r;
        r.line = lineNo;
        std::string why;
        if (!parseLine(line, r, why)) {
            out.unreadable.push_back({lineNo, why});
            continue;
        }
        if (r.event == "<stack trace>" || r.event == "kernel_stack") {
            if (out.records.empty())
                out.unreadable.push_back({lineNo, "stack trace with no event before it"});
            continue; // its => lines go to the record before it
        }
        out.records.push_back(std::move(r));
    }
    out.lines = lineNo;
    return out;
}

} // namespace ds::import
