// SPDX-License-Identifier: GPL-2.0-or-later
// The scenario language's tokens (private to the parser): character classes, the UTF-8 and
// control-character checks a line must pass, the lines of a file and their comments, and
// LineReader, the byte cursor over one statement that reads words, names and numbers and reports
// errors at a byte offset of its line.
#pragma once

#include "scenario/ast.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ds::scenario {

class Diagnostics;

// ---- characters ----

inline bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
inline bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
inline bool isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool isIdentChar(char c) {
    return isAlpha(c) || isDigit(c) || c == '_';
}

// [A-Za-z_][A-Za-z0-9_]*
bool isIdentifier(std::string_view s);

std::string_view trim(std::string_view s);

// ---- UTF-8 ----

// Length of the UTF-8 sequence at s[i], or 0 when it is invalid (truncated, overlong, surrogate,
// beyond U+10FFFF, stray continuation byte).
std::size_t utf8SequenceLength(std::string_view s, std::size_t i);

// Index of the first byte that makes the line not text (NUL, other control characters except
// whitespace, invalid UTF-8), or npos.
std::size_t findBinary(std::string_view s);

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
std::string_view truncateUtf8(std::string_view s, std::size_t max);

// ---- lines and comments ----

// U+FEFF in UTF-8. At the start of a file it is a byte order mark and not part of line 1;
// anywhere else the parser names it instead of showing it (it is invisible).
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string_view stripByteOrderMark(std::string_view text);

// Hands out the lines of a text one at a time, without the '\n' and a '\r' before it. A text
// ending in '\n' has an empty last line.
class LineSplitter {
public:
    explicit LineSplitter(std::string_view text) : text_(text) {}
    bool next(std::string_view& line);

private:
    std::string_view text_;
    std::size_t start_ = 0;
    bool done_ = false;
};

// Byte offset of the '#' that starts the line's comment (the first one outside a string), or
// npos.
std::size_t findComment(std::string_view line);

// The statement part of a line: everything before the comment, trailing whitespace removed.
std::string_view statementPart(std::string_view line, std::size_t commentAt);

// What a comment says: the text after '#' and one space, trailing whitespace removed.
std::string_view commentText(std::string_view line, std::size_t commentAt);

// ---- the cursor over one statement ----

class LineReader {
public:
    // line: the whole line, for error messages; statement: its statement part (a prefix of it),
    // which is what the reader reads. Offsets are bytes into both.
    LineReader(Diagnostics& diagnostics, int lineNo, std::string_view line,
               std::string_view statement)
        : diagnostics_(diagnostics), lineNo_(lineNo), line_(line), s_(statement) {}

    int lineNo() const { return lineNo_; }
    std::string_view line() const { return line_; }
    std::string_view statement() const { return s_; }

    std::size_t pos() const { return p_; }
    void seek(std::size_t at) { p_ = at; }
    void advance(std::size_t n = 1) { p_ += n; }
    bool atEnd() const { return p_ >= s_.size(); }
    char peek() const { return atEnd() ? '\0' : s_[p_]; }
    void skipWs();

    // The run of non-space characters at `at` (does not move).
    std::string_view wordAt(std::size_t at) const;
    std::string_view readWord();
    std::string_view readIdentChars();
    // A decimal or 0x hex number that fits in int64; `what` names it in error messages.
    std::optional<std::int64_t> readNumber(std::string_view what);

    // "'tok'" or "end of line", for "got ..." in messages.
    std::string describeAt(std::size_t at) const;
    SourcePos posAt(std::size_t at) const { return {lineNo_, static_cast<int>(at) + 1}; }
    // at: 0-based byte offset in the line.
    void error(std::size_t at, std::string message);
    // Reports trailing junk; true when the line is over.
    bool expectEnd(std::string_view after);

private:
    Diagnostics& diagnostics_;
    int lineNo_;
    std::string_view line_;
    std::string_view s_;
    std::size_t p_ = 0;
};

// Task names: a letter followed by letters, digits or '_', at most kMaxTaskNameLength. Reports
// at `at` and returns false when name is not one.
bool checkTaskName(LineReader& in, std::string_view name, std::size_t at);

} // namespace ds::scenario
