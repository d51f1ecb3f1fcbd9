// SPDX-License-Identifier: GPL-2.0-or-later
// Folding: the observable state after events[0..k). Replay::apply folds one event into a StateAt
// (objects, child lists, tasks, held locks, counters); seek, stateAt and foldFromScratch get to a
// step from the nearest checkpoint (or from nothing). The indexes over the whole log and the
// navigation are in replay.cpp.
#include "replay/replay.h"

#include "replay/child_list.h"
#include "replay/object_kinds.h"
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
    return dentryPath(id, [&s](ObjId o) { return std::pair(s.obj(o).name, s.obj(o).parent); });
}

std::string dentryPath(ObjId id, const std::function<std::pair<SymId, ObjId>(ObjId)>& link) {
    std::vector<std::string_view> parts; // innermost first
    for (int guard = 0; id && guard < 64; ++guard) {
        const auto [name, parent] = link(id);
        parts.push_back(symbol(name));
        if (!parent || parent == id) break;
        id = parent;
    }
    std::string path;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        if (it != parts.rbegin()) path += '/';
        path += *it;
    }
    if (path.starts_with("//")) path.erase(0, 1); // below the root "/"
    return path;
}

StateAt Replay::emptyState() const {
    StateAt s;
    s.objs_.resize(maxId_);
    s.tasks_.resize(taskCount_ + 1);
    return s;
}

namespace {

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
    case EventKind::MarkDead: // the count becomes lockref's dead marker (-128)
        if (isObj) objs.mut(e.obj).count = e.b;
        break;
    case EventKind::ShrinkList:
        if (isObj) setFlag(objs.mut(e.obj), ObjState::OnShrinkList, e.a != 0);
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

} // namespace ds
