// SPDX-License-Identifier: GPL-2.0-or-later
// Explore's independence relation (see explore.cpp): what the events of a run touch, and what a
// stretch of them (from one preemption point to the next) reads, writes and locks.
#pragma once

#include "scenario/runner.h"
#include "sim/machine.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace ds::scenario::explore_detail {

// The objects (and locks: a lock is an object of its own kind) an event touches: its object,
// and the child list of the parent an event names (a dentry allocated under it, linked into or
// unlinked from it, a cursor moved in it). A parent's child list is kept apart from the parent
// itself (d_children beside d_lockref): linking a child commutes with a dget/dput of the parent.
// Taking or dropping a lock shared only reads it: two readers of one rwsem commute, a reader
// and a writer (or a waiter, a wake) do not.
using ds::childListKey; // sim/machine.h: the keys the engine notes accesses by
using ds::objectKey;
inline bool isLockOp(const Event& e, LockMode mode) {
    return (e.kind == EventKind::LockAcquire || e.kind == EventKind::LockRelease) &&
           e.a == static_cast<int32_t>(mode);
}
// f(key, write); `sharedHold`: an exclusive lock event that counts as a shared one (RunTouches).
template <class F> void forEachTouched(const Event& e, bool sharedHold, F&& f) {
    if (e.obj != 0) f(objectKey(e.okind, e.obj), !(sharedHold || isLockOp(e, LockMode::Shared)));
    switch (e.kind) {
    case EventKind::Alloc:
        if ((e.okind == ObjKind::Dentry || e.okind == ObjKind::Eventfs) && e.a != 0)
            f(childListKey(e.okind, static_cast<ObjId>(e.a)), true);
        break;
    case EventKind::LinkChild:
    case EventKind::UnlinkChild:
        if (e.a != 0) f(childListKey(ObjKind::Dentry, static_cast<ObjId>(e.a)), true);
        break;
    case EventKind::CursorMove:
        if (e.b != 0) f(childListKey(ObjKind::Dentry, static_cast<ObjId>(e.b)), true);
        break;
    default:
        break;
    }
}

// What the events of one run touch, with what the engine noted besides its events
// (Scheduler::Access: a lookup that found nothing reads its name's slot), and the state the
// filesystem keeps to itself: the eventfs_inodes and their lists, `is_freed`, the dentry
// pointers and arrays of the older designs, read wherever tracefs code looks (every function
// of core/tracefs/ counts as reading all of it; the VFS reaches it only through the operations
// tables) and written by any change tracefs code makes besides reference counts. An exclusive
// critical section in which its task wrote nothing (eventfs_iterate takes eventfs_mutex to read one
// entry's `is_freed`) counts as a shared hold: two of them commute as two readers of an rwsem
// do, since neither changes what the other reads; a section that writes stays exclusive. This
// holds as long as a section that changes state shows it in some event or noted write, which
// is how the engine is written: every allocation, reference, flag and list change is an event.
// (A shared hold of a mutex still excludes: see Footprint::Released and the explorer's rules.)
class RunTouches {
public:
    explicit RunTouches(const RunResult& r);
    // f(key, write, task) for each access noted before event `seq`; `k` walks r.accesses
    // (start it at firstAccess(seq)).
    template <class F> void accessesBefore(uint32_t seq, size_t& k, F&& f) const {
        for (; k < r_.accesses.size() && r_.accesses[k].at <= seq; ++k)
            f(r_.accesses[k].key, r_.accesses[k].write, r_.accesses[k].task);
    }
    // f(key, write) for what event `seq` touches.
    template <class F> void touched(uint32_t seq, F&& f) const {
        forEachTouched(r_.events[seq], shared_[seq], f);
        if (fs_[seq] != FsNone) f(kFsState, fs_[seq] == FsWrite);
    }
    size_t firstAccess(uint32_t seq) const;
    const RunResult& run() const { return r_; }

private:
    enum Fs : uint8_t { FsNone, FsRead, FsWrite };
    static constexpr uint64_t kFsState = kFsStateKey; // sim/machine.h
    static Fs fsAccess(const Event& e);
    const RunResult& r_;
    std::vector<bool> shared_; // by seq: an exclusive lock event of a section that wrote nothing
    std::vector<Fs> fs_;       // by seq
};

