// SPDX-License-Identifier: GPL-2.0-or-later
// Two runs of one scenario side by side (two designs, or two schedules): syscall by syscall each
// side's result, the dentries created and freed on one side only, and at the syscall's exit the
// dentries that exist on one side only or whose count or state differ; then both sides' reports.
// `dentryscope-cli compare` prints it as text or JSON Lines; the window's compare view reads the
// same rows. Pure C++20; reads two finished Runs.
#pragma once

#include "trace/run.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ds::exporter {

// One dentry that differs at a syscall's exit: absent on a side is count -1 and state "".
struct DentryDiff {
    std::string path; // "/events/sched/sched_switch" (replay's dentryPath)
    int countA = -1, countB = -1;
    std::string stateA, stateB;
};

// How the records of two getdents64 calls differ.
struct EntriesDiff {
    bool orderDiffers = false;             // the same names in another order, or other names
    std::vector<std::string> onlyA, onlyB; // names listed by one side only
    struct Off {
        std::string name;
        int64_t a = 0, b = 0;
    };
    std::vector<Off> dOff; // names listed by both with another d_off
    bool any() const { return orderDiffers || !onlyA.empty() || !onlyB.empty() || !dOff.empty(); }
};

// One scenario call as both sides made it (an `ls` has a row per call it made).
struct CompareRow {
    int callIndex = -1;
    int occurrence = 0; // the k-th record of that call (ls)
    TaskId task = kNoTask;
    std::string call, args;
    const SyscallRecord* a = nullptr; // null: it never returned on that side
    const SyscallRecord* b = nullptr;
    std::vector<std::string> createdOnlyA, createdOnlyB, freedOnlyA, freedOnlyB; // dentry paths
    int createdBoth = 0, freedBoth = 0;
    std::vector<DentryDiff> atExit; // dentries that differ at the syscall's exit
    EntriesDiff entries;            // getdents64
    bool same() const;
};

struct Comparison {
    std::string designA, designB;
    std::vector<CompareRow> rows; // in side A's order, then the calls only B made
};

Comparison compareRuns(const Run& a, const Run& b);

// A point where both runs stand at the same place of the scenario: after the same call (its
// exit, or where its task died) or at the same switch line of the schedule. Stepping the
// compare view moves both sides from one to the next.
struct AlignedPoint {
    uint32_t seqA = 0, seqB = 0; // the event each side has just done
    std::string label;           // "[B] getdents64", "switch line 18"
    int row = -1;                // the Comparison row, -1 for a switch line
};
// Rows and switch lines (switchA/switchB: per switch line, where each side switched, as
// RunResult::switchPoints), ordered by side A's events.
std::vector<AlignedPoint> alignedPoints(const Comparison& c, const Run& a, const Run& b,
                                        const std::vector<std::optional<uint32_t>>& switchA = {},
                                        const std::vector<std::optional<uint32_t>>& switchB = {});

// Every dentry alive on either side after those events, with both sides' count and state (absent:
// -1 and ""), by path. Built on a Replay of each run.
std::vector<DentryDiff> dentriesSideBySide(const Run& a, uint32_t seqA, const Run& b,
                                           uint32_t seqB);

// Verdicts are the explore results of each side ("BUG after 7 of 31 schedules"), or empty.
std::string formatCompareText(const Comparison& c, const Run& a, const Run& b,
                              const std::string& verdictA = {}, const std::string& verdictB = {});
std::string formatCompareJsonl(const Comparison& c, const Run& a, const Run& b,
                               const std::string& verdictA = {}, const std::string& verdictB = {});

} // namespace ds::exporter
