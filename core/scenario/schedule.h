// SPDX-License-Identifier: GPL-2.0-or-later
// The `schedule` and `switch at` statements (private to the parser). Task names in them may come
// before the task's first call, so they are only looked up at the end of the file, by
// resolveTasks(). formatSchedule() is declared in parser.h.
#pragma once

#include "scenario/ast.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ds::scenario {

class Diagnostics;
class LineReader;

// Index of the task named name, or -1.
int findTask(const std::vector<std::string>& tasks, std::string_view name);

class ScheduleParser {
public:
    explicit ScheduleParser(Schedule& schedule) : schedule_(schedule) {}

    // After the keyword at kwAt: sequential | round-robin | explore [options] | TASK...
    void parseSchedule(LineReader& in, std::size_t kwAt);
    // After the keyword: at N to TASK.
    void parseSwitch(LineReader& in);

    // Fills in the task indices of the fixed schedule and the switches; callLines[i] is the
    // number of call lines of tasks[i].
    void resolveTasks(const std::vector<std::string>& tasks, const std::vector<int>& callLines,
                      Diagnostics& diagnostics);

private:
    // A task name waiting for resolveTasks(), and the line it was on (for the error).
    struct TaskToken {
        std::string name;
        SourcePos pos;
        std::string lineText;
    };

    void parseExplore(LineReader& in);
    void parseFixed(LineReader& in);
    void resolveFixed(const std::vector<std::string>& tasks, const std::vector<int>& callLines,
                      Diagnostics& diagnostics);
    void resolveSwitches(const std::vector<std::string>& tasks, Diagnostics& diagnostics);

    Schedule& schedule_;
    int scheduleLine_ = 0;
    std::vector<TaskToken> fixedTokens_;
    std::vector<TaskToken> switchTargets_;
};

} // namespace ds::scenario
