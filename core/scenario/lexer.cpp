// SPDX-License-Identifier: GPL-2.0-or-later
// The scenario language's tokens: character and UTF-8 checks, lines and comments, and the
// LineReader that the grammar and the calls read statements with (see lexer.h).
#include "scenario/lexer.h"

#include "scenario/diagnostics.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace ds::scenario {

bool isIdentifier(std::string_view s) {
    if (s.empty() || !(isAlpha(s[0]) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), isIdentChar);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// ---- UTF-8 ----

std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0; // overlong
        if (b0 == 0xED) hi = 0x9F; // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90; // overlong
        if (b0 == 0xF4) hi = 0x8F; // > U+10FFFF
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < 0x80 || b > 0xBF) return 0;
    }
    return len;
}

std::size_t findBinary(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c < 0x20 && !isSpace(static_cast<char>(c))) return i;
            ++i;
            continue;
        }
        const std::size_t len = utf8SequenceLength(s, i);
        if (len == 0) return i;
        i += len;
    }
    return std::string_view::npos;
}

std::string_view truncateUtf8(std::string_view s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return s.substr(0, n);
}

// ---- lines and comments ----

std::string_view stripByteOrderMark(std::string_view text) {
    if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
    return text;
}

bool LineSplitter::next(std::string_view& line) {
    if (done_) return false;
    const void* nl = std::memchr(text_.data() + start_, '\n', text_.size() - start_);
    const std::size_t end =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text_.data()) : text_.size();
    line = text_.substr(start_, end - start_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (nl)
        start_ = end + 1;
    else
        done_ = true;
    return true;
}

std::size_t findComment(std::string_view line) {
    bool inString = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"')
            inString = !inString;
        else if (line[i] == '#' && !inString)
            return i;
    }
    return std::string_view::npos;
}

std::string_view statementPart(std::string_view line, std::size_t commentAt) {
    std::string_view stmt = line.substr(0, std::min(commentAt, line.size()));
    while (!stmt.empty() && isSpace(stmt.back()))
        stmt.remove_suffix(1);
    return stmt;
}

std::string_view commentText(std::string_view line, std::size_t commentAt) {
    std::string_view c = line.substr(commentAt + 1);
    if (!c.empty() && c.front() == ' ') c.remove_prefix(1);
    while (!c.empty() && isSpace(c.back()))
        c.remove_suffix(1);
    return c;
}

// ---- LineReader ----

void LineReader::skipWs() {
    while (!atEnd() && isSpace(s_[p_]))
        ++p_;
}

std::string_view LineReader::wordAt(std::size_t at) const {
    std::size_t e = at;
    while (e < s_.size() && !isSpace(s_[e]))
        ++e;
    return s_.substr(at, e - at);
}

std::string_view LineReader::readWord() {
    const std::string_view w = wordAt(p_);
    p_ += w.size();
    return w;
}

std::string_view LineReader::readIdentChars() {
    const std::size_t b = p_;
    while (!atEnd() && isIdentChar(s_[p_]))
        ++p_;
    return s_.substr(b, p_ - b);
}

namespace {

int digitValue(char c) {
    if (isDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
}

bool allDigitsBelow(std::string_view digits, unsigned base) {
    return !digits.empty() && std::all_of(digits.begin(), digits.end(), [base](char c) {
        return digitValue(c) < static_cast<int>(base);
    });
}

// nullopt when the value does not fit in int64.
std::optional<std::int64_t> valueOf(std::string_view digits, unsigned base) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    std::uint64_t v = 0;
    for (char c : digits) {
        const auto d = static_cast<std::uint64_t>(digitValue(c));
        if (v > (kMax - d) / base) return std::nullopt;
        v = v * base + d;
    }
    return static_cast<std::int64_t>(v);
}

} // namespace

std::optional<std::int64_t> LineReader::readNumber(std::string_view what) {
    const std::size_t at = p_;
    if (!isDigit(peek())) {
        error(at, "expected a number for " + std::string(what) + ", got " + describeAt(at));
        return std::nullopt;
    }
    const std::string_view tok = readIdentChars();
    const bool hex = tok.size() >= 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X');
    const std::string_view digits = hex ? tok.substr(2) : tok;
    const unsigned base = hex ? 16 : 10;
    if (!allDigitsBelow(digits, base)) {
        error(at, (hex ? "bad hex number '" : "bad number '") + std::string(tok) + "'");
        return std::nullopt;
    }
    const auto value = valueOf(digits, base);
    if (!value) error(at, "number too large: '" + std::string(tok) + "'");
    return value;
}

std::string LineReader::describeAt(std::size_t at) const {
    if (at >= s_.size()) return "end of line";
    // Invisible when quoted: a mark left in the middle of the file (by `cat a.scn b.scn`, say).
    if (s_.substr(at).starts_with(kByteOrderMark)) return "U+FEFF (byte order mark)";
    // A name or number (optionally negative), a whole string, or else one character.
    std::size_t e = at;
    if (s_[e] == '-' && e + 1 < s_.size() && isIdentChar(s_[e + 1])) ++e;
    if (e < s_.size() && isIdentChar(s_[e]))
        while (e < s_.size() && (isIdentChar(s_[e]) || s_[e] == '.' || s_[e] == '-'))
            ++e;
    if (e == at && s_[at] == '"') {
        const std::size_t close = s_.find('"', at + 1);
        e = close == std::string_view::npos ? s_.size() : close + 1;
    }
    if (e == at) e = at + std::max<std::size_t>(1, utf8SequenceLength(s_, at));
    const std::string_view w = s_.substr(at, e - at);
    std::string shown(truncateUtf8(w, 32));
    if (shown.size() < w.size()) shown += "...";
    return "'" + shown + "'";
}

void LineReader::error(std::size_t at, std::string message) {
    diagnostics_.add(lineNo_, static_cast<int>(at) + 1, std::move(message), line_);
}

bool LineReader::expectEnd(std::string_view after) {
    skipWs();
    if (atEnd()) return true;
    error(p_, "unexpected " + describeAt(p_) + " after " + std::string(after) +
                  " (expected end of line)");
    return false;
}

bool checkTaskName(LineReader& in, std::string_view name, std::size_t at) {
    const bool charsOk =
        !name.empty() && isAlpha(name[0]) && std::all_of(name.begin(), name.end(), isIdentChar);
    if (!charsOk) {
        in.error(at, "invalid task name '" + std::string(truncateUtf8(name, 32)) +
                         "' (expected a letter followed by letters, digits or '_')");
        return false;
    }
    if (name.size() > kMaxTaskNameLength) {
        in.error(at, "task name too long: '" + std::string(name) + "' (limit " +
                         std::to_string(kMaxTaskNameLength) + " characters)");
        return false;
    }
    return true;
}

} // namespace ds::scenario
