// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the scenario parser tests: a context with the real designs and trees,
// parsing text as "test.scn", and errors as text for failure messages.
#pragma once

#include "scenario/parser.h"

#include <QString>
#include <QStringList>

#include <string>
#include <string_view>

namespace dstest {

inline ds::scenario::ParserContext context() {
    ds::scenario::ParserContext ctx;
    ctx.designs = {"v6.5-static",   "v6.6-rc1",       "v6.7", "next-20240104",
                   "rfc-open-refs", "rfc-open-array", "v6.8"};
    ctx.trees = {"full", "sched", "minimal"};
    return ctx;
}

inline ds::scenario::ParseResult parse(std::string_view text) {
    return ds::scenario::parseScenario(text, "test.scn", context());
}

inline QString q(const std::string& s) {
    return QString::fromStdString(s);
}

inline QString errorsText(const ds::scenario::ParseResult& r) {
    QStringList out;
    for (const auto& e : r.errors)
        out << q(e.format());
    return out.join('\n');
}

} // namespace dstest
