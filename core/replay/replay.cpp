#include "replay/replay.h"

#include "replay/child_list.h"

#include "trace/symbols.h"

#include <algorithm>
#include <string>

namespace ds {

const ObjState& ObjTable::empty() {
    static const ObjState e{};
    return e;
}

std::vector<ObjId> StateAt::children(ObjId parent) const {
    std::vector<ObjId> out;
    forEachChild(parent, [&](ObjId c) { out.push_back(c); });
    return out;
}

bool StateAt::sameAs(const StateAt& o, std::string* why) const {
    auto fail = [&](std::string w) {
        if (why) *why = std::move(w);
        return false;
    };
    if (step_ != o.step_)
        return fail("step " + std::to_string(step_) + " != " + std::to_string(o.step_));
    if (calls_ != o.calls_) return fail("call count");
    if (syscallsSeen_ != o.syscallsSeen_) return fail("syscall count");
    if (reports_ != o.reports_) return fail("report count");
    if (!(counters_ == o.counters_)) return fail("counters");
    if (tasks_ != o.tasks_) return fail("tasks");
    if (locks_ != o.locks_) return fail("locks");
    const ObjId n = std::max(objCapacity(), o.objCapacity());
    for (ObjId id = 0; id < n; ++id)
        if (!(obj(id) == o.obj(id))) return fail("object " + std::to_string(id));
    return true;
}

std::string dentryPath(const StateAt& s, ObjId id) {
    std::vector<std::string_view> parts; // innermost first
    for (int guard = 0; id && guard < 64; ++guard) {
        const ObjState& o = s.obj(id);
        parts.push_back(symbol(o.name));
        if (!o.parent || o.parent == id) break;
        id = o.parent;
    }
    std::string path;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        if (it != parts.rbegin()) path += '/';
        path += *it;
    }
    if (path.starts_with("//")) path.erase(0, 1); // below the root "/"
    return path;
}

Replay::Replay(std::span<const Event> events, uint32_t interval)
    : events_(events), interval_(std::max<uint32_t>(interval, 1)) {
    build();
}

StateAt Replay::emptyState() const {
    StateAt s;
    s.objs_.resize(maxId_);
    s.tasks_.resize(taskCount_ + 1);
    return s;
}

namespace {

// Objects with a state slot. Locks are keyed by id in the held-lock list instead (a mutex has no
// Alloc event), and tasks by their index.
bool isObjectKind(ObjKind k) {
    return k != ObjKind::None && k != ObjKind::Task && k != ObjKind::Lock;
}

void setFlag(ObjState& o, uint16_t f, bool on) {
    if (on)
        o.flags |= f;
    else
        o.flags &= static_cast<uint16_t>(~f);
}

} // namespace

