// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/explore_state.h"

#include "scenario/explore_footprint.h"

#include <algorithm>

namespace ds::scenario::explore_detail {

uint64_t mix(uint64_t a, uint64_t b) {
    uint64_t x = a + 0x9e3779b97f4a7c15ull + b * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

uint64_t StateHash::canon(ObjKind k, int64_t id) const {
    if (id == 0) return 0;
    const uint64_t key = objectKey(k, static_cast<ObjId>(id));
    const auto it = canon_.find(key);
    return it != canon_.end() ? mix(uint64_t(k), it->second) : key;
}

void StateHash::set(uint64_t obj, uint32_t field, uint64_t v) {
    const uint64_t key = mix(obj, field);
    const auto [it, fresh] = fields_.try_emplace(key, 0);
    if (!fresh) objects_ -= mix(key, it->second);
    it->second = v;
    objects_ += mix(key, v);
}

void StateHash::relist(uint64_t parent) {
    uint64_t h = 0x51;
    for (uint64_t child : children_[parent])
        h = mix(h, child);
    set(parent, Children, h);
}

void StateHash::add(const Event& e) {
    const size_t slot = std::min<size_t>(e.task, kSlots - 1);
    const bool booting = e.task == kNoTask;
    if (e.kind == EventKind::Alloc && !booting)
        canon_[objectKey(e.okind, e.obj)] = mix(0xabcdefull + slot, allocs_[slot]++);
    const uint64_t o = canon(e.okind, e.obj);
    // The event's values as the task's own history keeps them: ids by their canonical names.
    uint64_t a = static_cast<uint32_t>(e.a), b = static_cast<uint32_t>(e.b);
    switch (e.kind) {
    case EventKind::Alloc:
        if (e.okind == ObjKind::Dentry || e.okind == ObjKind::Eventfs) a = canon(e.okind, e.a);
        if (e.okind == ObjKind::File) a = canon(ObjKind::Dentry, e.a);
        if (e.okind == ObjKind::Dlist) a = canon(ObjKind::File, e.a);
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
        a = canon(ObjKind::Dentry, e.a);
        auto& list = children_[a];
        std::erase(list, o);
        if (e.kind == EventKind::LinkChild) list.insert(list.begin(), o);
        set(o, Parent, e.kind == EventKind::LinkChild ? a : 0);
        relist(a);
        break;
    }
    case EventKind::CursorMove: { // before child a (0: at the end) of parent b
        a = canon(ObjKind::Dentry, e.a);
        b = canon(ObjKind::Dentry, e.b);
        auto& list = children_[b];
        std::erase(list, o);
        list.insert(a ? std::find(list.begin(), list.end(), a) : list.end(), o);
        relist(b);
        break;
    }
    case EventKind::Instantiate:
    case EventKind::Add:
        a = canon(ObjKind::Inode, e.a);
        set(o, Inode, a);
        break;
    case EventKind::SetFsdata:
        a = canon(ObjKind::Eventfs, e.a);
        set(o, Fsdata, a);
        break;
    case EventKind::Nlink:
        set(o, Links, b);
        break;
    case EventKind::SetFlag:
        set(o, Flags + a, b);
        break;
    case EventKind::FilePos:
        set(o, Pos, b);
        break;
    case EventKind::LockAcquire:
        set(o, Holders, holders_[o] |= uint64_t(1) << slot);
        break;
    case EventKind::LockRelease:
        set(o, Holders, holders_[o] &= ~(uint64_t(1) << slot));
        break;
    case EventKind::LockBlock:
    case EventKind::Wait:
        set(o, Waiters, waiters_[o] |= uint64_t(1) << slot);
        return;
    case EventKind::Wake: // a: the task woken
        set(o, Waiters, waiters_[o] &= ~(uint64_t(1) << std::min<size_t>(e.a, kSlots - 1)));
        return;
    case EventKind::DentryOpen:
        a = canon(ObjKind::File, e.a);
        set(o, OpenedBy, a);
        break;
    case EventKind::Getattr:
        a = canon(ObjKind::Dentry, e.a);
        break;
    case EventKind::Report: // a: its index among the run's reports, whoever filed first
        a = 0;
        break;
    default:
        break;
    }
    if (booting) return;
    uint64_t h = mix(uint64_t(e.kind) << 8 | uint64_t(e.okind), o);
    h = mix(h, mix(a, b));
    h = mix(h, uint64_t(e.sym) << 8 | e.aux);
    perTask_[slot] = mix(perTask_[slot], h);
}

uint64_t StateHash::value() const {
    uint64_t h = objects_;
    for (uint64_t t : perTask_)
        h = mix(h, t);
    return h;
}

} // namespace ds::scenario::explore_detail