// What a stretch of events touches, sorted: two stretches are dependent when one writes an
// object the other reads or writes (or when one ran a task the other ran; see explore.cpp's
// wakeDependent). Reference counts (Get/Put) are kept apart: see commutesBefore.
struct Footprint {
    // A reference count the stretch only got and put: the count before its first change, and
    // the lowest it went relative to that (0 or below).
    struct Count {
        uint64_t key;
        int64_t before;
        int64_t net = 0, low = 0;
    };
    // What the stretch did to one key (bits of Entry::how).
    enum How : uint8_t {
        Write = 1, // a reference count counts as written
        Read = 2,
        Other = 4,        // an event other than Get/Put touched it
        Released = 8,     // an exclusive lock held at the stretch's start and let go of
        BeforeWrite = 16, // written before the stretch's first exclusive lock
        BeforeRead = 32,  // read before it
    };
    struct Entry {
        uint64_t key;
        uint8_t how;
    };
    std::vector<Entry> keys;        // by key once sealed, one entry per key
    std::vector<Count> counts;      // by key once sealed
    std::vector<uint64_t> acquired; // exclusive locks taken (or waited for), in order
    // The first lock the stretch takes exclusively (0: none), the keys marked Before* are what it
    // touched before: run while another task holds that lock, it does this much and blocks.
    uint64_t firstAcquire = 0;
    bool blocked = false; // it found that lock held and waited for it
    uint32_t tasks = 0;   // the tasks that ran in the stretch

    // Event `seq` of the run and the accesses noted before it (`k`: RunTouches::accessesBefore).
    void add(const RunTouches& t, uint32_t seq, size_t& k);
    void seal(); // sorts and merges the keys (add() may go on after it; seal again)
    // The events of the run with from < seq <= to.
    static Footprint of(const RunTouches& t, uint32_t from, uint32_t to);

    // Dependent in any order.
    bool meets(const Footprint& o) const {
        return conflict(o, Write, Write | Read) || conflict(o, Read, Write);
    }
    // Whether what this stretch did before its first exclusive lock depends on `o`.
    bool beforeFirstAcquireMeets(const Footprint& o) const {
        return conflict(o, BeforeWrite, Write | Read) || conflict(o, BeforeRead, Write);
    }
    // This stretch ran just before `later` (nothing else between): may they run in any
    // interleaving with the same outcome? As meets(), except that two stretches that only get
    // and put a reference count commute when it stays at 1 or more in every interleaving: then
    // dget/dput, iget/iput and kref_get/kref_put change the number and nothing else. And a lock
    // this stretch lets go of is held before it: `later` run first would block on it, even
    // where the two sections commute as shared holds (`blocking` false leaves that check out,
    // for a `later` that would run while the lock is free).
    bool commutesBefore(const Footprint& later, bool blocking = true) const;

private:
    void addTask(int task) {
        if (task >= 0 && task < 32) tasks |= 1u << task;
    }
    void touch(uint64_t key, uint8_t how) { keys.push_back({key, how}); }
    const Count* countOf(uint64_t key) const;
    // Whether a key has one of `mine` here and one of `theirs` in `o` (both sealed).
    bool conflict(const Footprint& o, uint8_t mine, uint8_t theirs) const;
};

// Whether `lock` is among the exclusive locks a task holds (in the order it took them).
inline bool holds(const std::vector<uint64_t>& held, uint64_t lock) {
    return std::find(held.begin(), held.end(), lock) != held.end();
}

} // namespace ds::scenario::explore_detail
