// SPDX-License-Identifier: GPL-2.0-or-later
// Folds an event log into the observable state at any step, and answers the questions the GUI
// asks about a run: lifetimes, the events of one object, call frames, syscall spans, counters.
//
// Step k means "after events[0..k)": step 0 is before anything happened, step N (N = number of
// events) is the end of the run. Time travel uses a checkpoint every kCheckpointInterval events
// plus a bounded replay, so seeking to any step costs O(interval) whatever the run length, and
// stepping back is seek(k - 1). Checkpoints share unchanged object pages (copy on write), so
// they cost memory in proportion to what changed between them.
//
// Pure C++20, no Qt.
#pragma once

#include "trace/event.h"
#include "trace/run.h"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ds {

inline constexpr uint32_t kNever = 0xffffffffu;
inline constexpr uint32_t kCheckpointInterval = 4096;

// The run's ObjectSizes (trace/event.h) price the memory counter.

// The state of one object of any kind, as the events tell it.
struct ObjState {
    enum Flags : uint16_t {
        Alive = 1 << 0, // allocated and not yet freed
        Freed = 1 << 1,
        Hashed = 1 << 2,        // dentry
        InLookup = 1 << 3,      // dentry: DCACHE_PAR_LOOKUP
        OnLru = 1 << 4,         // dentry: DCACHE_LRU_LIST
        Cursor = 1 << 5,        // dentry: DCACHE_DENTRY_CURSOR
        Killed = 1 << 6,        // dentry: DCACHE_DENTRY_KILLED
        Dead = 1 << 7,          // inode: S_DEAD
        IsFreed = 1 << 8,       // eventfs_inode: is_freed
        CursorOnList = 1 << 9,  // cursor dentry linked into its directory's child list
        OnParentList = 1 << 10, // dentry on its parent's child list (LinkChild)
        OnShrinkList = 1 << 11  // dentry: DCACHE_SHRINK_LIST (d_shrink_add .. d_shrink_del)
    };
    ObjKind kind = ObjKind::None; // None: not allocated yet at this step
    uint8_t pad = 0;
    uint16_t flags = 0;
    SymId name = 0;       // dentry d_name, eventfs_inode name
    ObjId parent = 0;     // dentry d_parent, eventfs parent ei, file: its dentry, dlist: its file
    int32_t count = 0;    // d_lockref.count, i_count, kref
    ObjId inode = 0;      // dentry: d_inode (0 = negative)
    ObjId fsdata = 0;     // dentry: d_fsdata (eventfs_inode)
    int32_t ino = 0;      // inode: i_ino; file: fd
    uint32_t mode = 0;    // inode: i_mode
    int32_t nlink = 0;    // inode: i_nlink
    int32_t pos = 0;      // file: f_pos
    ObjId firstChild = 0; // dentry child list, newest first
    ObjId nextSibling = 0;
    ObjId prevSibling = 0;

    bool has(uint16_t f) const { return (flags & f) != 0; }
    bool alive() const { return has(Alive); }
    bool operator==(const ObjState&) const = default;
};

// A task as the events tell it.
struct TaskRun {
    uint32_t node = 0;         // innermost call frame (Replay::call), 0 = no kernel frame
    SrcId lastSrc = 0;         // engine line of the task's latest event in that frame
    uint32_t syscall = kNever; // index of the syscall it is in (Replay::syscalls), or kNever
    ObjId blockedOn = 0;       // lock it waits for
    ObjId waitingOn = 0;       // in-lookup dentry it waits for
    uint32_t events = 0;       // events it emitted so far
    bool exited = false;
    bool died = false; // killed by a BUG: its stack stays as the oops shows it
    bool operator==(const TaskRun&) const = default;
};

struct LockHold {
    ObjKind okind; // Inode (i_rwsem) or Lock (a mutex)
    ObjId lock;
    TaskId task;
    LockMode mode;
    uint32_t seq; // event that took it
    SymId name;   // the mutex's name, 0 for i_rwsem
    bool operator==(const LockHold&) const = default;
};

struct Counters {
    int64_t dentries = 0, inodes = 0, files = 0, eventfs = 0;
    int64_t bytes(const ObjectSizes& s) const { return s.bytes(dentries, inodes); }
    bool operator==(const Counters&) const = default;
};

// Objects in copy-on-write pages under copy-on-write directories of pages, so a checkpoint
// shares what did not change after it: it copies the short list of directories, and a
// directory (64 page pointers) only when one of its pages changed. With one flat list of pages
// every checkpoint would copy a pointer per 32 objects of the whole run, and a run of 10M events
// would spend half its replay memory on those copies.
class ObjTable {
public:
    static constexpr uint32_t kPageBits = 5;
    static constexpr uint32_t kPageSize = 1u << kPageBits;
    static constexpr uint32_t kDirBits = 6; // pages per directory: 64
    static constexpr uint32_t kDirSize = 1u << kDirBits;
    struct Page {
        std::array<ObjState, kPageSize> objs{};
    };
    struct Dir {
        std::array<std::shared_ptr<Page>, kDirSize> pages{};
    };

