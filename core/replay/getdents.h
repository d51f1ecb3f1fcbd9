// SPDX-License-Identifier: GPL-2.0-or-later
// What the getdents pane shows, without a window: the getdents64 call a task is in (or last
// made) at a step, its user buffer record by record as filldir64 writes it (the DirEmit events),
// ctx->pos and f_pos, what the call will return, the calls on the same file so far, the slots
// iterate passed over, and for dcache_readdir the cursor dentry's place among the children.
//
// Everything is read from the Run and its Replay; stepping back rewinds it record by record.
// Pure C++20, no Qt.
#pragma once

#include "replay/replay.h"
#include "trace/run.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ds {

// One linux_dirent64 in the user's buffer, as written so far.
struct DirentAt {
    std::string name;
    int64_t bufOff = 0; // where it starts in the buffer
    int64_t reclen = 0; // ALIGN(19 + namelen + 1, 8): the fields, the name, its NUL, padding
    uint8_t type = 0;
    std::optional<uint64_t> ino; // from the call's record (unknown when the call never returned)
    int64_t pos = 0;             // the ctx->pos filldir64 was given for it
    // d_off as in the buffer now: the next record's pos (written when that one fits), the last
    // one's ctx->pos at the end of the call; nullopt while still 0 in the buffer.
    std::optional<int64_t> dOff;
    std::optional<int64_t> finalOff; // the d_off it has when the call returns (from its record)
    uint32_t seq = 0;                // its DirEmit event
    static constexpr int64_t kHeader = 19; // d_ino 8, d_off 8, d_reclen 2, d_type 1
    int64_t padding() const { return reclen - kHeader - static_cast<int64_t>(name.size()) - 1; }
};

// The record filldir64 could not fit (the call stops there).
struct NoRoomAt {
    std::string name;
    int64_t pos = 0;
    int64_t bufOff = 0;
    int64_t reclen = 0;
    int64_t left = 0; // bytes left in the buffer
    uint32_t seq = 0;
};

// One position of the directory as iterate walked it on this file (all calls so far).
struct SlotAt {
    enum class State { Emitted, NoRoom, Hidden, Removed, Unused };
    int64_t pos = 0;
    std::string name; // empty for Unused
    State state = State::Unused;
    uint32_t seq = kNever;
};

// One getdents64 call on the file.
struct GetdentsCallAt {
    uint32_t enterSeq = 0;
    uint32_t exitSeq = kNever; // kNever: never returned (the task died in it)
    int64_t count = 0;         // its buffer size
    int64_t startPos = 0;      // f_pos when it started
    int64_t endPos = 0;        // f_pos after it (so far)
    int records = 0;           // records written (so far, for the current call)
    std::optional<int64_t> ret;
};

// A child of the directory in d_children order (for dcache_readdir's cursor).
struct ChildAt {
    ObjId id = 0;
    std::string name;
    bool cursor = false;   // a cursor dentry (this file's or another's)
    bool ours = false;     // this file's cursor
    bool positive = false; // what scan_positives counts: positive and hashed, not a cursor
};

struct GetdentsAt {
    bool found = false; // false: the task has made no getdents64 call yet
    TaskId task = kNoTask;
    int fd = -1;
    ObjId file = 0;
    ObjId dir = 0; // the directory's dentry
    std::string path;
    uint32_t step = 0;
    uint32_t enterSeq = 0, exitSeq = kNever;
    bool inCall = false;           // the step is inside the call (false: it has returned)
    int64_t count = 0;             // the buffer size
    int64_t written = 0;           // bytes written so far
    int64_t startPos = 0;          // f_pos when the call started
    int64_t fPos = 0;              // f_pos at the step
    std::optional<int64_t> ctxPos; // the latest slot's ctx->pos (nullopt before the first)
    std::vector<DirentAt> records;
    int current = -1; // the record written by the event just folded, -1 if none
    std::optional<NoRoomAt> noRoom;
    bool noRoomIsCurrent = false;
    std::optional<int64_t> willReturn; // what the call returns (nullopt: it never returns)
    std::vector<GetdentsCallAt> calls; // on this file, up to and including this one
    std::vector<SlotAt> positions;     // positions seen so far on this file, by pos
    // dcache_readdir: the cursor dentry of the file (0 when the design keeps an index instead)
    ObjId cursor = 0;
    bool cursorOnList = false;
    std::vector<ChildAt> children;
};

// The getdents64 call `task` is in at `state`'s step, or the last one it made before it.
GetdentsAt getdentsAt(const Run& run, const Replay& replay, const StateAt& state, TaskId task);

// The model as text, one line per item (for tests and for reading a step in a terminal).
std::string formatGetdents(const GetdentsAt& g);

} // namespace ds
