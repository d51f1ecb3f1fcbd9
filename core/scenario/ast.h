// SPDX-License-Identifier: GPL-2.0-or-later
// The parsed form of a scenario file (see parser.h for the language).
//
// Pure C++20, no Qt. Every node carries the position it came from so that the runner, the GUI and
// the CLI can point back into the file.
#pragma once

#include "trace/run.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ds::scenario {

// Where the scenario language's paths live; every path in a Scenario is this or below it.
using ds::kTracefsRoot;
inline constexpr std::size_t kMaxLineBytes = 4096;
inline constexpr std::size_t kMaxTaskNameLength = 16;
inline constexpr std::size_t kMaxTasks = 8;
inline constexpr std::int64_t kMaxGetdentsCount = std::int64_t{1} << 20;

// A line and column in the scenario file (trace/run.h: expectation results carry one).
using ds::SourcePos;

enum class CallKind {
    Open,
    Getdents64,
    Read,
    Lseek,
    Close,
    Stat,
    Fstat,
    Ls,
    LsRecursive,
    Remove,
    Add,
    DropCaches,
    DentryState,
    Statx,
    Lstat,
    LsLong,
    Fstatat
};

inline constexpr std::array<CallKind, 17> kAllCallKinds = {
    CallKind::Open,       CallKind::Getdents64, CallKind::Read,  CallKind::Lseek,
    CallKind::Close,      CallKind::Stat,       CallKind::Statx, CallKind::Lstat,
    CallKind::Fstat,      CallKind::Fstatat,    CallKind::Ls,    CallKind::LsRecursive,
    CallKind::LsLong,     CallKind::Remove,     CallKind::Add,   CallKind::DropCaches,
    CallKind::DentryState};

// ls, ls -R and ls -l: user space, written as the syscalls GNU ls makes.
constexpr bool isLs(CallKind kind) {
    return kind == CallKind::Ls || kind == CallKind::LsRecursive || kind == CallKind::LsLong;
}

// "open", "getdents64", "read", "lseek", "close", "stat", "statx", "lstat", "fstat", "fstatat",
// "ls", "ls -R", "ls -l", "remove", "add", "drop_caches", "dentry_state".
constexpr std::string_view callName(CallKind kind) {
    switch (kind) {
    case CallKind::Open:
        return "open";
    case CallKind::Getdents64:
        return "getdents64";
    case CallKind::Read:
        return "read";
    case CallKind::Lseek:
        return "lseek";
    case CallKind::Close:
        return "close";
    case CallKind::Stat:
        return "stat";
    case CallKind::Fstat:
        return "fstat";
    case CallKind::Statx:
        return "statx";
    case CallKind::Lstat:
        return "lstat";
    case CallKind::LsLong:
        return "ls -l";
    case CallKind::Fstatat:
        return "fstatat";
    case CallKind::Ls:
        return "ls";
    case CallKind::LsRecursive:
        return "ls -R";
    case CallKind::Remove:
        return "remove";
    case CallKind::Add:
        return "add";
    case CallKind::DropCaches:
        return "drop_caches";
    case CallKind::DentryState:
        return "dentry_state";
    }
    return "?";
}

// The counters `dentry_state` results and `expect nr_... OP N` may name.
inline constexpr std::array<std::string_view, 4> kCounterNames = {"nr_dentry", "nr_unused",
                                                                  "nr_inodes", "nr_free_inodes"};

// `= 80`, `= -EINVAL` (value -22), or for dentry_state `= nr_dentry=3 nr_unused=1`.
struct ExpectedResult {
    bool present = false;
    std::int64_t value = 0; // negative errno, e.g. -22 for -EINVAL
    std::vector<std::pair<std::string, std::int64_t>> counters; // dentry_state only, file order
    bool operator==(const ExpectedResult&) const = default;
};

struct Call {
    CallKind kind = CallKind::Open;
    std::string task;
    int taskIndex = -1;      // index into Scenario::tasks
    std::string bind;        // "r0" for `r0 = open(...)`, else empty
    std::string fd;          // fd name argument of getdents64/read/lseek/close/fstat
    std::string path;        // absolute, normalised, no trailing slash (open/stat/ls/remove/add);
                             // fstatat: the name relative to its fd, as written
    std::string flags;       // open flags as written (trimmed), e.g. "O_RDONLY|O_DIRECTORY"
    std::int64_t number = 0; // getdents64 and read count, lseek offset
    ExpectedResult expect;
    SourcePos pos;    // start of the call expression (the bind name if any)
    std::string text; // the statement, trimmed, without a trailing comment
    bool operator==(const Call&) const = default;
};

