// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/machine.h"

#include <algorithm>

namespace ds {

namespace detail {
thread_local Machine* tlsMachine = nullptr;
}

Machine::Machine() : previous_(detail::tlsMachine) {
    detail::tlsMachine = this;
}

Machine::~Machine() {
    detail::tlsMachine = previous_;
}

void Machine::reachEventLimit() {
    eventLimitReached_ = true;
    // Inside a task: stop every task (outside one, the caller checks eventLimitReached()).
    if (sched_ && currentTask() >= 0 && !sched_->aborting()) sched_->abortRun();
}

void Machine::setScheduler(Scheduler* s) {
    sched_ = s;
    if (s) s->bindMachine(this);
}

int Machine::addTask(std::string name) {
    tasks_.push_back(Task{std::move(name)});
    return static_cast<int>(tasks_.size() - 1);
}

const std::string& Machine::taskName(int t) const {
    static const std::string boot = "boot";
    return t >= 0 && t < static_cast<int>(tasks_.size()) ? tasks_[t].name : boot;
}

uint32_t Machine::currentStack() const {
    const int t = currentTask();
    return t >= 0 ? tasks_[t].stackNode : bootStack_;
}

std::vector<SymId> Machine::stackFrames(uint32_t stackId) const {
    std::vector<SymId> out;
    for (uint32_t n = stackId; n != 0; n = stackNodes_[n].parent)
        out.push_back(stackNodes_[n].fn);
    std::reverse(out.begin(), out.end());
    return out;
}

std::string Machine::formatStack(uint32_t stackId, std::string_view indent) const {
    std::vector<SymId> frames = stackFrames(stackId);
    std::string out;
    for (auto it = frames.rbegin(); it != frames.rend(); ++it)
        out += std::string(indent) + std::string(symbol(*it)) + "\n";
    return out;
}

std::vector<std::string> Machine::currentStackNames() const {
    const std::vector<SymId> frames = stackFrames(currentStack());
    std::vector<std::string> names;
    for (auto it = frames.rbegin(); it != frames.rend(); ++it)
        names.emplace_back(symbol(*it));
    return names;
}

void Machine::stampAlloc(Lifetime& life) const {
    life.allocSeq = nextSeq();
    life.allocStack = currentStack();
    life.allocTask = currentTaskId();
}

void Machine::stampFree(Lifetime& life) const {
    life.freed = true;
    life.freeSeq = nextSeq();
    life.freeStack = currentStack();
    life.freeTask = currentTaskId();
}

void Machine::addReport(Report r, ObjKind okind, ObjId obj, ObjId task, SrcId src) {
    reports_.push_back(std::move(r));
    const Report& filed = reports_.back();
    emit(EventKind::Report, okind, okind == ObjKind::Task ? task : obj,
         static_cast<int32_t>(reports_.size() - 1), 0, intern(filed.headline), src);
}

void Machine::bugOn(bool cond, std::string_view function, std::string_view where, ObjKind okind,
                    ObjId obj, std::string_view detail, SrcId src) {
    if (!cond) return;
    const int t = currentTask();
    Report r;
    r.kind = Report::Kind::Bug;
    r.function = std::string(function);
    r.headline = "kernel BUG at " + std::string(where) + "!";
    r.seq = nextSeq();
    r.task = currentTaskId();
    r.obj = obj;
    r.stack = currentStackNames();
    r.text = r.headline + "\n";
    // the oops counter counts oopses only, not the WARNs or KASAN reports before it
    const auto oopses = std::count_if(reports_.begin(), reports_.end(),
                                      [](const Report& p) { return p.kind == Report::Kind::Bug; });
    r.text += "invalid opcode: 0000 [#" + std::to_string(oopses + 1) + "] PREEMPT SMP\n";
    r.text += "Comm: " + taskName(t) + " (simulated by dentryscope)\n";
    r.text += "RIP: 0010:" + std::string(function) + " (" + std::string(where) + ")\n";
    r.text += std::string(detail) + "\n";
    r.text += "Call Trace:\n <TASK>\n";
    for (const std::string& f : r.stack)
        r.text += " " + f + "\n";
    r.text += " </TASK>\n";
    addReport(std::move(r), okind, obj, 0, src);
    if (t >= 0) {
        // make_task_dead -> do_exit: the dying task's files are closed (exit_files); what it held
        // inside the kernel at the BUG (locks, references on its victims) stays held. Once only:
        // a BUG while exiting does not exit again.
        if (exitHook_ && !tasks_[t].exiting) {
            tasks_[t].exiting = true;
            KFUNC(do_exit);
            exitHook_(t);
        }
        tasks_[t].dead = true;
        emit(EventKind::TaskExit, ObjKind::Task, static_cast<ObjId>(t), 1, 0, 0, src);
        sched_->die();
    }
}

std::shared_ptr<const Machine::Booted> Machine::Booted::save(const Machine& m) {
    if (m.sched_ || !m.tasks_.empty() || !m.reports_.empty() || !m.rcuPending_.empty() ||
        m.softirq_ || m.eventLimitReached_)
        return nullptr;
    return std::make_shared<const Booted>(
        Booted{m.events_, m.lastId_, m.stackNodes_, m.bootStack_});
}

void Machine::Booted::restore(Machine& m) const {
    m.events_ = events;
    m.lastId_ = lastId;
    m.stackNodes_ = stackNodes;
    m.bootStack_ = bootStack;
    m.tasks_.clear();
    m.reports_.clear();
    m.rcuPending_.clear();
    m.softirq_ = false;
    m.sched_ = nullptr;
    m.eventLimit_ = UINT64_MAX;
    m.eventLimitReached_ = false;
}

void Machine::rcu_barrier() {
    if (rcuPending_.empty() || softirq_) return;
    softirq_ = true;
    {
        KFUNC(rcu_do_batch);
        // callbacks may queue more; run until none is left
        for (size_t i = 0; i < rcuPending_.size(); ++i) {
            auto callback = std::move(rcuPending_[i]);
            callback();
        }
        rcuPending_.clear();
    }
    softirq_ = false;
}

void Machine::warn(std::string_view function, std::string headline, std::string detail,
                   ObjKind okind, ObjId obj, SrcId src) {
    const int t = currentTask();
    Report r;
    r.kind = Report::Kind::Warn;
    r.function = std::string(function);
    r.headline = std::move(headline);
    r.seq = nextSeq();
    r.task = currentTaskId();
    r.obj = obj;
    r.stack = currentStackNames();
    r.text = "------------[ cut here ]------------\n" + r.headline + "\n";
    r.text += "WARNING: at " + std::string(function) + " (task " + taskName(t) + ")\n";
    r.text += detail;
    r.text += "Call Trace:\n";
    for (const std::string& f : r.stack)
        r.text += " " + f + "\n";
    r.text += "---[ end trace ]---\n";
    addReport(std::move(r), okind, obj, 0, src);
}

bool Machine::checkAlive(const Lifetime& life, ObjKind okind, ObjId obj, std::string_view what,
                         SrcId src) {
    if (!life.freed) return true;
    const int t = currentTask();
    Report r;
    r.kind = Report::Kind::Kasan;
    r.function = std::string(what);
    r.headline = "BUG: KASAN: slab-use-after-free in " + std::string(what);
    r.seq = nextSeq();
    r.task = currentTaskId();
    r.obj = obj;
    r.stack = currentStackNames();
    r.text =
        "==================================================================\n" + r.headline + "\n";
    r.text += "Access to " + std::string(objKindName(okind)) + " #" + std::to_string(obj) +
              " by task " + taskName(t) + ":\n";
    for (const std::string& f : r.stack)
        r.text += " " + f + "\n";
    r.text += "\nAllocated by task " + taskName(life.allocTask == kNoTask ? -1 : life.allocTask) +
              " (event #" + std::to_string(life.allocSeq) + "):\n" +
              formatStack(life.allocStack, " ");
    r.text += "\nFreed by task " + taskName(life.freeTask == kNoTask ? -1 : life.freeTask) +
              " (event #" + std::to_string(life.freeSeq) + "):\n" +
              formatStack(life.freeStack, " ");
    r.text += "==================================================================\n";
    addReport(std::move(r), okind, obj, 0, src);
    return false;
}

void Machine::reportHang(const std::vector<int>& blockedTasks) {
    for (int t : blockedTasks) {
        Report r;
        r.kind = Report::Kind::Hang;
        const std::vector<SymId> frames = stackFrames(tasks_[t].stackNode); // outermost first
        r.function = frames.empty() ? std::string("schedule") : std::string(symbol(frames.back()));
        r.headline = "INFO: task " + tasks_[t].name + " blocked for more than 120 seconds.";
        r.seq = nextSeq();
        r.task = static_cast<TaskId>(t);
        for (auto it = frames.rbegin(); it != frames.rend(); ++it)
            r.stack.emplace_back(symbol(*it));
        r.text = r.headline + "\nCall Trace:\n";
        for (const std::string& f : r.stack)
            r.text += " " + f + "\n";
        addReport(std::move(r), ObjKind::Task, 0, static_cast<ObjId>(t), DS_HERE);
    }
}

} // namespace ds
