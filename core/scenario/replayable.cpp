// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/replayable.h"

#include "scenario/anchor.h"
#include "scenario/branch.h"

#include <set>

namespace ds::scenario {

std::string replayableScenario(const std::string& source, const Scenario& sc, const RunResult& run,
                               const std::string& comment) {
    // The lines of expectations this run does not meet: an `expect` line is dropped, a call's
    // expected result (` = -EINVAL`) is cut from its line.
    std::set<int> failedExpect, failedCall;
    for (const ExpectationResult& r : run.expectations) {
        if (r.ok) continue;
        const bool isCall = std::any_of(sc.calls.begin(), sc.calls.end(), [&](const Call& c) {
            return c.pos.line == r.pos.line && c.expect.present;
        });
        (isCall ? failedCall : failedExpect).insert(r.pos.line);
    }
    std::string kept;
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos < source.size()) {
        std::size_t nl = source.find('\n', pos);
        if (nl == std::string::npos) nl = source.size();
        std::string line = source.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineNo;
        if (failedExpect.count(lineNo)) continue;
        if (failedCall.count(lineNo)) {
            // The result follows the call's closing parenthesis (or, for dentry_state, its name).
            const std::size_t close = line.rfind(')');
            const std::size_t eq = line.find('=', close == std::string::npos ? 0 : close);
            const std::size_t hash = line.find('#', close == std::string::npos ? 0 : close);
            if (eq != std::string::npos && (hash == std::string::npos || eq < hash))
                line.erase(eq, hash == std::string::npos ? std::string::npos : hash - eq);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
                line.pop_back();
        }
        kept += line + "\n";
    }
    return scenarioWithSchedule(kept, sc.tasks, anchoredSchedule(sc, run), run.design, comment);
}

} // namespace ds::scenario
