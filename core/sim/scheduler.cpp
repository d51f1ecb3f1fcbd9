// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/scheduler.h"

#include "sim/machine.h"

#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <csetjmp>
#include <cstdint>
#include <new>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define DS_ASAN_FIBERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DS_ASAN_FIBERS 1
#endif
#endif
#ifdef DS_ASAN_FIBERS
#include <sanitizer/common_interface_defs.h>
#endif

namespace ds {

// ---- stacks ----
//
// As large as a thread's default (the engine's simulated call stacks are deep, and sanitizers
// make frames larger), reserved without backing: only the pages a task touches cost memory.
// The lowest page is a guard, so an overflow faults instead of corrupting a neighbour.
// Stacks are kept for the next run on the same thread: explore runs tens of thousands of
// schedules, and an mmap + munmap per task per run would cost more than the switches.
struct Scheduler::Stack {
    void* base = nullptr; // the mapping, guard page included
    size_t size = 0;
    jmp_buf resume{}; // where the task goes on when switched to (once it has started)
    char* bottom() const { return static_cast<char*>(base) + pageSize(); }
    size_t usable() const { return size - pageSize(); }
    static size_t pageSize() {
        static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        return page;
    }
};

namespace {

// Where the driver (the thread in run()) goes on. A thread runs one scheduler's tasks at a time
// (run() returns only once every task is finished or unwound), so one per thread is enough.
thread_local jmp_buf tlsDriverResume;

constexpr size_t kStackBytes = size_t{8} << 20;
constexpr size_t kPooledStacks = 32;

struct StackPool {
    std::vector<void*> free;
    ~StackPool() {
        for (void* p : free)
            munmap(p, kStackBytes);
    }
};
thread_local StackPool tlsStacks;

void* mapStack() {
    if (!tlsStacks.free.empty()) {
        void* p = tlsStacks.free.back();
        tlsStacks.free.pop_back();
        return p;
    }
    void* p = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    if (mprotect(p, sysconf(_SC_PAGESIZE), PROT_NONE) != 0) {
        munmap(p, kStackBytes);
        throw std::bad_alloc();
    }
    return p;
}

// AddressSanitizer must be told of every switch between stacks, or it takes the other stack's
// frames for overflows (and its fake stacks leak).
void startSwitch([[maybe_unused]] void** fakeStackSave, [[maybe_unused]] const void* bottom,
                 [[maybe_unused]] size_t size) {
#ifdef DS_ASAN_FIBERS
    __sanitizer_start_switch_fiber(fakeStackSave, bottom, size);
#endif
}
void finishSwitch([[maybe_unused]] void* fakeStack, [[maybe_unused]] const void** oldBottom,
                  [[maybe_unused]] size_t* oldSize) {
#ifdef DS_ASAN_FIBERS
    __sanitizer_finish_switch_fiber(fakeStack, oldBottom, oldSize);
#endif
}

// A context that calls entry(lo, hi) of `self` on the given stack. Apart from switchTo: getcontext
// returns twice, like _setjmp.
[[gnu::noinline]] void prepare(ucontext_t& ctx, void* stack, size_t size,
                               void (*entry)(unsigned, unsigned), uintptr_t self) {
    getcontext(&ctx);
    ctx.uc_stack.ss_sp = stack;
    ctx.uc_stack.ss_size = size;
    ctx.uc_link = nullptr;
    makecontext(&ctx, reinterpret_cast<void (*)()>(entry), 2, unsigned(self & 0xffffffffu),
                unsigned(self >> 32));
}

// Saves where the running context goes on in `save` and continues `to` (or starts `start`);
// returns when something jumps back to `save`. Never inlined nor cloned: its frame is the one
// _setjmp saved (clang has no noclone and does not clone such functions).
#if defined(__clang__)
#define DS_JUMP_ATTRIBUTES [[gnu::noinline]]
#else
#define DS_JUMP_ATTRIBUTES [[gnu::noinline, gnu::noclone]]
#endif
DS_JUMP_ATTRIBUTES void jump(jmp_buf& save, jmp_buf& to, ucontext_t* start) {
    jmp_buf* volatile target = &to;
    ucontext_t* volatile first = start;
    if (_setjmp(save) == 0) {
        if (first) setcontext(first);
        _longjmp(*target, 1);
    }
}

} // namespace

void Scheduler::StackDeleter::operator()(Stack* s) const {
    if (!s) return;
    if (tlsStacks.free.size() < kPooledStacks)
        tlsStacks.free.push_back(s->base);
    else
        munmap(s->base, s->size);
    delete s;
}

Scheduler::~Scheduler() {
    unwindTasks();
}

void Scheduler::addTask(std::function<void()> body) {
    Task t;
    t.body = std::move(body);
    tasks_.push_back(std::move(t));
}

void Scheduler::trampoline(unsigned lo, unsigned hi) {
    auto* self = reinterpret_cast<Scheduler*>((uintptr_t(hi) << 32) | uintptr_t(lo));
    self->taskMain(self->running_);
}

// A task starts on its own stack through makecontext and setcontext; after that, tasks and the
// driver switch with _setjmp/_longjmp, which neither saves nor restores the signal mask (no
// system call per switch, unlike swapcontext) and which AddressSanitizer handles with the
// annotations below (it warns about every program that calls swapcontext).
void Scheduler::switchTo(int next) {
    const int from = running_;
    if (from == next) return;
    running_ = next;
    // A finished task never comes back: ASan may free its fake stack (null save slot).
    void* fakeStack = nullptr;
    const bool leaving = from >= 0 && tasks_[from].finished;
    const bool start = next >= 0 && !tasks_[next].started;
    if (start) {
        Task& t = tasks_[next];
        t.started = true;
        t.stack.reset(new Stack{mapStack(), kStackBytes});
        prepare(t.context, t.stack->bottom(), t.stack->usable(), &Scheduler::trampoline,
                reinterpret_cast<uintptr_t>(this));
    }
    if (next < 0)
        startSwitch(leaving ? nullptr : &fakeStack, driverStackBottom_, driverStackSize_);
    else
        startSwitch(leaving ? nullptr : &fakeStack, tasks_[next].stack->bottom(),
                    tasks_[next].stack->usable());
    jump(from < 0 ? tlsDriverResume : tasks_[from].stack->resume,
         next < 0 ? tlsDriverResume : tasks_[next].stack->resume,
         start ? &tasks_[next].context : nullptr);
    afterSwitch(fakeStack);
}

void Scheduler::afterSwitch(void* fakeStack) {
    const void* oldBottom = nullptr;
    size_t oldSize = 0;
    finishSwitch(fakeStack, &oldBottom, &oldSize);
    // The first switch always leaves the driver: that is how its stack becomes known.
    if (!driverStackBottom_ && oldBottom) {
        driverStackBottom_ = const_cast<void*>(oldBottom);
        driverStackSize_ = oldSize;
    }
}

void Scheduler::resumed() {
    if (!abort_) return;
    current_ = -1; // destructors run while unwinding emit as no task, as the driver does
    throw TaskAbort{};
}

void Scheduler::taskMain(int index) {
    afterSwitch(nullptr);
    State end = State::Done;
    bool aborted = false;
    try {
        if (abort_) throw TaskAbort{};
        tasks_[index].body();
    } catch (const TaskDeath&) {
        end = State::Dead;
    } catch (const TaskAbort&) {
        aborted = true;
    } catch (...) {
        // Anything else (std::bad_alloc) ends the whole run; run() rethrows it on its thread.
        failure_ = std::current_exception();
        abort_ = true;
        aborted = true;
    }
    tasks_[index].finished = true;
    if (aborted) {
        current_ = -1;
        switchTo(-1);
    } else {
        tasks_[index].state = end;
        current_ = pickNext(index);
        switchTo(current_);
    }
    __builtin_unreachable(); // a finished task is never switched to again
}

void Scheduler::unwindTasks() {
    abort_ = true;
    for (size_t i = 0; i < tasks_.size(); ++i) {
        if (!tasks_[i].started || tasks_[i].finished) continue;
        current_ = static_cast<int>(i);
        switchTo(current_); // it resumes in switchTo, sees abort_ and unwinds back here
    }
    current_ = -1;
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

std::vector<int> Scheduler::run() {
    Machine* const previous = detail::tlsMachine;
    if (machine_) detail::tlsMachine = machine_;
    abort_ = false;
    current_ = pickNext(-1);
    // Back here once no task can run, or the run ends early (a limit, an escaped exception).
    if (current_ >= 0) switchTo(current_);
    current_ = -1;
    std::vector<int> blocked;
    for (size_t i = 0; i < tasks_.size(); ++i)
        if (tasks_[i].state == State::Blocked) blocked.push_back(static_cast<int>(i));
    unwindTasks();
    detail::tlsMachine = previous;
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
    if (self < 0) return; // boot work on the driver, or a task unwinding
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
    // Recorded also where the schedule switches, so a run branched there knows its alternatives
    // (an anchored switch may follow an event that is no preemption point, a function's return).
    const bool switchHere = nextSwitch_ < schedule_.switches.size() &&
                            schedule_.switches[nextSwitch_].afterEvent == e.seq;
    if (recordPoints_ && (isPreemptionKind(e.kind) || switchHere)) {
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
    current_ = next;
    switchTo(next);
    resumed();
}

void Scheduler::block() {
    const int self = current_;
    tasks_[self].state = State::Blocked;
    current_ = pickNext(self);
    switchTo(current_);
    resumed();
}

void Scheduler::wake(int task) {
    if (task >= 0 && task < static_cast<int>(tasks_.size()) && tasks_[task].state == State::Blocked)
        tasks_[task].state = State::Runnable;
}

void Scheduler::die() {
    throw TaskDeath{};
}

void Scheduler::abortRun() {
    abort_ = true;
    current_ = -1; // the task unwinds as no task and then hands back to run()
    throw TaskAbort{};
}

} // namespace ds
