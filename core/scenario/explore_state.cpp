// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/explore_state.h"

#include <algorithm>

namespace ds::scenario::explore_detail {

uint64_t mix(uint64_t a, uint64_t b) {
    uint64_t x = a + 0x9e3779b97f4a7c15ull + b * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

StateHash::Object& StateHash::object(ObjId id) {
    if (id >= objects_.size()) objects_.resize(std::max<size_t>(id + 1, objects_.size() * 2 + 64));
    Object& o = objects_[id];
    if (o.name == 0) o.name = id; // made at boot: its id is the same in every run
    return o;
}

uint64_t StateHash::nameOf(int64_t id) {
    return id > 0 ? object(static_cast<ObjId>(id)).name : 0;
}

void StateHash::set(Object& o, uint32_t field, uint64_t v) {
    const uint64_t key = mix(o.name, field);
    if (o.set & (1u << field)) sum_ -= mix(key, o.f[field]);
    o.set |= 1u << field;
    o.f[field] = v;
    sum_ += mix(key, v);
}

void StateHash::relist(Object& parent) {
    uint64_t h = 0x51;
    for (uint64_t child : parent.children)
        h = mix(h, child);
    set(parent, Children, h);
}

void StateHash::add(const Event& e) {
    const size_t slot = std::min<size_t>(e.task, kSlots - 1);
    const bool booting = e.task == kNoTask;
    Object* obj = e.obj ? &object(e.obj) : nullptr;
    if (e.kind == EventKind::Alloc && !booting && obj)
        obj->name = mix(0xabcdefull + slot, allocs_[slot]++) | 1;
    // The event's values as the task's own history keeps them: ids by their names.
    uint64_t a = static_cast<uint32_t>(e.a), b = static_cast<uint32_t>(e.b);
    if (obj) {
        Object& o = *obj;
        switch (e.kind) {
        case EventKind::Alloc:
            // dentry, eventfs: a = parent; file: a = dentry; dlist: a = file
            if (e.okind != ObjKind::Inode) a = nameOf(e.a);
            set(o, Made, mix(mix(a, b), e.sym));
            break;
        case EventKind::Free:
            set(o, Made, 1);
            break;
        case EventKind::Get:
        case EventKind::Put:
        case EventKind::MarkDead:
            set(o, Count, b);
            a = b = 0;
            break;
        case EventKind::Hash:
        case EventKind::Unhash:
            set(o, Hashed, e.kind == EventKind::Hash);
            break;
        case EventKind::LruAdd:
        case EventKind::LruDel:
            set(o, Lru, e.kind == EventKind::LruAdd);
            break;
        case EventKind::InLookup:
            set(o, InLookup, a);
            break;
        case EventKind::LinkChild:
        case EventKind::UnlinkChild: {
            a = nameOf(e.a);
            Object& parent = object(static_cast<ObjId>(e.a));
            std::erase(parent.children, o.name);
            if (e.kind == EventKind::LinkChild)
                parent.children.insert(parent.children.begin(), o.name);
            set(o, Parent, e.kind == EventKind::LinkChild ? a : 0);
            relist(parent);
            break;
        }
        case EventKind::CursorMove: { // before child a (0: at the end) of parent b
            a = nameOf(e.a);
            b = nameOf(e.b);
            if (e.b <= 0) break;
            Object& parent = object(static_cast<ObjId>(e.b));
            auto& list = parent.children;
            std::erase(list, o.name);
            list.insert(a ? std::find(list.begin(), list.end(), a) : list.end(), o.name);
            relist(parent);
            break;
        }
        case EventKind::Instantiate:
        case EventKind::Add:
            a = nameOf(e.a);
            set(o, Inode, a);
            break;
        case EventKind::SetFsdata:
            a = nameOf(e.a);
            set(o, Fsdata, a);
            break;
        case EventKind::Nlink:
            set(o, Links, b);
            break;
        case EventKind::SetFlag:
            if (a < kFields - Flags) set(o, Flags + static_cast<uint32_t>(a), b);
            break;
        case EventKind::FilePos:
            set(o, Pos, b);
            break;
        case EventKind::LockAcquire:
            set(o, Holders, o.f[Holders] | uint64_t(1) << slot);
            break;
        case EventKind::LockRelease:
            set(o, Holders, o.f[Holders] & ~(uint64_t(1) << slot));
            break;
        case EventKind::LockBlock:
        case EventKind::Wait:
            set(o, Waiters, o.f[Waiters] | uint64_t(1) << slot);
            return;
        case EventKind::Wake: // a: the task woken
            set(o, Waiters, o.f[Waiters] & ~(uint64_t(1) << std::min<size_t>(e.a, kSlots - 1)));
            return;
        case EventKind::DentryOpen:
            a = nameOf(e.a);
            set(o, OpenedBy, a);
            break;
        case EventKind::Getattr:
            a = nameOf(e.a);
            break;
        default:
            break;
        }
    }
    if (booting) return;
    if (e.kind == EventKind::Report) a = 0; // its index among the run's reports: who filed first
    uint64_t h = mix(uint64_t(e.kind) << 8 | uint64_t(e.okind), obj ? obj->name : 0);
    h = mix(h, mix(a, b));
    h = mix(h, uint64_t(e.sym) << 8 | e.aux);
    perTask_[slot] = mix(perTask_[slot], h);
    slots_ = std::max(slots_, slot + 1);
}

uint64_t StateHash::value() const {
    uint64_t h = sum_;
    for (size_t t = 0; t < slots_; ++t)
        h = mix(h, perTask_[t]);
    return h;
}

} // namespace ds::scenario::explore_detail