    void resize(ObjId maxId) {
        capacity_ = ((size_t(maxId) >> kPageBits) + 1) << kPageBits;
        dirs_.resize(((capacity_ - 1) >> (kPageBits + kDirBits)) + 1);
    }
    ObjId capacity() const { return static_cast<ObjId>(capacity_); }
    const ObjState& get(ObjId id) const {
        if (id >= capacity_) return empty();
        const Dir* dir = dirs_[id >> (kPageBits + kDirBits)].get();
        const Page* page = dir ? dir->pages[(id >> kPageBits) & (kDirSize - 1)].get() : nullptr;
        return page ? page->objs[id & (kPageSize - 1)] : empty();
    }
    ObjState& mut(ObjId id) {
        std::shared_ptr<Dir>& dir = dirs_[id >> (kPageBits + kDirBits)];
        if (!dir)
            dir = std::make_shared<Dir>();
        else if (dir.use_count() > 1)
            dir = std::make_shared<Dir>(*dir);
        std::shared_ptr<Page>& page = dir->pages[(id >> kPageBits) & (kDirSize - 1)];
        if (!page)
            page = std::make_shared<Page>();
        else if (page.use_count() > 1)
            page = std::make_shared<Page>(*page);
        return page->objs[id & (kPageSize - 1)];
    }

private:
    static const ObjState& empty();
    std::vector<std::shared_ptr<Dir>> dirs_;
    size_t capacity_ = 0;
};

// The observable state after events[0..step).
class StateAt {
public:
    uint32_t step() const { return step_; }
    const ObjState& obj(ObjId id) const { return objs_.get(id); }
    ObjId objCapacity() const { return objs_.capacity(); }
    // Task slot: the run's task index, or taskCount() for boot/mount work (kNoTask).
    const TaskRun& task(TaskId t) const { return tasks_[slot(t)]; }
    size_t taskCount() const { return tasks_.empty() ? 0 : tasks_.size() - 1; }
    const std::vector<LockHold>& locks() const { return locks_; }
    const Counters& counters() const { return counters_; }
    uint32_t reportsSoFar() const { return reports_; }

    // The dentry's children in d_children order (newest first), as linked by LinkChild.
    template <typename F> void forEachChild(ObjId parent, F&& f) const {
        for (ObjId c = obj(parent).firstChild; c; c = obj(c).nextSibling)
            f(c);
    }
    std::vector<ObjId> children(ObjId parent) const;

    // Same observable state (for tests).
    bool sameAs(const StateAt& o, std::string* why = nullptr) const;

private:
    friend class Replay;
    size_t slot(TaskId t) const {
        return t == kNoTask || t >= tasks_.size() - 1 ? tasks_.size() - 1 : t;
    }

    uint32_t step_ = 0;
    uint32_t calls_ = 0; // FuncEnter events folded so far (the next frame's id - 1)
    uint32_t syscallsSeen_ = 0;
    uint32_t reports_ = 0;
    ObjTable objs_;
    std::vector<TaskRun> tasks_;
    std::vector<LockHold> locks_;
    Counters counters_;
};

// The path of dentry `id` as `s` links it: the names of its parents down to it, "/events/sched"
// below the root dentry "/" (which is "/" itself). A chain that does not reach the root starts
// at its outermost name. The one place a dentry's path is spelled (GUI and exporters).
std::string dentryPath(const StateAt& s, ObjId id);
// The same spelling over any table of links: `link(id)` gives the object's {name, parent}.
std::string dentryPath(ObjId id, const std::function<std::pair<SymId, ObjId>(ObjId)>& link);

// One function call (FuncEnter .. FuncExit), like a function_graph entry.
struct CallFrame {
    uint32_t parent = 0; // caller's frame, 0 = outermost
    SymId fn = 0;
    uint32_t enterSeq = 0;
    uint32_t exitSeq = kNever; // never exited (task died, or the run ended)
    SrcId enterSrc = 0;        // the KFUNC line in the function itself
    SrcId callSite = 0;        // the caller's latest engine line when it made the call
    TaskId task = kNoTask;
    uint16_t depth = 0; // 0 = outermost
};

struct SyscallSpan {
    TaskId task = kNoTask;
    uint32_t enterSeq = 0;
    uint32_t exitSeq = kNever;
    SymId name = 0;
    int32_t arg = 0;
    int32_t ret = 0;
    ObjId obj = 0;
};

