// SPDX-License-Identifier: GPL-2.0-or-later
// The paths of scenario calls: absolute under /sys/kernel/tracing (or relative to it),
// normalised; and fstatat's name relative to its fd.
#include "scenario/calls.h"

#include "scenario/lexer.h"
#include "scenario/parser.h"

#include <optional>
#include <string>
#include <vector>

namespace ds::scenario {

// ---- paths ----

// Absolute under /sys/kernel/tracing or relative to it; "." and empty components dropped, ".."
// refused. tokenAt is where the path token starts, contentAt where the path itself does (after
// the quote of a quoted path).
namespace {
std::optional<std::string> normalisePath(LineReader& in, std::string_view path, std::size_t tokenAt,
                                         std::size_t contentAt) {
    if (path.empty()) {
        in.error(tokenAt, "empty path");
        return std::nullopt;
    }
    std::vector<std::string_view> comps;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t e = path.find('/', i);
        if (e == std::string_view::npos) e = path.size();
        const std::string_view c = path.substr(i, e - i);
        if (c == "..") {
            in.error(contentAt + i, "path contains '..': '" + std::string(path) + "'");
            return std::nullopt;
        }
        if (!c.empty() && c != ".") comps.push_back(c);
        i = e + 1;
    }
    if (path.front() == '/') {
        static constexpr std::string_view kRootComps[] = {"sys", "kernel", "tracing"};
        bool inside = comps.size() >= 3;
        for (std::size_t k = 0; inside && k < 3; ++k)
            inside = comps[k] == kRootComps[k];
        if (!inside) {
            in.error(tokenAt,
                     "path outside " + std::string(kTracefsRoot) + ": '" + std::string(path) + "'");
            return std::nullopt;
        }
        comps.erase(comps.begin(), comps.begin() + 3);
    }
    std::string out(kTracefsRoot);
    for (auto c : comps) {
        out += '/';
        out += c;
    }
    return out;
}

} // namespace

bool parseQuotedPath(LineReader& in, std::string& out) {
    const std::size_t at = in.pos();
    if (in.peek() != '"') {
        in.error(at, "expected a quoted path like \"/sys/kernel/tracing/events\", got " +
                         in.describeAt(at));
        return false;
    }
    const std::size_t close = in.statement().find('"', at + 1);
    if (close == std::string_view::npos) {
        in.error(at, "unterminated string");
        return false;
    }
    in.seek(close + 1);
    auto norm = normalisePath(in, in.statement().substr(at + 1, close - at - 1), at, at + 1);
    if (!norm) return false;
    out = std::move(*norm);
    return true;
}

// fstatat's name: quoted, relative to its directory fd ("sched_switch/enable"), kept as written.
bool parseRelativeName(LineReader& in, std::string& out) {
    const std::size_t at = in.pos();
    if (in.peek() != '"') {
        in.error(at, "expected a quoted name like \"sched_switch\", got " + in.describeAt(at));
        return false;
    }
    const std::size_t close = in.statement().find('"', at + 1);
    if (close == std::string_view::npos) {
        in.error(at, "unterminated string");
        return false;
    }
    const std::string_view name = in.statement().substr(at + 1, close - at - 1);
    if (name.empty() || name.front() == '/' || name.back() == '/' ||
        name.find("//") != std::string_view::npos) {
        in.error(at + 1, "expected a name relative to the fd, like \"sched_switch/enable\" (no "
                         "leading or trailing '/', not empty)");
        return false;
    }
    in.seek(close + 1);
    out = std::string(name);
    return true;
}

// The operand of ls, remove and add: a bare or quoted path, no parentheses.
bool parsePathToken(LineReader& in, std::string& out, std::string_view callName) {
    if (in.atEnd()) {
        in.error(in.pos(), "expected a path after '" + std::string(callName) + "'");
        return false;
    }
    if (in.peek() == '"') return parseQuotedPath(in, out);
    if (in.peek() == '(') {
        in.error(in.pos(), "'" + std::string(callName) +
                               "' takes a path without parentheses, e.g. '" +
                               std::string(callName) + " /sys/kernel/tracing/events'");
        return false;
    }
    const std::size_t at = in.pos();
    const std::string_view path = in.readWord();
    auto norm = normalisePath(in, path, at, at);
    if (!norm) return false;
    out = std::move(*norm);
    return true;
}

} // namespace ds::scenario
