// SPDX-License-Identifier: GPL-2.0-or-later
// The indexes a Replay builds over the whole log in one pass (lifespans, events per object, call
// frames by task and depth, syscall spans, counter samples, reports, task ends) with the queries
// and the navigation the GUI asks of them; the checkpoints come from folding (fold.cpp).
#include "replay/replay.h"

#include "replay/object_kinds.h"
#include "trace/symbols.h"

#include <algorithm>

namespace ds {

Replay::Replay(std::span<const Event> events, uint32_t interval)
    : events_(events), interval_(std::max<uint32_t>(interval, 1)) {
    build();
}

void Replay::build() {
    pinSym_ = intern("pin");
    // Pass 1: sizes.
    for (const Event& e : events_) {
        if (isObjectKind(e.okind)) maxId_ = std::max(maxId_, e.obj);
        if (e.task != kNoTask) taskCount_ = std::max<size_t>(taskCount_, size_t(e.task) + 1);
        if (e.kind == EventKind::TaskExit && e.obj < kNoTask)
            taskCount_ = std::max<size_t>(taskCount_, size_t(e.obj) + 1);
    }
    const size_t slots = taskCount_ + 1;
    spans_.assign(size_t(maxId_) + 1, Lifespan{});
    objEventStart_.assign(size_t(maxId_) + 2, 0);
    calls_.assign(1, CallFrame{});
    callsByTaskDepth_.assign(slots, {});
    syscallsByTask_.assign(slots, {});
    taskEnd_.assign(slots, kNever);
    std::vector<uint32_t> curNode(slots, 0);
    std::vector<SrcId> lastSrc(slots, 0);
    std::vector<uint32_t> openSyscall(slots, kNever);
    int32_t dentries = 0, inodes = 0;
    samples_.clear();
    samples_.push_back(CounterSample{0, 0, 0});

    // Pass 2: everything precomputed.
    for (const Event& e : events_) {
        const size_t sl = slot(e.task);
        if (isObjectKind(e.okind) && e.obj) ++objEventStart_[e.obj + 1];
        switch (e.kind) {
        case EventKind::FuncEnter: {
            const auto node = static_cast<uint32_t>(calls_.size());
            CallFrame f;
            f.parent = curNode[sl];
            f.fn = e.sym;
            f.enterSeq = e.seq;
            f.enterSrc = e.src;
            f.callSite = lastSrc[sl];
            f.task = e.task;
            f.depth = f.parent ? static_cast<uint16_t>(calls_[f.parent].depth + 1) : 0;
            calls_.push_back(f);
            auto& byDepth = callsByTaskDepth_[sl];
            if (byDepth.size() <= f.depth) byDepth.resize(size_t(f.depth) + 1);
            byDepth[f.depth].push_back(node);
            curNode[sl] = node;
            lastSrc[sl] = e.src;
            break;
        }
        case EventKind::FuncExit:
            if (const uint32_t node = curNode[sl]) {
                calls_[node].exitSeq = e.seq;
                curNode[sl] = calls_[node].parent;
                lastSrc[sl] = calls_[node].callSite;
            }
            break;
        case EventKind::SyscallEnter: {
            SyscallSpan sp;
            sp.task = e.task;
            sp.enterSeq = e.seq;
            sp.name = e.sym;
            sp.arg = e.a;
            sp.obj = e.obj;
            openSyscall[sl] = static_cast<uint32_t>(syscalls_.size());
            syscallsByTask_[sl].push_back(openSyscall[sl]);
            syscalls_.push_back(sp);
            lastSrc[sl] = e.src;
            break;
        }
        case EventKind::SyscallExit:
            if (openSyscall[sl] != kNever) {
                syscalls_[openSyscall[sl]].exitSeq = e.seq;
                syscalls_[openSyscall[sl]].ret = e.a;
                openSyscall[sl] = kNever;
            }
            lastSrc[sl] = e.src;
            break;
        default:
            lastSrc[sl] = e.src;
            break;
        }
        if (e.kind == EventKind::Alloc && isObjectKind(e.okind) && e.obj) {
            Lifespan& sp = spans_[e.obj];
            sp.kind = e.okind;
            sp.allocSeq = e.seq;
            sp.freeSeq = kNever;
            if (e.okind == ObjKind::Dentry) ++dentries;
            if (e.okind == ObjKind::Inode) ++inodes;
            if (e.okind == ObjKind::Dentry || e.okind == ObjKind::Inode)
                samples_.push_back(CounterSample{e.seq + 1, dentries, inodes});
        } else if (e.kind == EventKind::Free && isObjectKind(e.okind) && e.obj) {
            Lifespan& sp = spans_[e.obj];
            if (sp.freeSeq == kNever && sp.allocSeq != kNever) {
                sp.freeSeq = e.seq;
                if (sp.kind == ObjKind::Dentry) --dentries;
                if (sp.kind == ObjKind::Inode) --inodes;
                if (sp.kind == ObjKind::Dentry || sp.kind == ObjKind::Inode)
                    samples_.push_back(CounterSample{e.seq + 1, dentries, inodes});
            }
        } else if (e.kind == EventKind::Report) {
            reportSeqs_.push_back(e.seq);
        } else if (e.kind == EventKind::TaskExit && e.obj < kNoTask) {
            taskEnd_[slot(static_cast<TaskId>(e.obj))] = e.seq;
        }
    }
    // Events per object (CSR).
    for (size_t i = 1; i < objEventStart_.size(); ++i)
        objEventStart_[i] += objEventStart_[i - 1];
    objEvents_.resize(objEventStart_.back());
    {
        std::vector<uint32_t> fill(objEventStart_.begin(), objEventStart_.end() - 1);
        for (const Event& e : events_)
            if (isObjectKind(e.okind) && e.obj) objEvents_[fill[e.obj]++] = e.seq;
    }

    // Pass 3: fold, keeping a checkpoint every interval_ events.
    StateAt s = emptyState();
    checkpoints_.reserve(events_.size() / interval_ + 1);
    checkpoints_.push_back(s);
    for (const Event& e : events_) {
        apply(s, e);
        if (s.step_ % interval_ == 0) checkpoints_.push_back(s);
    }
    cur_ = checkpoints_.front();
}

const Lifespan& Replay::lifespan(ObjId id) const {
    static const Lifespan none{};
    return id < spans_.size() ? spans_[id] : none;
}

std::span<const uint32_t> Replay::eventsOf(ObjId id) const {
    if (id == 0 || size_t(id) + 1 >= objEventStart_.size()) return {};
    return std::span<const uint32_t>(objEvents_)
        .subspan(objEventStart_[id], objEventStart_[id + 1] - objEventStart_[id]);
}

std::span<const uint32_t> Replay::callsAt(TaskId task, int depth) const {
    const auto& byDepth = callsByTaskDepth_[slot(task)];
    if (depth < 0 || size_t(depth) >= byDepth.size()) return {};
    return byDepth[size_t(depth)];
}

int Replay::maxDepth(TaskId task) const {
    return static_cast<int>(callsByTaskDepth_[slot(task)].size());
}

std::span<const uint32_t> Replay::syscallsOf(TaskId task) const {
    return syscallsByTask_[slot(task)];
}

CounterSample Replay::countersAt(uint32_t step) const {
    auto it = std::upper_bound(samples_.begin(), samples_.end(), step,
                               [](uint32_t s, const CounterSample& c) { return s < c.step; });
    return it == samples_.begin() ? samples_.front() : *std::prev(it);
}

uint32_t Replay::taskEndSeq(TaskId task) const {
    return taskEnd_[slot(task)];
}

uint32_t Replay::frameOf(TaskId task, uint32_t seq, bool after) const {
    const auto& byDepth = callsByTaskDepth_[slot(task)];
    uint32_t found = 0;
    for (const auto& list : byDepth) {
        // The last frame at this depth entered at or before seq.
        auto it = std::upper_bound(list.begin(), list.end(), seq, [&](uint32_t s, uint32_t node) {
            return s < calls_[node].enterSeq;
        });
        if (it == list.begin()) break;
        const CallFrame& f = calls_[*std::prev(it)];
        const bool active = f.exitSeq == kNever || (after ? f.exitSeq > seq : f.exitSeq >= seq);
        if (!active) break;
        found = *std::prev(it);
    }
    return found;
}

uint32_t Replay::frameAt(TaskId task, uint32_t seq) const {
    return frameOf(task, seq, false);
}

uint32_t Replay::frameAfter(TaskId task, uint32_t seq) const {
    return frameOf(task, seq, true);
}

std::vector<uint32_t> Replay::stack(uint32_t node) const {
    std::vector<uint32_t> out;
    for (uint32_t n = node; n != 0 && n < calls_.size(); n = calls_[n].parent)
        out.push_back(n);
    return out;
}

std::vector<HeldRefAt> Replay::refsHeld(ObjId id, uint32_t step) const {
    std::vector<HeldRefAt> refs, pins;
    for (const uint32_t seq : eventsOf(id)) {
        if (seq >= step) break;
        const Event& e = events_[seq];
        switch (e.kind) {
        case EventKind::Alloc:
            refs.assign(1, HeldRefAt{seq, e.task, false});
            pins.clear();
            break;
        case EventKind::Get:
            (e.sym == pinSym_ ? pins : refs).push_back(HeldRefAt{seq, e.task, e.sym == pinSym_});
            break;
        case EventKind::Put: {
            auto& mine = e.sym == pinSym_ ? pins : refs;
            auto& other = e.sym == pinSym_ ? refs : pins;
            if (!mine.empty())
                mine.pop_back();
            else if (!other.empty())
                other.pop_back();
            break;
        }
        case EventKind::Free:
            refs.clear();
            pins.clear();
            break;
        default:
            break;
        }
    }
    refs.insert(refs.end(), pins.begin(), pins.end());
    std::sort(refs.begin(), refs.end(),
              [](const HeldRefAt& a, const HeldRefAt& b) { return a.seq < b.seq; });
    return refs;
}

} // namespace ds
