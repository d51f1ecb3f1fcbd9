// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/branch.h"

#include "scenario/parser.h"

#include <algorithm>

namespace ds::scenario {

namespace {

using Point = Scheduler::PreemptionPoint;

// The recorded point just before `step` (at seq step-1), or null.
const Point* pointAt(const RunResult& run, uint32_t step) {
    if (step == 0) return nullptr;
    const auto it = std::lower_bound(run.points.begin(), run.points.end(), step - 1,
                                     [](const Point& p, uint32_t seq) { return p.seq < seq; });
    return it != run.points.end() && it->seq == step - 1 ? &*it : nullptr;
}

std::string firstWord(std::string_view line) {
    size_t b = 0;
    while (b < line.size() && (line[b] == ' ' || line[b] == '\t'))
        ++b;
    size_t e = b;
    while (e < line.size() && line[e] != ' ' && line[e] != '\t' && line[e] != '#' &&
           line[e] != '\r')
        ++e;
    return std::string(line.substr(b, e - b));
}

} // namespace

std::optional<Choice> choiceAt(const RunResult& run, uint32_t step) {
    const Point* p = pointAt(run, step);
    if (!p || step >= run.events.size()) return std::nullopt;
    Choice c;
    c.step = step;
    c.current = p->current;
    c.runnable = p->runnableMask | (p->current >= 0 && p->current < 32 ? 1u << p->current : 0u);
    return c;
}

std::optional<uint32_t> nextChoice(const RunResult& run, uint32_t step) {
    // points at seq >= step: the choice at step seq+1 > step
    auto it = std::lower_bound(run.points.begin(), run.points.end(), step,
                               [](const Point& p, uint32_t seq) { return p.seq < seq; });
    for (; it != run.points.end(); ++it)
        if (it->seq + 1 < run.events.size()) return it->seq + 1;
    return std::nullopt;
}

std::optional<uint32_t> prevChoice(const RunResult& run, uint32_t step) {
    if (step < 2) return std::nullopt;
    // points at seq < step-1: the choice at step seq+1 < step
    const auto it = std::lower_bound(run.points.begin(), run.points.end(), step - 1,
                                     [](const Point& p, uint32_t seq) { return p.seq < seq; });
    if (it == run.points.begin()) return std::nullopt;
    return std::prev(it)->seq + 1;
}

ds::Schedule branchSchedule(const ds::Schedule& schedule, const Choice& choice, int task) {
    ds::Schedule out = schedule;
    const uint32_t at = choice.step - 1; // the decision is taken after the event just folded
    std::erase_if(out.switches, [&](const ds::Schedule::Switch& s) { return s.afterEvent >= at; });
    // The task that emitted the event goes on unless a switch says otherwise.
    if (task != choice.current) out.switches.push_back({at, task});
    return out;
}

Schedule toScenarioSchedule(const ds::Schedule& s) {
    Schedule out;
    switch (s.base) {
    case ds::Schedule::Base::Sequential:
        out.kind = Schedule::Kind::Sequential;
        break;
    case ds::Schedule::Base::RoundRobin:
        out.kind = Schedule::Kind::RoundRobin;
        break;
    case ds::Schedule::Base::Fixed:
        out.kind = Schedule::Kind::Fixed;
        break;
    }
    out.fixed = s.fixed;
    for (const auto& sw : s.switches)
        out.switches.push_back({sw.afterEvent, sw.task});
    return out;
}

std::string scenarioWithSchedule(const std::string& source,
                                 const std::vector<std::string>& taskNames,
                                 const ds::Schedule& schedule, const std::string& designOverride,
                                 const std::string& comment) {
    std::string out;
    size_t pos = 0;
    while (pos < source.size()) {
        size_t nl = source.find('\n', pos);
        if (nl == std::string::npos) nl = source.size();
        const std::string line = source.substr(pos, nl - pos);
        pos = nl + 1;
        const std::string word = firstWord(line);
        if (word == "schedule" || word == "switch") continue;
        if (!designOverride.empty() && word == "design") continue;
        out += line + "\n";
    }
    if (!comment.empty()) out += "# " + comment + "\n";
    if (!designOverride.empty()) out += "design " + designOverride + "\n";
    out += formatSchedule(toScenarioSchedule(schedule), taskNames);
    return out;
}

} // namespace ds::scenario
