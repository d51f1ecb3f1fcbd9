// SPDX-License-Identifier: GPL-2.0-or-later
// Runs simulated tasks one at a time as fibers on the caller's thread (each task has a stack of
// its own, entered through makecontext, and the scheduler switches with _setjmp/_longjmp; see
// scheduler.cpp), so every interleaving is decided by the schedule alone and a run replays bit for
// bit. Tasks switch only after an event (a decision point) or when the running task blocks,
// finishes or dies.
#pragma once

#include "sim/schedule.h"
#include "trace/event.h"

#include <ucontext.h>

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ds {

// Thrown inside a task to unwind it: the task died (BUG) or the run is torn down.
struct TaskDeath {};
struct TaskAbort {};

class Machine;

class Scheduler {
public:
    enum class State { Runnable, Blocked, Done, Dead };

    struct PreemptionPoint {
        uint32_t seq;
        int current;
        uint32_t runnableMask; // tasks that could run instead
    };
    // A read or write of shared state that no event shows (a lookup in the dentry hash finding
    // nothing, say), recorded with the points for explore's independence checks: it happened
    // after the event before `at` and before event `at`, in task `task`.
    struct Access {
        uint32_t at;
        int task;
        uint64_t key; // objectKey, childListKey or nameSlotKey (sim/machine.h)
        bool write;
    };

    explicit Scheduler(Schedule schedule) : schedule_(std::move(schedule)) { noteNextSwitch(); }
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    void addTask(std::function<void()> body);
    // The machine whose tasks these are: each task runs with it as machine().
    void bindMachine(Machine* m) { machine_ = m; }
    // Runs all tasks to completion (or until none can run). Returns the tasks left blocked.
    // An exception other than the scheduler's own that escapes a task (std::bad_alloc) stops
    // every task and is rethrown here.
    std::vector<int> run();

    // --- called from the tasks ---
    int current() const { return current_; }
    bool aborting() const { return abort_; }
    State state(int task) const { return tasks_[task].state; }
    size_t taskCount() const { return tasks_.size(); }
    // A decision point after event `e`; may hand the baton to another task.
    // Most events decide nothing: only a syscall's end, the schedule's next switch and, for
    // explore, the preemption points need the slow path.
    void afterEvent(const Event& e) {
        if (e.kind == EventKind::SyscallExit || e.seq >= nextSwitchSeq_ || recordPoints_) decide(e);
    }
    // The running task cannot go on until wake(); returns when it runs again.
    void block();
    void wake(int task);
    // The running task died (after its report was raised); hands the baton on, never returns.
    [[noreturn]] void die();
    // The running task ends the whole run (a limit was reached): every task unwinds as when the
    // run is torn down, run() returns; never returns.
    [[noreturn]] void abortRun();

    // Recording of the points where another task could have been chosen (explore; branching a run).
    void setRecordPoints(bool on) { recordPoints_ = on; }
    const std::vector<PreemptionPoint>& points() const { return points_; }
    const std::vector<Access>& accesses() const { return accesses_; }
    void noteAccess(uint32_t at, uint64_t key, bool write) {
        if (recordPoints_ && current_ >= 0) accesses_.push_back({at, current_, key, write});
    }
    // Switches of the schedule that could not be taken (task not runnable at that point).
    int impossibleSwitches() const { return impossibleSwitches_; }

private:
    struct Stack; // a task's stack (scheduler.cpp), reused from run to run on this thread
    struct StackDeleter {
        void operator()(Stack* s) const;
    };
    struct Task {
        std::function<void()> body;
        std::unique_ptr<Stack, StackDeleter> stack;
        ucontext_t context{}; // how it starts (makecontext); then its Stack's jmp_buf
        State state = State::Runnable;
        bool started = false;  // has run on its stack (so it must be unwound if not finished)
        bool finished = false; // its body returned or unwound: the stack is free
        int syscallsDone = 0;
    };
    void decide(const Event& e);
    void noteNextSwitch() {
        nextSwitchSeq_ = nextSwitch_ < schedule_.switches.size()
                             ? schedule_.switches[nextSwitch_].afterEvent
                             : kNoSwitch;
    }
    static constexpr uint32_t kNoSwitch = UINT32_MAX;
    static void trampoline(unsigned lo, unsigned hi);
    void taskMain(int index);
    // Switches from the running context (a task, or the driver: -1) to `next` (-1 = the driver).
    void switchTo(int next);
    void afterSwitch(void* fakeStack); // AddressSanitizer's end of a switch
    // A task's switch returned: unwind if the run is being torn down.
    void resumed();
    void unwindTasks(); // driver: unwinds every task still suspended on its stack
    int pickNext(int from) const;
    bool isPreemptionKind(EventKind k) const;

    Schedule schedule_;
    Machine* machine_ = nullptr;
    std::vector<Task> tasks_;
    void* driverStackBottom_ = nullptr; // for AddressSanitizer's fiber annotations
    size_t driverStackSize_ = 0;
    int current_ = -1;   // the running task; -1 = the driver (the thread that called run())
    int running_ = -1;   // whose stack runs now (a task unwinding runs as current_ == -1)
    bool abort_ = false; // the run is torn down: a task resumed now unwinds
    size_t nextSwitch_ = 0;
    uint32_t nextSwitchSeq_ = kNoSwitch; // afterEvent of schedule_.switches[nextSwitch_]
    size_t fixedIndex_ = 0;
    bool recordPoints_ = false;
    std::vector<PreemptionPoint> points_;
    std::vector<Access> accesses_;
    std::exception_ptr failure_; // what escaped a task, for run() to rethrow
    int impossibleSwitches_ = 0;
};

} // namespace ds
