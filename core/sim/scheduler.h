// SPDX-License-Identifier: GPL-2.0-or-later
// Runs simulated tasks one at a time on threads that pass a baton, so every interleaving is
// decided by the schedule alone and a run replays bit for bit. Tasks switch only after an
// event (a decision point) or when the running task blocks, finishes or dies.
#pragma once

#include "sim/schedule.h"
#include "trace/event.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ds {

// Thrown inside a task's thread to unwind it: the task died (BUG) or the run is torn down.
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

    explicit Scheduler(Schedule schedule) : schedule_(std::move(schedule)) { noteNextSwitch(); }
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    void addTask(std::function<void()> body);
    // The machine whose tasks these are: each task thread runs with it as machine().
    void bindMachine(Machine* m) { machine_ = m; }
    // Runs all tasks to completion (or until none can run). Returns the tasks left blocked.
    // An exception other than the scheduler's own that escapes a task (std::bad_alloc) stops
    // every task and is rethrown here.
    std::vector<int> run();

    // --- called from task threads ---
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
    // Switches of the schedule that could not be taken (task not runnable at that point).
    int impossibleSwitches() const { return impossibleSwitches_; }

private:
    struct Task {
        std::function<void()> body;
        std::thread thread;
        State state = State::Runnable;
        int syscallsDone = 0;
    };
    void decide(const Event& e);
    void noteNextSwitch() {
        nextSwitchSeq_ = nextSwitch_ < schedule_.switches.size()
                             ? schedule_.switches[nextSwitch_].afterEvent
                             : kNoSwitch;
    }
    static constexpr uint32_t kNoSwitch = UINT32_MAX;
    void taskMain(int index);
    void handTo(std::unique_lock<std::mutex>& lock, int next); // caller is the running task
    void waitForBaton(std::unique_lock<std::mutex>& lock, int self);
    int pickNext(int from) const;
    bool isPreemptionKind(EventKind k) const;

    Schedule schedule_;
    Machine* machine_ = nullptr;
    std::vector<Task> tasks_;
    std::mutex mutex_;
    std::condition_variable cv_;
    int current_ = -1;                // task holding the baton; -1 = the driver thread
    std::atomic<bool> abort_ = false; // read without the lock by unwinding tasks
    size_t nextSwitch_ = 0;
    uint32_t nextSwitchSeq_ = kNoSwitch; // afterEvent of schedule_.switches[nextSwitch_]
    size_t fixedIndex_ = 0;
    bool recordPoints_ = false;
    std::vector<PreemptionPoint> points_;
    std::exception_ptr failure_; // what escaped a task, for run() to rethrow
    int impossibleSwitches_ = 0;
};

} // namespace ds
