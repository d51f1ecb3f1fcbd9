// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/scheduler.h"

#include "sim/machine.h"

#include <utility>

namespace ds {

Scheduler::~Scheduler() {
    {
        std::lock_guard lock(mutex_);
        abort_ = true;
    }
    cv_.notify_all();
    for (Task& t : tasks_)
        if (t.thread.joinable()) t.thread.join();
}

void Scheduler::addTask(std::function<void()> body) {
    tasks_.push_back(Task{std::move(body), {}, State::Runnable, 0});
}

void Scheduler::waitForBaton(std::unique_lock<std::mutex>& lock, int self) {
    cv_.wait(lock, [&] { return current_ == self || abort_; });
    if (abort_ && current_ != self) throw TaskAbort{};
}

void Scheduler::taskMain(int index) {
    detail::tlsMachine = machine_;
    {
        std::unique_lock lock(mutex_);
        try {
            waitForBaton(lock, index);
        } catch (const TaskAbort&) {
            return;
        }
    }
    State end = State::Done;
    try {
        tasks_[index].body();
    } catch (const TaskDeath&) {
        end = State::Dead;
    } catch (const TaskAbort&) {
        return;
    } catch (...) {
        // Anything else (std::bad_alloc) ends the whole run; run() rethrows it on its thread.
        std::unique_lock lock(mutex_);
        failure_ = std::current_exception();
        abort_ = true;
        handTo(lock, -1);
        return;
    }
    std::unique_lock lock(mutex_);
    tasks_[index].state = end;
    handTo(lock, pickNext(index));
}

int Scheduler::pickNext(int from) const {
    const int n = static_cast<int>(tasks_.size());
    if (schedule_.base == Schedule::Base::Fixed && fixedIndex_ < schedule_.fixed.size()) {
        const int want = schedule_.fixed[fixedIndex_];
        if (want >= 0 && want < n && tasks_[want].state == State::Runnable) return want;
    }
    // Sequential: the lowest-numbered runnable task; round-robin: the next one after `from`.
    const int start = schedule_.base == Schedule::Base::RoundRobin ? from + 1 : 0;
    for (int i = 0; i < n; ++i) {
        const int t = ((start + i) % n + n) % n;
        if (tasks_[t].state == State::Runnable) return t;
    }
    return -1;
}

void Scheduler::handTo(std::unique_lock<std::mutex>& lock, int next) {
    (void)lock;
    current_ = next;
    cv_.notify_all();
}

std::vector<int> Scheduler::run() {
    for (size_t i = 0; i < tasks_.size(); ++i)
        tasks_[i].thread = std::thread([this, i] { taskMain(static_cast<int>(i)); });
    std::unique_lock lock(mutex_);
    handTo(lock, pickNext(-1));
    cv_.wait(lock, [&] { return current_ == -1; });
    std::vector<int> blocked;
    for (size_t i = 0; i < tasks_.size(); ++i)
        if (tasks_[i].state == State::Blocked) blocked.push_back(static_cast<int>(i));
    abort_ = true;
    lock.unlock();
    cv_.notify_all();
    for (Task& t : tasks_)
        if (t.thread.joinable()) t.thread.join();
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
    return blocked;
}

// Preemption points are the events that publish or consume shared state; switching after a
// function entry or a reference count change alone cannot expose anything new to another task.
bool Scheduler::isPreemptionKind(EventKind k) const {
    switch (k) {
    case EventKind::Alloc:
    case EventKind::Free:
    case EventKind::Hash:
    case EventKind::Unhash:
    case EventKind::Add:
    case EventKind::Instantiate:
    case EventKind::InLookup:
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::SetFsdata:
        return true;
    case EventKind::DirEmit: // a record copied to the task's own buffer publishes nothing
    case EventKind::DirSkip:
    case EventKind::CursorMove: // under the directory's lock, like the list walk before it
        return false;
    default:
        return false;
    }
}

void Scheduler::decide(const Event& e) {
    const int self = current_;
    if (self < 0) return; // boot work on the driver thread
    int next = self;
    const bool syscallDone = e.kind == EventKind::SyscallExit;
    if (syscallDone) {
        ++tasks_[self].syscallsDone;
        if (schedule_.base == Schedule::Base::Fixed && fixedIndex_ < schedule_.fixed.size()) {
            ++fixedIndex_;
            next = pickNext(self);
        } else if (schedule_.base == Schedule::Base::RoundRobin) {
            next = pickNext(self);
        }
    }
    // Recorded also where the schedule switches, so a run branched there knows its alternatives.
    if (recordPoints_ && isPreemptionKind(e.kind)) {
        uint32_t mask = 0;
        for (size_t i = 0; i < tasks_.size(); ++i)
            if (static_cast<int>(i) != self && tasks_[i].state == State::Runnable) mask |= 1u << i;
        if (mask) points_.push_back({e.seq, self, mask});
    }
    // A switch after an event no task emitted (boot work before the first task runs) can never be
    // taken: skip it as impossible instead of letting it hold back every later switch.
    while (nextSwitch_ < schedule_.switches.size() &&
           schedule_.switches[nextSwitch_].afterEvent < e.seq) {
        ++nextSwitch_;
        ++impossibleSwitches_;
        noteNextSwitch();
    }
    if (nextSwitch_ < schedule_.switches.size() &&
        schedule_.switches[nextSwitch_].afterEvent == e.seq) {
        const int want = schedule_.switches[nextSwitch_++].task;
        noteNextSwitch();
        if (want >= 0 && want < static_cast<int>(tasks_.size()) &&
            tasks_[want].state == State::Runnable)
            next = want;
        else
            ++impossibleSwitches_;
    }
    if (next == self || next < 0) return;
    std::unique_lock lock(mutex_);
    handTo(lock, next);
    waitForBaton(lock, self);
}

void Scheduler::block() {
    const int self = current_;
    std::unique_lock lock(mutex_);
    tasks_[self].state = State::Blocked;
    handTo(lock, pickNext(self));
    waitForBaton(lock, self);
}

void Scheduler::wake(int task) {
    if (task >= 0 && task < static_cast<int>(tasks_.size()) && tasks_[task].state == State::Blocked)
        tasks_[task].state = State::Runnable;
}

void Scheduler::die() {
    throw TaskDeath{};
}

void Scheduler::abortRun() {
    {
        std::lock_guard lock(mutex_);
        abort_ = true;
        current_ = -1; // run() waits for the baton to come back to the driver
    }
    cv_.notify_all();
    throw TaskAbort{};
}

} // namespace ds