struct Expectation {
    enum class Kind { Bug, NoBug, Warn, NoWarn, Kasan, NoKasan, Leak, NoLeak, Counter };
    Kind kind = Kind::NoBug;
    std::string what; // function for bug, word for warn/kasan/leak (may be empty), counter name
    std::string op;   // Counter only: == != < <= > >=
    std::int64_t value = 0;
    SourcePos pos;    // the `expect` keyword
    std::string text; // the statement, trimmed, without a trailing comment
    bool operator==(const Expectation&) const = default;
};

// What a switch line can be anchored on instead of an event number, so that it means the same
// under every design: `switch to B after A's 2nd getdents64` (the return of A's second
// getdents64 call), `before A's close` (just before it enters), `after A's d_add of
// events/sched/sched_switch` (the return of the first d_add of A that touched that dentry) or
// `after A's hash of events/sched` (an event of that kind on that object, see eventKindName()).
struct Anchor {
    enum class When { After, Before };
    enum class Kind { Syscall, Function, Event };
    When when = When::After;
    Kind kind = Kind::Function;
    int task = -1;      // index into Scenario::tasks
    int occurrence = 1; // the k-th one of that task, counted from the start of the run
    std::string what;   // call name ("getdents64", "ls -R"), kernel function or event kind
    std::string object; // absolute dentry path or a lock name; empty: any object
    bool operator==(const Anchor&) const = default;
};

struct Schedule {
    enum class Kind { Sequential, RoundRobin, Fixed, Explore };
    Kind kind = Kind::Sequential;
    std::vector<int> fixed; // Fixed: task indices, one per syscall; the rest then run sequentially
    struct Switch {
        std::uint64_t afterEvent = 0; // after this event number ...
        int task = -1;                // ... the scheduler switches to this task index
        // When set, the switch point is where the anchor occurs in the run, not afterEvent.
        std::optional<Anchor> anchor;
        SourcePos pos; // the `switch` line (not compared: a written-back schedule moves it)
        bool operator==(const Switch& o) const {
            return afterEvent == o.afterEvent && task == o.task && anchor == o.anchor;
        }
    };
    // Numeric ones strictly increasing; anchored ones are found in file order, each after the
    // switch point before it.
    std::vector<Switch> switches;
    int preemptions = 2;       // Explore
    int maxSchedules = 100000; // Explore
    bool operator==(const Schedule&) const = default;
};

struct Scenario {
    std::string fileName;
    std::string design;           // ParserContext::defaultDesign when the file has no `design` line
    std::string tree;             // ParserContext::defaultTree when the file has no `tree` line
    SourcePos designPos, treePos; // {0,0} when defaulted
    std::vector<std::string> tasks; // in order of `tasks` declaration / first appearance
    std::vector<Call> calls;        // in file order
    Schedule schedule;
    std::vector<Expectation> expectations;
    std::vector<std::string> leadingComments; // first comment block, '#' and one space stripped
    bool operator==(const Scenario&) const = default;
};

// ---- parsing (parseScenario() is in parser.h) ----

inline constexpr std::size_t kMaxErrors = 100;

struct ParseError {
    std::string file;
    int line = 0;   // 1-based
    int column = 0; // 1-based, in bytes
    std::string message;
    std::string lineText; // the offending source line (at most kMaxLineBytes bytes)
    // "file:line:col: error: message\n    <lineText>\n    <spaces>^"; lineText is shown at most
    // 120 characters wide (a window around the column for long lines), control characters and
    // invalid UTF-8 as '?'.
    std::string format() const;
};

struct ParserContext {
    std::vector<std::string> designs; // empty: any name is accepted
    std::vector<std::string> trees;   // empty: any name is accepted
    std::string defaultDesign = "v6.8";
    std::string defaultTree = "sched";
};

struct ParseResult {
    std::optional<Scenario> scenario;
    std::vector<ParseError> errors;
    bool ok() const { return scenario.has_value() && errors.empty(); }
};

} // namespace ds::scenario
