// SPDX-License-Identifier: GPL-2.0-or-later
// The `schedule` and `switch at` statements, the end-of-file checks on the task names they use,
// and formatSchedule(), which writes a Schedule back as those statements.
#include "scenario/schedule.h"

#include "scenario/diagnostics.h"
#include "scenario/lexer.h"
#include "scenario/parser.h"

#include <algorithm>
#include <limits>

namespace ds::scenario {

int findTask(const std::vector<std::string>& tasks, std::string_view name) {
    for (std::size_t i = 0; i < tasks.size(); ++i)
        if (tasks[i] == name) return static_cast<int>(i);
    return -1;
}

void ScheduleParser::parseSchedule(LineReader& in, std::size_t kwAt) {
    if (scheduleLine_) {
        in.error(kwAt,
                 "duplicate 'schedule' line (first at line " + std::to_string(scheduleLine_) + ")");
        return;
    }
    scheduleLine_ = in.lineNo();
    in.skipWs();
    if (in.atEnd()) {
        in.error(in.pos(), "expected 'sequential', 'round-robin', 'explore' or task names after "
                           "'schedule'");
        return;
    }
    const std::string_view first = in.wordAt(in.pos());
    if (first == "sequential") {
        in.readWord();
        schedule_.kind = Schedule::Kind::Sequential;
        in.expectEnd("'schedule sequential'");
    } else if (first == "round-robin") {
        in.readWord();
        schedule_.kind = Schedule::Kind::RoundRobin;
        in.expectEnd("'schedule round-robin'");
    } else if (first == "explore") {
        in.readWord();
        schedule_.kind = Schedule::Kind::Explore;
        parseExplore(in);
    } else {
        schedule_.kind = Schedule::Kind::Fixed;
        parseFixed(in);
    }
}

// [preemptions K] [max-schedules N], each at most once, in any order.
void ScheduleParser::parseExplore(LineReader& in) {
    bool havePre = false, haveMax = false;
    in.skipWs();
    while (!in.atEnd()) {
        const std::size_t optAt = in.pos();
        const std::string_view opt = in.readWord();
        const bool pre = opt == "preemptions";
        if (!pre && opt != "max-schedules") {
            in.error(optAt, "unknown explore option '" + std::string(opt) +
                                "' (expected 'preemptions K' or 'max-schedules N')");
            return;
        }
        if (pre ? havePre : haveMax) {
            in.error(optAt, "duplicate explore option '" + std::string(opt) + "'");
            return;
        }
        (pre ? havePre : haveMax) = true;
        in.skipWs();
        const std::size_t numAt = in.pos();
        const auto n = in.readNumber(opt);
        if (!n) return;
        const std::int64_t lo = pre ? 0 : 1, hi = pre ? 64 : 1000000000;
        if (*n < lo || *n > hi) {
            in.error(numAt, std::string(opt) + " out of range: " + std::to_string(*n) +
                                " (expected " + std::to_string(lo) + ".." + std::to_string(hi) +
                                ")");
            return;
        }
        (pre ? schedule_.preemptions : schedule_.maxSchedules) = static_cast<int>(*n);
        in.skipWs();
    }
}

// A fixed interleaving: task names, one per syscall.
void ScheduleParser::parseFixed(LineReader& in) {
    while (!in.atEnd()) {
        const std::size_t at = in.pos();
        const std::string_view name = in.readWord();
        if (!checkTaskName(in, name, at)) return;
        fixedTokens_.push_back({std::string(name), in.posAt(at), std::string(in.line())});
        in.skipWs();
    }
}

void ScheduleParser::parseSwitch(LineReader& in) {
    in.skipWs();
    if (in.wordAt(in.pos()) != "at") {
        in.error(in.pos(), "expected 'at' after 'switch', got " + in.describeAt(in.pos()));
        return;
    }
    in.advance(2);
    in.skipWs();
    const std::size_t numAt = in.pos();
    if (in.peek() == '-') {
        in.error(numAt,
                 "switch points are event numbers (non-negative), got " + in.describeAt(numAt));
        return;
    }
    const auto n = in.readNumber("the event number");
    if (!n) return;
    // The engine numbers events with 32 bits (ds::Schedule::Switch::afterEvent).
    constexpr auto kMaxEvent = std::numeric_limits<std::uint32_t>::max();
    if (static_cast<std::uint64_t>(*n) > kMaxEvent) {
        in.error(numAt, "event number out of range: " + std::to_string(*n) + " (expected 0.." +
                            std::to_string(kMaxEvent) + ")");
        return;
    }
    in.skipWs();
    if (in.wordAt(in.pos()) != "to") {
        in.error(in.pos(), "expected 'to' after the event number, got " + in.describeAt(in.pos()));
        return;
    }
    in.advance(2);
    in.skipWs();
    if (in.atEnd()) {
        in.error(in.pos(), "expected a task name after 'to'");
        return;
    }
    const std::size_t taskAt = in.pos();
    const std::string_view name = in.readWord();
    if (!checkTaskName(in, name, taskAt)) return;
    if (!in.expectEnd("the task name")) return;

    const auto afterEvent = static_cast<std::uint64_t>(*n);
    auto& switches = schedule_.switches;
    if (!switches.empty()) {
        if (afterEvent <= switches.back().afterEvent) {
            in.error(numAt, "switch points must increase: " + std::to_string(*n) +
                                " is not after " + std::to_string(switches.back().afterEvent) +
                                " (line " + std::to_string(switchTargets_.back().pos.line) + ")");
            return;
        }
        if (switchTargets_.back().name == name) {
            in.error(taskAt, "cyclic schedule: consecutive switches to " + std::string(name));
            return;
        }
    }
    switches.push_back({afterEvent, -1});
    switchTargets_.push_back({std::string(name), in.posAt(taskAt), std::string(in.line())});
}

void ScheduleParser::resolveTasks(const std::vector<std::string>& tasks,
                                  const std::vector<int>& callLines, Diagnostics& diagnostics) {
    resolveFixed(tasks, callLines, diagnostics);
    resolveSwitches(tasks, diagnostics);
    if (schedule_.kind == Schedule::Kind::Explore && !switchTargets_.empty()) {
        const auto& tok = switchTargets_.front();
        diagnostics.add(tok.pos.line, 1, "'switch at' cannot be combined with 'schedule explore'",
                        tok.lineText);
    }
}

// Every token a task, no task scheduled more often than it has calls.
void ScheduleParser::resolveFixed(const std::vector<std::string>& tasks,
                                  const std::vector<int>& callLines, Diagnostics& diagnostics) {
    std::vector<int> scheduled(tasks.size(), 0);
    std::vector<bool> reported(tasks.size(), false);
    for (const auto& tok : fixedTokens_) {
        const int t = findTask(tasks, tok.name);
        if (t < 0) {
            diagnostics.add(tok.pos.line, tok.pos.column,
                            "unknown task '" + tok.name +
                                "' in schedule (known: " + joinNames(tasks) + ")",
                            tok.lineText);
            continue;
        }
        const auto ti = static_cast<std::size_t>(t);
        schedule_.fixed.push_back(t);
        if (++scheduled[ti] <= callLines[ti] || reported[ti]) continue;
        reported[ti] = true;
        const auto total =
            std::count_if(fixedTokens_.begin(), fixedTokens_.end(),
                          [&](const TaskToken& other) { return other.name == tok.name; });
        diagnostics.add(tok.pos.line, tok.pos.column,
                        "impossible schedule: task " + tok.name + " has " +
                            std::to_string(callLines[ti]) +
                            (callLines[ti] == 1 ? " call" : " calls") + " but is scheduled " +
                            std::to_string(total) + (total == 1 ? " time" : " times"),
                        tok.lineText);
    }
}

void ScheduleParser::resolveSwitches(const std::vector<std::string>& tasks,
                                     Diagnostics& diagnostics) {
    for (std::size_t i = 0; i < switchTargets_.size(); ++i) {
        const auto& tok = switchTargets_[i];
        const int t = findTask(tasks, tok.name);
        if (t < 0) {
            diagnostics.add(tok.pos.line, tok.pos.column,
                            "switch to unknown task '" + tok.name +
                                "' (known: " + joinNames(tasks) + ")",
                            tok.lineText);
            continue;
        }
        schedule_.switches[i].task = t;
    }
}

std::string formatSchedule(const Schedule& schedule, const std::vector<std::string>& taskNames) {
    auto nameOf = [&](int i) {
        if (i >= 0 && static_cast<std::size_t>(i) < taskNames.size())
            return taskNames[static_cast<std::size_t>(i)];
        return "?" + std::to_string(i); // not a valid name: re-parsing fails loudly
    };
    std::string out;
    switch (schedule.kind) {
    case Schedule::Kind::Sequential:
        out = "schedule sequential\n";
        break;
    case Schedule::Kind::RoundRobin:
        out = "schedule round-robin\n";
        break;
    case Schedule::Kind::Fixed:
        if (schedule.fixed.empty()) {
            out = "schedule sequential\n";
        } else {
            out = "schedule";
            for (int t : schedule.fixed)
                out += " " + nameOf(t);
            out += "\n";
        }
        break;
    case Schedule::Kind::Explore:
        out = "schedule explore preemptions " + std::to_string(schedule.preemptions) +
              " max-schedules " + std::to_string(schedule.maxSchedules) + "\n";
        break;
    }
    for (const auto& sw : schedule.switches)
        out += "switch at " + std::to_string(sw.afterEvent) + " to " + nameOf(sw.task) + "\n";
    return out;
}

} // namespace ds::scenario
