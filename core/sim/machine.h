// SPDX-License-Identifier: GPL-2.0-or-later
// The simulated machine: tasks, their kernel call stacks, event emission and the checker. It
// knows no filesystem object: the VFS and the filesystems call it the way kernel code uses
// `current`, the function-graph tracer, BUG_ON and KASAN.
//
// Like `current` in the kernel, the running machine is implicit: a Machine binds itself to the
// thread that creates it and to its scheduler's task threads, and machine() returns it there.
#pragma once

#include "sim/lifetime.h"
#include "sim/scheduler.h"
#include "trace/event.h"
#include "trace/event_log.h"
#include "trace/report.h"
#include "trace/run.h"
#include "trace/symbols.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ds {

class Machine;

namespace detail {
extern thread_local Machine* tlsMachine;
}

// The machine of the running simulated context (see the file comment).
inline Machine& machine() {
    return *detail::tlsMachine;
}

class Machine {
public:
    // Binds itself to this thread until destroyed (the previous binding comes back then).
    Machine();
    ~Machine();
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    // Makes `m` the running machine of this thread for the scope's life (driver-thread work on
    // a machine other than the newest, e.g. with two machines alive).
    class Scope {
    public:
        explicit Scope(Machine& m) : previous_(detail::tlsMachine) { detail::tlsMachine = &m; }
        ~Scope() { detail::tlsMachine = previous_; }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        Machine* previous_;
    };

    // ---- events ----
    void emit(EventKind kind, ObjKind okind, ObjId obj, int32_t a, int32_t b, SymId sym, SrcId src,
              uint8_t aux = 0) {
        const int t = currentTask();
        const Event e{static_cast<uint32_t>(events_.size()),
                      kind,
                      static_cast<TaskId>(t < 0 ? kNoTask : t),
                      okind,
                      aux,
                      obj,
                      a,
                      b,
                      sym,
                      src};
        events_.push_back(e);
        if (sched_ && t >= 0) sched_->afterEvent(e);
    }
    // At most about `limit` events: a task that starts a syscall once the log holds `limit`
    // events ends the run instead (every task unwinds as when the run is torn down), so a run
    // overshoots by at most one syscall; eventLimitReached() then says so. Checked at syscall
    // entry, never in an event's own path, because events are also emitted by destructors.
    void setEventLimit(std::uint64_t limit) { eventLimit_ = limit; }
    bool eventLimitReached() const { return eventLimitReached_; }
    void checkEventLimit() {
        if (events_.size() >= eventLimit_) [[unlikely]]
            reachEventLimit();
    }
    const EventLog& events() const { return events_; }
    EventLog takeEvents() {
        events_.shrinkToFit();
        return std::move(events_);
    }
    uint32_t nextSeq() const { return static_cast<uint32_t>(events_.size()); }
    ObjId newId() { return ++lastId_; }

    // ---- tasks ----
    int addTask(std::string name);
    const std::string& taskName(int t) const; // "boot" outside tasks
    int taskCount() const { return static_cast<int>(tasks_.size()); }
    // -1 outside tasks: boot work, and RCU callbacks (softirq context)
    int currentTask() const { return sched_ && !softirq_ ? sched_->current() : -1; }
    TaskId currentTaskId() const {
        const int t = currentTask();
        return static_cast<TaskId>(t < 0 ? kNoTask : t);
    }
    // Lock owner id of the running context: the task, or a boot owner outside tasks.
    TaskId lockOwner() const {
        const int t = currentTask();
        return t < 0 ? TaskId(0xfe) : static_cast<TaskId>(t);
    }
    // What do_exit does for a task that dies in a BUG, besides dying: the VFS closes its files
    // (exit_files). The machine knows no file, so the booted system installs it.
    void setExitHook(std::function<void(int task)> hook) { exitHook_ = std::move(hook); }
    // The scheduler runs the tasks; its task threads are bound to this machine.
    void setScheduler(Scheduler* s);
    Scheduler* scheduler() { return sched_; }
    // True while the running task unwinds: it died (BUG) or the run is being torn down.
    bool unwinding() const {
        if (!sched_) return false;
        if (sched_->aborting()) return true;
        const int t = sched_->current();
        return t >= 0 && tasks_[t].dead;
    }

