// SPDX-License-Identifier: GPL-2.0-or-later
// Collecting parse errors (Diagnostics) and rendering one with its source line and a caret
// (ParseError::format).
#include "scenario/diagnostics.h"

#include "scenario/lexer.h"

#include <algorithm>

namespace ds::scenario {

void Diagnostics::add(int line, int column, std::string message, std::string_view lineText) {
    if (full()) return;
    ParseError e;
    e.file = fileName_;
    e.line = line;
    e.column = column;
    e.message = std::move(message);
    e.lineText = std::string(truncateUtf8(lineText, kMaxLineBytes));
    errors_.push_back(std::move(e));
}

std::vector<ParseError> Diagnostics::take(bool stoppedEarly) {
    std::stable_sort(errors_.begin(), errors_.end(), [](const ParseError& a, const ParseError& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    if (stoppedEarly) {
        ParseError e = errors_.back();
        e.message = "too many errors (stopped after " + std::to_string(kMaxErrors) + ")";
        errors_.push_back(std::move(e));
    }
    return std::move(errors_);
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

namespace {

// One character of a line as shown under "error:": the bytes it starts at and what is printed.
struct DisplayUnit {
    std::size_t offset;
    std::string_view shown;
};

// Splits a line into display units so that the caret lines up with multi-byte UTF-8 and tabs;
// control characters, invalid bytes and byte order marks (zero width) are shown as '?'.
std::vector<DisplayUnit> displayUnits(std::string_view t) {
    std::vector<DisplayUnit> units;
    for (std::size_t i = 0; i < t.size();) {
        const auto c = static_cast<unsigned char>(t[i]);
        const std::size_t len = c < 0x80 ? 1 : utf8SequenceLength(t, i);
        if (c == '\t')
            units.push_back({i, "\t"});
        else if ((c < 0x20 || c == 0x7f) || len == 0 || t.substr(i).starts_with(kByteOrderMark))
            units.push_back({i, "?"});
        else
            units.push_back({i, t.substr(i, len)});
        i += len == 0 ? 1 : len;
    }
    return units;
}

} // namespace

std::string ParseError::format() const {
    std::string out = (file.empty() ? std::string("<input>") : file) + ":" + std::to_string(line) +
                      ":" + std::to_string(column) + ": error: " + message;
    if (line <= 0) return out;

    const std::vector<DisplayUnit> units = displayUnits(lineText);
    const auto caretOffset = static_cast<std::size_t>(std::max(column, 1) - 1);
    std::size_t caret = 0;
    while (caret < units.size() && units[caret].offset < caretOffset)
        ++caret;

    // Long lines: a window of kWidth characters, moved so that the caret stays visible.
    constexpr std::size_t kWidth = 120;
    std::size_t begin = 0, end = units.size();
    if (units.size() > kWidth) {
        if (caret >= kWidth - 20) begin = std::min(caret - kWidth / 2, units.size() - kWidth / 2);
        end = std::min(units.size(), begin + kWidth);
    }
    std::string shown = begin > 0 ? "..." : "";
    std::string pad = begin > 0 ? "   " : "";
    for (std::size_t i = begin; i < end; ++i) {
        shown += units[i].shown;
        if (i < caret) pad += units[i].shown == "\t" ? '\t' : ' ';
    }
    if (end < units.size()) shown += "...";
    out += "\n    " + shown + "\n    " + pad + "^";
    return out;
}

} // namespace ds::scenario