void Replay::apply(StateAt& s, const Event& e) const {
    TaskRun& t = s.tasks_[s.slot(e.task)];
    ++t.events;
    ++s.step_;
    switch (e.kind) {
    case EventKind::FuncEnter:
        t.node = ++s.calls_;
        t.lastSrc = e.src;
        return;
    case EventKind::FuncExit:
        if (t.node) {
            const CallFrame& f = calls_[t.node];
            t.node = f.parent;
            t.lastSrc = f.callSite;
        }
        return;
    case EventKind::SyscallEnter:
        t.syscall = s.syscallsSeen_++;
        t.lastSrc = e.src;
        return;
    case EventKind::SyscallExit:
        t.syscall = kNever;
        t.lastSrc = e.src;
        return;
    default:
        break;
    }
    t.lastSrc = e.src;
    const bool isObj = isObjectKind(e.okind) && e.obj != 0 && e.obj <= maxId_;
    ObjTable& objs = s.objs_;
    switch (e.kind) {
    case EventKind::Alloc: {
        if (!isObj) break;
        ObjState& o = objs.mut(e.obj);
        o = ObjState{};
        o.kind = e.okind;
        o.flags = ObjState::Alive;
        o.count = 1;
        switch (e.okind) {
        case ObjKind::Dentry:
            o.name = e.sym;
            o.parent = static_cast<ObjId>(e.a);
            if (static_cast<uint32_t>(e.b) & kDentryCursor) o.flags |= ObjState::Cursor;
            ++s.counters_.dentries;
            break;
        case ObjKind::Inode:
            o.ino = e.a;
            o.mode = static_cast<uint32_t>(e.b);
            o.nlink = 1;
            ++s.counters_.inodes;
            break;
        case ObjKind::File:
            o.parent = static_cast<ObjId>(e.a);
            o.ino = e.b;
            ++s.counters_.files;
            break;
        case ObjKind::Eventfs:
            o.name = e.sym;
            o.parent = static_cast<ObjId>(e.a);
            ++s.counters_.eventfs;
            break;
        default:
            o.name = e.sym;
            o.parent = static_cast<ObjId>(e.a);
            break;
        }
        break;
    }
    case EventKind::Free: {
        if (!isObj) break;
        if (objs.get(e.obj).has(ObjState::OnParentList)) unlinkChild(objs, e.obj);
        ObjState& o = objs.mut(e.obj);
        if (!o.alive()) break;
        o.flags = static_cast<uint16_t>((o.flags & ~ObjState::Alive) | ObjState::Freed);
        switch (o.kind) {
        case ObjKind::Dentry:
            --s.counters_.dentries;
            break;
        case ObjKind::Inode:
            --s.counters_.inodes;
            break;
        case ObjKind::File:
            --s.counters_.files;
            break;
        case ObjKind::Eventfs:
            --s.counters_.eventfs;
            break;
        default:
            break;
        }
        break;
    }
    case EventKind::Get:
    case EventKind::Put:
        if (isObj) objs.mut(e.obj).count = e.b;
        break;
    case EventKind::Hash:
        if (isObj) setFlag(objs.mut(e.obj), ObjState::Hashed, true);
        break;
    case EventKind::Unhash:
        if (isObj) setFlag(objs.mut(e.obj), ObjState::Hashed, false);
        break;
    case EventKind::LruAdd:
        if (isObj) setFlag(objs.mut(e.obj), ObjState::OnLru, true);
        break;
    case EventKind::LruDel:
        if (isObj) setFlag(objs.mut(e.obj), ObjState::OnLru, false);
        break;
    case EventKind::InLookup:
        if (isObj) setFlag(objs.mut(e.obj), ObjState::InLookup, e.a != 0);
        break;
    case EventKind::LinkChild: {
        if (!isObj) break;
        const auto parent = static_cast<ObjId>(e.a);
        if (objs.get(e.obj).has(ObjState::OnParentList)) unlinkChild(objs, e.obj);
        objs.mut(e.obj).parent = parent;
        if (e.b != 0 && parent != 0 && parent <= maxId_ && parent != e.obj)
            linkChild(objs, e.obj, parent);
        break;
    }
    case EventKind::UnlinkChild:
        if (isObj) unlinkChild(objs, e.obj);
        break;
    case EventKind::CursorMove: {
        if (!isObj) break;
        const auto parent = static_cast<ObjId>(e.b);
        const auto before = static_cast<ObjId>(e.a);
        if (parent == 0 || parent > maxId_ || before > maxId_) break;
        unlinkChild(objs, e.obj);
        objs.mut(e.obj).parent = parent;
        linkChildBefore(objs, e.obj, parent, before);
        break;
    }
    case EventKind::Instantiate:
    case EventKind::Add:
        if (isObj) objs.mut(e.obj).inode = static_cast<ObjId>(e.a);
        break;
    case EventKind::SetFsdata:
        if (isObj) objs.mut(e.obj).fsdata = static_cast<ObjId>(e.a);
        break;
    case EventKind::Nlink:
        if (isObj) objs.mut(e.obj).nlink = e.b;
        break;
    case EventKind::SetFlag: {
        if (!isObj) break;
        uint16_t f = 0;
        switch (static_cast<Flag>(e.a)) {
        case Flag::Killed:
            f = ObjState::Killed;
            break;
        case Flag::Dead:
            f = ObjState::Dead;
            break;
        case Flag::Freed:
            f = ObjState::IsFreed;
            break;
        case Flag::CursorOnList:
            f = ObjState::CursorOnList;
            break;
        }
        if (f) setFlag(objs.mut(e.obj), f, e.b != 0);
        // list_del_init of a cursor: it leaves its directory's child list
        if (f == ObjState::CursorOnList && e.b == 0) unlinkChild(objs, e.obj);
        break;
    }
    case EventKind::FilePos:
        if (isObj) objs.mut(e.obj).pos = e.b;
        break;
    case EventKind::LockAcquire:
        s.locks_.push_back(
            LockHold{e.okind, e.obj, e.task, static_cast<LockMode>(e.a), e.seq, e.sym});
        t.blockedOn = 0;
        break;
    case EventKind::LockRelease: {
        auto& locks = s.locks_;
        auto it = std::find_if(locks.rbegin(), locks.rend(), [&](const LockHold& h) {
            return h.okind == e.okind && h.lock == e.obj && h.task == e.task;
        });
        if (it == locks.rend())
            it = std::find_if(locks.rbegin(), locks.rend(), [&](const LockHold& h) {
                return h.okind == e.okind && h.lock == e.obj;
            });
        if (it != locks.rend()) locks.erase(std::next(it).base());
        break;
    }
    case EventKind::LockBlock:
        t.blockedOn = e.obj;
        break;
    case EventKind::Wait:
        t.waitingOn = e.obj;
        break;
    case EventKind::Wake: {
        if (e.a < 0 || e.a > 0xff) break;
        TaskRun& w = s.tasks_[s.slot(static_cast<TaskId>(e.a))];
        w.waitingOn = 0;
        w.blockedOn = 0;
        break;
    }
    case EventKind::Report:
        ++s.reports_;
        break;
    case EventKind::TaskExit: {
        if (e.obj > 0xff) break;
        TaskRun& x = s.tasks_[s.slot(static_cast<TaskId>(e.obj))];
        x.exited = true;
        x.died = e.a == 1;
        break;
    }
    case EventKind::DirEmit:
    case EventKind::DirSkip:
        break; // the user's buffer is no kernel state: the getdents pane reads these from the log
    default:
        break;
    }
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

void Replay::foldTo(StateAt& s, uint32_t to) const {
    for (uint32_t i = s.step_; i < to; ++i)
        apply(s, events_[i]);
}

StateAt Replay::stateAt(uint32_t k) const {
    k = std::min(k, size());
    const size_t cp = std::min<size_t>(k / interval_, checkpoints_.size() - 1);
    StateAt s = checkpoints_[cp];
    foldTo(s, k);
    return s;
}

const StateAt& Replay::seek(uint32_t k) {
    k = std::min(k, size());
    if (k == cur_.step_) return cur_;
    const uint32_t cpStep = std::min<uint32_t>(k / interval_, checkpointCount() - 1) * interval_;
    if (k > cur_.step_ && cur_.step_ >= cpStep) {
        foldTo(cur_, k);
    } else {
        cur_ = checkpoints_[cpStep / interval_];
        foldTo(cur_, k);
    }
    return cur_;
}

StateAt Replay::foldFromScratch(uint32_t k) const {
    StateAt s = emptyState();
    foldTo(s, std::min(k, size()));
    return s;
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

uint32_t Replay::endOfFrame(uint32_t node) const {
    const CallFrame& f = calls_[node];
    if (f.exitSeq != kNever) return f.exitSeq + 1;
    const uint32_t end = taskEndSeq(f.task);
    return end == kNever ? size() : end + 1;
}

uint32_t Replay::stepOver(uint32_t step) const {
    if (step >= size()) return size();
    const TaskId t = step ? events_[step - 1].task : events_[0].task;
    for (uint32_t j = step; j < size(); ++j) {
        const Event& e = events_[j];
        if (e.task != t) continue;
        if (e.kind == EventKind::FuncEnter) return endOfFrame(frameOf(t, j, false));
        return j + 1;
    }
    return size();
}

uint32_t Replay::stepOut(uint32_t step) const {
    if (step == 0) return stepOver(0);
    const TaskId t = events_[step - 1].task;
    const uint32_t node = frameOf(t, step - 1, true);
    if (!node) return stepOver(step);
    return endOfFrame(node);
}

uint32_t Replay::nextSyscall(uint32_t step) const {
    return runUntil(step, [](const Event& e) { return e.kind == EventKind::SyscallEnter; });
}

uint32_t Replay::prevSyscall(uint32_t step) const {
    for (uint32_t j = step >= 2 ? step - 2 : 0; step >= 2; --j) {
        if (events_[j].kind == EventKind::SyscallEnter) return j + 1;
        if (j == 0) break;
    }
    return 0;
}

uint32_t Replay::nextReport(uint32_t step) const {
    auto it = std::lower_bound(reportSeqs_.begin(), reportSeqs_.end(), step);
    return it == reportSeqs_.end() ? size() : *it + 1;
}

uint32_t Replay::prevReport(uint32_t step) const {
    if (step < 2) return 0;
    auto it = std::lower_bound(reportSeqs_.begin(), reportSeqs_.end(), step - 1);
    return it == reportSeqs_.begin() ? 0 : *std::prev(it) + 1;
}

uint32_t Replay::nextEventOf(ObjId id, uint32_t step) const {
    const auto evs = eventsOf(id);
    auto it = std::lower_bound(evs.begin(), evs.end(), step);
    return it == evs.end() ? step : *it + 1;
}

uint32_t Replay::prevEventOf(ObjId id, uint32_t step) const {
    if (step < 2) return step;
    const auto evs = eventsOf(id);
    auto it = std::lower_bound(evs.begin(), evs.end(), step - 1);
    return it == evs.begin() ? step : *std::prev(it) + 1;
}

} // namespace ds