    // ---- RCU ----
    // The callback runs after a grace period: here, once the syscall that queued it has
    // returned (or at the end of the run), in softirq context (no task, no switch point).
    void call_rcu(std::function<void()> callback) { rcuPending_.push_back(std::move(callback)); }
    // Runs every queued callback (rcu_do_batch); also what rcu_barrier does at the end.
    void rcu_barrier();

    // ---- call stacks (a trie: a stack id is a node) ----
    uint32_t currentStack() const;
    std::vector<SymId> stackFrames(uint32_t stackId) const; // outermost first
    std::string formatStack(uint32_t stackId, std::string_view indent = "  ") const;
    void pushFrame(SymId fn);
    void popFrame();

    // ---- object lifetimes: who allocated and freed it, for every kind of object ----
    void stampAlloc(Lifetime& life) const;
    void stampFree(Lifetime& life) const;

    // ---- the checker ----
    const std::vector<Report>& reports() const { return reports_; }
    std::vector<Report> takeReports() { return std::move(reports_); }
    // BUG_ON(cond): raises an oops and kills the current task.
    void bugOn(bool cond, std::string_view function, std::string_view where, ObjKind okind,
               ObjId obj, std::string_view detail, SrcId src);
    void warn(std::string_view function, std::string headline, std::string detail, ObjKind okind,
              ObjId obj, SrcId src);
    // Use of a freed object: KASAN-style report (the access does not happen).
    bool checkAlive(const Lifetime& life, ObjKind okind, ObjId obj, std::string_view what,
                    SrcId src);
    void reportHang(const std::vector<int>& blockedTasks);
    // Files a report built elsewhere (ref_tracker at unmount) and emits its event.
    void addReport(Report r, ObjKind okind, ObjId obj, ObjId task, SrcId src);
    // The innermost-first function names of the current stack, as reports list them.
    std::vector<std::string> currentStackNames() const;

    // ---- a booted machine kept for many runs (explore, System::save): Booted below ----
    struct Booted;

private:
    struct Task {
        std::string name;
        uint32_t stackNode = 0; // its kernel call stack: a node of the call-stack trie
        bool dead = false;
        bool exiting = false; // in do_exit after a BUG
    };
    // call-stack trie; a node's children are a sibling list (a node has a handful of callees)
    struct StackNode {
        uint32_t parent;
        SymId fn;
        uint32_t firstChild = 0;
        uint32_t nextSibling = 0;
    };

    void reachEventLimit();

    Machine* previous_ = nullptr;
    std::function<void(int)> exitHook_;
    std::uint64_t eventLimit_ = UINT64_MAX;
    bool eventLimitReached_ = false;
    Scheduler* sched_ = nullptr;
    EventLog events_;
    std::vector<Task> tasks_;
    std::vector<Report> reports_;
    ObjId lastId_ = 0;
    std::vector<StackNode> stackNodes_{{0, 0}};
    uint32_t bootStack_ = 0; // call stack of work done outside tasks (mount)
    std::vector<std::function<void()>> rcuPending_;
    bool softirq_ = false; // running RCU callbacks
};

// What boot left: its events, the next id, the call stacks. A nested type, so that the
// machine's own interface stays small.
struct Machine::Booted {
    // Null while tasks, reports or RCU callbacks exist: a fresh boot has none.
    static std::shared_ptr<const Booted> save(const Machine& m);
    // Puts `m` back in this state: its next event, id and call stack are a fresh boot's.
    void restore(Machine& m) const;

    EventLog events;
    ObjId lastId = 0;
    std::vector<StackNode> stackNodes;
    uint32_t bootStack = 0;
};

// Entering a function moves the task to the trie node (its stack, fn); children are found on a
// short sibling list and made on first use, so ids are deterministic.
inline void Machine::pushFrame(SymId fn) {
    const int t = currentTask();
    uint32_t& node = t >= 0 ? tasks_[t].stackNode : bootStack_;
    uint32_t child = stackNodes_[node].firstChild;
    while (child && stackNodes_[child].fn != fn)
        child = stackNodes_[child].nextSibling;
    if (!child) {
        child = static_cast<uint32_t>(stackNodes_.size());
        stackNodes_.push_back(StackNode{node, fn, 0, stackNodes_[node].firstChild});
        stackNodes_[node].firstChild = child;
    }
    node = child;
}

inline void Machine::popFrame() {
    const int t = currentTask();
    uint32_t& node = t >= 0 ? tasks_[t].stackNode : bootStack_;
    node = stackNodes_[node].parent;
}

// ---- what kernel code calls, on the running machine ----

