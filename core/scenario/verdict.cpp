// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/verdict.h"

namespace ds::scenario {

std::string exploreVerdict(const ExploreResult& r, int preemptions) {
    if (!r.error.empty()) return "explore failed: " + r.error;
    if (r.failing) {
        const Report* rep = nullptr;
        for (const Report& x : r.failing->reports)
            if (x.kind == Report::Kind::Bug || x.kind == Report::Kind::Warn ||
                x.kind == Report::Kind::Kasan) {
                rep = &x;
                break;
            }
        std::string kind = rep ? std::string(reportKindName(rep->kind)) : "report";
        for (char& ch : kind)
            ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
        return kind + (rep && !rep->function.empty() ? " in " + rep->function : "") + " after " +
               std::to_string(r.schedulesRun) + " schedules (" +
               std::to_string(r.preemptionsReached) + " preemption(s))";
    }
    const std::string bound = " up to " + std::to_string(preemptions) + " preemption(s)";
    if (r.interrupted)
        return "cancelled after " + std::to_string(r.schedulesRun) + " schedules, no BUG so far";
    if (r.exhausted) return std::to_string(r.schedulesRun) + " schedules" + bound + ", no BUG";
    return "no BUG in the first " + std::to_string(r.schedulesRun) + " schedules" + bound +
           " (stopped at the limit)";
}

} // namespace ds::scenario