struct Lifespan {
    ObjKind kind = ObjKind::None;
    uint32_t allocSeq = kNever;
    uint32_t freeSeq = kNever; // kNever: still alive at the end
};

struct CounterSample {
    uint32_t step; // the counters from this step on
    int32_t dentries;
    int32_t inodes;
    int64_t bytes(const ObjectSizes& s) const { return s.bytes(dentries, inodes); }
};

// A reference still held: the event that took it; `pin` for a child's pin on its parent.
struct HeldRefAt {
    uint32_t seq;
    TaskId task;
    bool pin;
};

class Replay {
public:
    // `events` must outlive the Replay and must not change.
    explicit Replay(std::span<const Event> events, uint32_t interval = kCheckpointInterval);

    uint32_t size() const { return static_cast<uint32_t>(events_.size()); } // last step
    std::span<const Event> events() const { return events_; }
    const Event& event(uint32_t seq) const { return events_[seq]; }
    size_t taskCount() const { return taskCount_; } // tasks 0..taskCount-1 appear in the log
    ObjId maxObjId() const { return maxId_; }

    // The state at step k (clamped to size()). The reference stays valid until the next seek.
    const StateAt& seek(uint32_t k);
    const StateAt& current() const { return cur_; }
    // A fresh copy of the state at step k, leaving the current one alone.
    StateAt stateAt(uint32_t k) const;
    // Folds events[0..k) one by one from nothing (the reference the checkpoints are tested on).
    StateAt foldFromScratch(uint32_t k) const;

    // ---- precomputed over the whole run ----
    const Lifespan& lifespan(ObjId id) const;
    std::span<const uint32_t> eventsOf(ObjId id) const;            // seqs of events whose obj is id
    const std::vector<CallFrame>& calls() const { return calls_; } // [0] is a sentinel
    const CallFrame& call(uint32_t node) const { return calls_[node]; }
    // Frames of a task at one depth, in order (they never overlap).
    std::span<const uint32_t> callsAt(TaskId task, int depth) const;
    int maxDepth(TaskId task) const;
    const std::vector<SyscallSpan>& syscalls() const { return syscalls_; }
    std::span<const uint32_t> syscallsOf(TaskId task) const; // indices into syscalls()
    const std::vector<CounterSample>& counterSamples() const { return samples_; }
    CounterSample countersAt(uint32_t step) const;
    const std::vector<uint32_t>& reportSeqs() const { return reportSeqs_; }
    uint32_t taskEndSeq(TaskId task) const;       // its TaskExit event, or kNever
    bool isGhost(ObjId id, uint32_t step) const { // freed by the event just folded
        return step > 0 && lifespan(id).freeSeq == step - 1;
    }
    uint32_t checkpointCount() const { return static_cast<uint32_t>(checkpoints_.size()); }

    // The innermost frame of `task` active at event `seq` (the event itself included), 0 = none.
    uint32_t frameAt(TaskId task, uint32_t seq) const;
    // The innermost frame of `task` left active after event `seq` (a frame it exits is gone).
    uint32_t frameAfter(TaskId task, uint32_t seq) const;
    // Frames from `node` outwards (innermost first).
    std::vector<uint32_t> stack(uint32_t node) const;
    // References to `id` taken before step k and not yet put (LIFO matching, pins apart).
    std::vector<HeldRefAt> refsHeld(ObjId id, uint32_t step) const;

    // Folds one event into `s` (s.step() must be e.seq).
    void apply(StateAt& s, const Event& e) const;

private:
    void build();
    StateAt emptyState() const;
    // Innermost frame of `task` at event `seq`; with `after`, the frame left after the event.
    uint32_t frameOf(TaskId task, uint32_t seq, bool after) const;
    void foldTo(StateAt& s, uint32_t to) const;

    std::span<const Event> events_;
    uint32_t interval_;
    size_t taskCount_ = 0;
    ObjId maxId_ = 0;
    SymId pinSym_ = 0;
    std::vector<StateAt> checkpoints_; // checkpoints_[i] = state at step i * interval_
    StateAt cur_;

    std::vector<Lifespan> spans_;
    std::vector<uint32_t>
        objEventStart_; // CSR: eventsOf(id) = objEvents_[start[id] .. start[id+1])
    std::vector<uint32_t> objEvents_;
    std::vector<CallFrame> calls_;
    std::vector<std::vector<std::vector<uint32_t>>> callsByTaskDepth_; // [slot][depth]
    std::vector<SyscallSpan> syscalls_;
    std::vector<std::vector<uint32_t>> syscallsByTask_; // [slot]
    std::vector<CounterSample> samples_;
    std::vector<uint32_t> reportSeqs_;
    std::vector<uint32_t> taskEnd_; // [slot]
    size_t slot(TaskId t) const { return t == kNoTask || t >= taskCount_ ? taskCount_ : t; }
};

} // namespace ds