inline void emit(EventKind kind, ObjKind okind, ObjId obj, int32_t a, int32_t b, SymId sym,
                 SrcId src, uint8_t aux = 0) {
    machine().emit(kind, okind, obj, a, b, sym, src, aux);
}
inline uint32_t nextSeq() {
    return machine().nextSeq();
}
inline int currentTask() {
    return machine().currentTask();
}
// What kernel code reads or writes without an event, for explore (Scheduler::Access), by key:
// - an object (the same key explore gives an event's object);
// - a dentry's list of children (d_children), apart from the dentry;
// - the slot of name `name` under directory dentry `parent` in the primary or the in-lookup
//   dentry hash: a lookup that finds nothing reads it, adding or removing a dentry writes it.
inline uint64_t objectKey(ObjKind k, ObjId id) {
    return (uint64_t(k) << 32) | id;
}
inline uint64_t childListKey(ObjKind k, ObjId id) {
    return objectKey(k, id) | (uint64_t(1) << 40);
}
inline uint64_t nameSlotKey(ObjId parent, SymId name) {
    return (uint64_t(1) << 63) | (uint64_t(parent & 0x7fffffffu) << 32) | name;
}
// - the state a filesystem keeps to itself (eventfs's lists, `is_freed`, the dentry pointers of
//   the older designs): explore counts every event inside a tracefs function as reading it,
//   and tracefs code notes where it changes it without an event (noteFsWrite).
inline constexpr uint64_t kFsStateKey = uint64_t(1) << 48;
inline void noteAccess(uint64_t key, bool write) {
    Machine& m = machine();
    if (Scheduler* s = m.scheduler()) s->noteAccess(m.nextSeq(), key, write);
}
inline void noteFsWrite() {
    noteAccess(kFsStateKey, true);
}
inline void bugOn(bool cond, std::string_view function, std::string_view where, ObjKind okind,
                  ObjId obj, std::string_view detail, SrcId src) {
    if (cond) machine().bugOn(cond, function, where, okind, obj, detail, src);
}
inline void warn(std::string_view function, std::string headline, std::string detail, ObjKind okind,
                 ObjId obj, SrcId src) {
    machine().warn(function, std::move(headline), std::move(detail), okind, obj, src);
}
inline bool checkAlive(const Lifetime& life, ObjKind okind, ObjId obj, std::string_view what,
                       SrcId src) {
    return !life.freed || machine().checkAlive(life, okind, obj, what, src);
}

// A syscall's enter and exit events; their sequence numbers go into the record.
inline void syscallEnter(SymId name, int32_t a, SyscallRecord& rec, SrcId src, int32_t b = 0) {
    machine().checkEventLimit();
    rec.enterSeq = nextSeq();
    emit(EventKind::SyscallEnter, ObjKind::None, 0, a, b, name, src);
}
inline void syscallExit(SymId name, int64_t ret, SyscallRecord& rec, SrcId src) {
    rec.exitSeq = nextSeq();
    emit(EventKind::SyscallExit, ObjKind::None, 0, static_cast<int32_t>(ret), 0, name, src);
    // a grace period ends after the syscall returns (real kernels: some ms later)
    machine().rcu_barrier();
}

// Enters a kernel function for the function-graph events; exits on scope end unless the task
// is unwinding because it died (its stack then stays as the oops shows it).
class FuncScope {
public:
    FuncScope(SymId fn, SrcId src) : m_(machine()), fn_(fn), src_(src) {
        m_.emit(EventKind::FuncEnter, ObjKind::None, 0, 0, 0, fn_, src_);
        m_.pushFrame(fn_);
    }
    ~FuncScope() {
        // A task that died keeps its stack as the oops shows it: no exits while unwinding.
        if (m_.unwinding()) return;
        m_.popFrame();
        m_.emit(EventKind::FuncExit, ObjKind::None, 0, 0, 0, fn_, src_);
    }
    FuncScope(const FuncScope&) = delete;
    FuncScope& operator=(const FuncScope&) = delete;

private:
    Machine& m_;
    SymId fn_;
    SrcId src_;
};

#define DS_CAT2(a, b) a##b
#define DS_CAT(a, b) DS_CAT2(a, b)
// KFUNC(name): the enclosing block is the kernel function `name` (enter now, exit at its end).
#define KFUNC(fn) ::ds::FuncScope DS_CAT(ds_func_, __LINE__)(DS_SYM(#fn), DS_HERE)

} // namespace ds
