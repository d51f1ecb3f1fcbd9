// SPDX-License-Identifier: GPL-2.0-or-later
// The scenario language: one statement per line, `#` starts a comment (outside a string), blank
// lines are ignored, keywords are case-sensitive.
//
//   design v6.8                   at most once; one of ParserContext::designs
//   tree full                     at most once; one of ParserContext::trees
//   tasks A B                     optional, at most once, before the first call; then only these
//   task A: r0 = open("events/sched"[, O_RDONLY|O_DIRECTORY])
//   task A: getdents64(r0, 4096) | lseek(r0, 0[, SEEK_SET]) | fstat(r0) | close(r0)
//   task A: stat("/sys/kernel/tracing/events/sched/enable")
//   task A: ls PATH | ls -R PATH | remove PATH | add PATH | drop_caches | dentry_state
//   task A: getdents64(r0, 24) = -EINVAL        optional expected result (number or -ERRNO)
//   task A: dentry_state = nr_dentry=3 nr_unused=1
//   schedule sequential | round-robin | explore [preemptions K] [max-schedules N] | A B A
//   switch at 1234 to B           after event 1234 switch to B; strictly increasing
//   expect bug [FUNC] | no bug | warn [WORD] | no warn | kasan [WORD] | no kasan
//   expect leak [WORD] | no leak | nr_dentry|nr_unused|nr_inodes|nr_free_inodes OP N
//
// Paths are quoted in open/stat and may be bare or quoted in ls/remove/add; absolute under
// /sys/kernel/tracing or relative to it; normalised to absolute without trailing slash.
// Numbers are decimal or 0x hex. Task names: [A-Za-z][A-Za-z0-9_]*, <= 16 chars, <= 8 tasks.
// fd names are per task; only open() may bind one.
//
// All errors are collected (at most kMaxErrors), sorted by position; a ParseResult with errors
// never carries a Scenario.
#pragma once

#include "scenario/ast.h"
#include "trace/uapi.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ds::scenario {

ParseResult parseScenario(std::string_view text, const std::string& fileName,
                          const ParserContext& ctx);

// Renders a Schedule back into scenario lines ("schedule ...\n" then one "switch at N to T\n"
// per switch); parsing the result gives the same Schedule back.
std::string formatSchedule(const Schedule& schedule, const std::vector<std::string>& taskNames);

// "ls -R" and the other names of callName(); nullopt for anything else.
std::optional<CallKind> callKindFromName(std::string_view name);

} // namespace ds::scenario
