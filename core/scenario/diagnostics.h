// SPDX-License-Identifier: GPL-2.0-or-later
// Parse errors (private to the parser): Diagnostics collects them for one file, at most
// kMaxErrors, and hands them out sorted by position; joinNames() writes the "known: a, b" lists
// in their messages. ParseError::format() is in diagnostics.cpp.
#pragma once

#include "scenario/ast.h"

#include <string>
#include <string_view>
#include <vector>

namespace ds::scenario {

class Diagnostics {
public:
    explicit Diagnostics(const std::string& fileName) : fileName_(fileName) {}

    // line and column are 1-based; lineText is the whole source line. Ignored once full().
    void add(int line, int column, std::string message, std::string_view lineText);
    bool full() const { return errors_.size() >= kMaxErrors; }

    // The errors sorted by line and column (stable for equal positions); when the parse stopped
    // early because it was full, followed by a "too many errors" note at the last one.
    std::vector<ParseError> take(bool stoppedEarly);

private:
    const std::string& fileName_;
    std::vector<ParseError> errors_;
};

// "a, b, c"
std::string joinNames(const std::vector<std::string>& names);

} // namespace ds::scenario
