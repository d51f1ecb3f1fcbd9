// SPDX-License-Identifier: GPL-2.0-or-later
// fs/dcache.c: allocation, lookup, references, the LRU and killing of dentries.
#include "vfs/dcache.h"

#include "sim/machine.h"
#include "vfs/inode.h"
#include "vfs/vfs.h"

#include <algorithm>
#include <map>
#include <utility>

namespace ds {

static void pushRef(Dentry*d), popRef(Dentry*d), dputChain(Dentry*d, bool pin);

// "37" for object #37, "0" for none.
template <class Object> static std::string idOf(const Object* o) {
    return std::to_string(o ? o->id : 0);
}

Dentry* __d_alloc(SuperBlock* sb, SymId name, uint32_t flags) {
    Dentry* d = &sb->vfs->newDentry();
    d->id = machine().newId();
    d->name = name;
    d->parent = d; // a dentry starts as its own parent until d_alloc links it
    d->count = 1;
    d->d_sb = sb;
    d->d_op = sb->s_d_op;
    ++sb->vfs->counters().nrDentry;
    machine().stampAlloc(d->life);
    emit(EventKind::Alloc, ObjKind::Dentry, d->id, 0, static_cast<int32_t>(flags), name, DS_HERE);
    pushRef(d);
    return d;
}

// d_alloc: the child pins its parent for as long as the child lives, and goes to the head of
// the parent's child list (so siblings list newest first).
Dentry* d_alloc(Dentry* parent, SymId name) {
    KFUNC(d_alloc);
    Dentry* d = __d_alloc(parent->d_sb, name);
    dget_dlock_pin(parent);
    d->parent = parent;
    linkChild(parent, d);
    return d;
}

// d_alloc_cursor: an anonymous dentry that pins the directory but is not on its child list.
Dentry* d_alloc_cursor(Dentry* parent) {
    KFUNC(d_alloc_cursor);
    Dentry* d = __d_alloc(parent->d_sb, DS_SYM("<cursor>"), kDentryCursor); // DCACHE_DENTRY_CURSOR
    d->cursor = true;
    dget_dlock_pin(parent);
    d->parent = parent;
    emit(EventKind::LinkChild, ObjKind::Dentry, d->id, static_cast<int32_t>(parent->id), 0, 0,
         DS_HERE);
    return d;
}

void dget_dlock_pin(Dentry* parent) {
    const int before = parent->count++;
    emit(EventKind::Get, ObjKind::Dentry, parent->id, before, parent->count, DS_SYM("pin"),
         DS_HERE);
}

void linkChild(Dentry* parent, Dentry* d) {
    d->prevSibling = nullptr;
    d->nextSibling = parent->firstChild;
    if (parent->firstChild) parent->firstChild->prevSibling = d;
    parent->firstChild = d;
    d->onParentList = true;
    emit(EventKind::LinkChild, ObjKind::Dentry, d->id, static_cast<int32_t>(parent->id), 1, 0,
         DS_HERE);
}

void unlinkChild(Dentry* d) {
    if (!d->onParentList) return;
    Dentry* parent = d->parent;
    if (d->prevSibling)
        d->prevSibling->nextSibling = d->nextSibling;
    else
        parent->firstChild = d->nextSibling;
    if (d->nextSibling) d->nextSibling->prevSibling = d->prevSibling;
    d->prevSibling = d->nextSibling = nullptr;
    d->onParentList = false;
    emit(EventKind::UnlinkChild, ObjKind::Dentry, d->id, static_cast<int32_t>(parent->id), 0, 0,
         DS_HERE);
}

// list_move_tail(&cursor->d_child, &before->d_child): put the cursor just before `before`,
// or at the end of the list when `before` is null.
void listMoveTail(Dentry* cursor, Dentry* before) {
    Dentry* parent = cursor->parent;
    const bool wasOn = cursor->onParentList;
    if (wasOn) {
        if (cursor->prevSibling)
            cursor->prevSibling->nextSibling = cursor->nextSibling;
        else
            parent->firstChild = cursor->nextSibling;
        if (cursor->nextSibling) cursor->nextSibling->prevSibling = cursor->prevSibling;
    }
    if (before) {
        cursor->nextSibling = before;
        cursor->prevSibling = before->prevSibling;
        if (before->prevSibling)
            before->prevSibling->nextSibling = cursor;
        else
            parent->firstChild = cursor;
        before->prevSibling = cursor;
    } else {
        Dentry* last = parent->firstChild;
        while (last && last->nextSibling)
            last = last->nextSibling;
        cursor->nextSibling = nullptr;
        cursor->prevSibling = last;
        if (last)
            last->nextSibling = cursor;
        else
            parent->firstChild = cursor;
    }
    cursor->onParentList = true;
    emit(EventKind::CursorMove, ObjKind::Dentry, cursor->id,
         static_cast<int32_t>(before ? before->id : 0), static_cast<int32_t>(parent->id), 0,
         DS_HERE);
    if (!wasOn)
        emit(EventKind::SetFlag, ObjKind::Dentry, cursor->id,
             static_cast<int32_t>(Flag::CursorOnList), 1, 0, DS_HERE);
}

Dentry* dget(Dentry* d) {
    if (!d) return d;
    checkAlive(d->life, ObjKind::Dentry, d->id, "dget", DS_HERE);
    const int before = d->count++;
    emit(EventKind::Get, ObjKind::Dentry, d->id, before, d->count, 0, DS_HERE);
    pushRef(d);
    return d;
}

void pushRef(Dentry* d) {
    const Machine& m = machine();
    const TaskId t = m.currentTaskId();
    const uint32_t stack = m.currentStack();
    d->refs.push_back(HeldRef{t, stack, m.nextSeq() - 1});
    d->lastGetStack = stack;
    d->lastGetTask = t;
    d->lastGetSeq = m.nextSeq() - 1;
}

void popRef(Dentry* d) {
    // References are anonymous in the kernel; attribute the put to the newest one taken.
    if (!d->refs.empty()) d->refs.pop_back();
}

// dput: drop a reference. The last one either keeps the dentry cached on the LRU
// (retain_dentry) or kills it, and the kill drops the parent pin, which may cascade upward.
void dput(Dentry* d) {
    KFUNC(dput);
    dputChain(d, false);
}

// A dead child's pin on its parent goes the same way as a dput, without a dput frame.
void dropParentPin(Dentry* parent) {
    dputChain(parent, true);
}

namespace {
// Where the last reference was taken, for the reports of a dput with none left.
std::string lastGetDetail(const Dentry* d) {
    if (!d->lastGetStack) return {};
    const Machine& m = machine();
    return "last reference taken (event #" + std::to_string(d->lastGetSeq) + ", task " +
           m.taskName(d->lastGetTask == kNoTask ? -1 : d->lastGetTask) + ") at:\n" +
           m.formatStack(d->lastGetStack, "  ");
}
} // namespace

// A dput of a dentry whose count is already 0 or below. 6.8 on, fast_dput WARNs once and the
// dput stops (returns false). Before 6.8 the kernel says nothing and goes on (returns true):
// retain_dentry's count-- takes the count to -1, or the dentry is killed while someone still
// believes they hold it. dentryscope flags that itself, and says the kernel does not.
static bool dputAtZero(Dentry* d, bool pin) {
    const std::string name(symbol(d->name));
    if (vfsOf(d).version().fastDputWarns) {
        warn("fast_dput", "WARNING: fs/dcache.c: fast_dput: WARN_ON_ONCE(d_lockref.count <= 0)",
             "dput() of '" + name + "' with d_lockref.count " + std::to_string(d->count) + "\n" +
                 lastGetDetail(d),
             ObjKind::Dentry, d->id, DS_HERE);
        return false;
    }
    // filed as a WARN (so `expect warn` and explore count it), worded as dentryscope's own
    Report r;
    r.kind = Report::Kind::Warn;
    r.function = pin ? "dput (parent pin)" : "dput";
    r.headline = "dentryscope: refcount below zero: dput() of '" + name + "' at d_lockref.count " +
                 std::to_string(d->count) + " (not a kernel message)";
    r.seq = nextSeq();
    r.task = machine().currentTaskId();
    r.obj = d->id;
    r.stack = machine().currentStackNames();
    r.text = r.headline + "\n" +
             "This is dentryscope's own check; the kernel prints nothing here. Before 6.8\n"
             "fast_dput has no WARN_ON_ONCE(count <= 0): lockref_put_return fails, and\n"
             "retain_dentry's count-- takes the count below zero (or the dentry is killed while\n"
             "someone still holds it); the damage shows later.\n" +
             lastGetDetail(d) + "where dentryscope saw it:\n";
    for (const std::string& f : r.stack)
        r.text += "  " + f + "\n";
    machine().addReport(std::move(r), ObjKind::Dentry, d->id, 0, DS_HERE);
    return true;
}

// The body of dput. `pin`: the reference being dropped is a child's pin, not a held ref;
// after each kill the loop goes on with the parent's pin, so kills cascade upward.
void dputChain(Dentry* d, bool pin) {
    while (d) {
        if (!checkAlive(d->life, ObjKind::Dentry, d->id, "dput", DS_HERE)) return;
        if (d->count <= 0 && !dputAtZero(d, pin)) return;
        const int before = d->count;
        if (before > 1) {
            --d->count;
            emit(EventKind::Put, ObjKind::Dentry, d->id, before, d->count, pin ? DS_SYM("pin") : 0,
                 DS_HERE);
            if (!pin) popRef(d);
            return;
        }
        d->count = before - 1; // 0, or -1 for the silent underflow before 6.8
        emit(EventKind::Put, ObjKind::Dentry, d->id, before, d->count, pin ? DS_SYM("pin") : 0,
             DS_HERE);
        if (!pin) popRef(d);
        // retain_dentry, at 0: keep it unless it is unhashed or the filesystem's ->d_delete says
        // no (fast_dput asks after the count went down).
        bool retain = d->hashed && !d->cursor;
        if (retain && d->d_op && d->d_op->d_delete) {
            const int del = d->d_op->d_delete(d);
            emit(EventKind::DDelete, ObjKind::Dentry, d->id, del, 0, 0, DS_HERE);
            retain = del == 0;
        }
        if (retain) {
            if (!d->onLru) d_lru_add(d);
            return;
        }
        Dentry* parent = d->isRoot() ? nullptr : d->parent;
        __dentry_kill(d);
        d = parent;
        pin = true;
    }
}

// dentry_unlist: off the parent's child list (a cursor also leaves its directory's list).
static void dentry_unlist(Dentry* d) {
    if (d->cursor && d->onParentList)
        emit(EventKind::SetFlag, ObjKind::Dentry, d->id, static_cast<int32_t>(Flag::CursorOnList),
             0, 0, DS_HERE);
    unlinkChild(d);
}

// __dentry_kill: unhash, drop the inode (d_iput or iput), d_release, unlink, free. The caller
// drops the parent pin afterwards.
void __dentry_kill(Dentry* d) {
    KFUNC(__dentry_kill);
    // lockref_mark_dead: from here the dentry is dead to the world; dentry_free sees -128
    const int before = d->count;
    d->count = kLockrefDead;
    emit(EventKind::MarkDead, ObjKind::Dentry, d->id, before, kLockrefDead, 0, DS_HERE);
    d->killed = true;
    emit(EventKind::SetFlag, ObjKind::Dentry, d->id, static_cast<int32_t>(Flag::Killed), 1, 0,
         DS_HERE);
    if (d->onLru) d_lru_del(d); // the LRU goes before the hash, in every era
    __d_drop(d);
    // Before 6.8 the dentry leaves its parent's list before its inode goes (dentry_unlist, then
    // dentry_unlink_inode); 6.8's new locking scheme unlists it last, after ->d_release.
    const bool unlistLast = vfsOf(d).version().unlistAfterRelease;
    if (!unlistLast) dentry_unlist(d);
    if (Inode* inode = d->inode) {
        d->inode = nullptr;
        inode->alias = nullptr;
        emit(EventKind::Instantiate, ObjKind::Dentry, d->id, 0, static_cast<int32_t>(inode->id), 0,
             DS_HERE);
        if (d->d_op && d->d_op->d_iput)
            d->d_op->d_iput(d, inode);
        else
            iput(inode);
    }
    if (d->d_op && d->d_op->d_release) d->d_op->d_release(d);
    if (unlistLast) dentry_unlist(d);
    machine().stampFree(d->life);
    --vfsOf(d).counters().nrDentry;
    emit(EventKind::Free, ObjKind::Dentry, d->id, 0, 0, 0, DS_HERE);
}

// A dentry entering or leaving the dentry hash or the in-lookup hash changes what a lookup of
// its name finds (explore's independence: see noteAccess).
static void noteNameSlot(const Dentry* d, bool write) {
    if (d->parent) noteAccess(nameSlotKey(d->parent->id, d->name), write);
}

void __d_drop(Dentry* d) {
    if (!d->hashed) return;
    d->hashed = false;
    vfsOf(d).hashRemove(d);
    noteNameSlot(d, true);
    emit(EventKind::Unhash, ObjKind::Dentry, d->id, 0, 0, 0, DS_HERE);
}

void d_rehash(Dentry* d) {
    d->hashed = true;
    vfsOf(d).hashInsert(d);
    noteNameSlot(d, true);
    emit(EventKind::Hash, ObjKind::Dentry, d->id, 0, 0, 0, DS_HERE);
}

void d_lru_add(Dentry* d) {
    d->onLru = true;
    ++vfsOf(d).counters().nrUnused;
    d->d_sb->s_dentry_lru.push_back(d);
    emit(EventKind::LruAdd, ObjKind::Dentry, d->id, 0, 0, 0, DS_HERE);
}

void d_lru_del(Dentry* d) {
    d->onLru = false;
    --vfsOf(d).counters().nrUnused;
    emit(EventKind::LruDel, ObjKind::Dentry, d->id, 0, 0, 0, DS_HERE);
}

// d_lookup: a hit in the primary hash takes a reference.
Dentry* d_lookup(Dentry* parent, SymId name) {
    KFUNC(d_lookup);
    noteAccess(nameSlotKey(parent->id, name), false);
    Dentry* d = vfsOf(parent).hashed(parent, name);
    if (!d || d->killed) return nullptr;
    return dget(d);
}

// d_alloc_parallel: one in-lookup dentry per (parent, name); a second lookup of the same name
// waits for the first to finish and then uses its result.
Dentry* d_alloc_parallel(Dentry* parent, SymId name) {
    KFUNC(d_alloc_parallel);
    Vfs& vfs = vfsOf(parent);
    Dentry* fresh = d_alloc(parent, name);
    for (;;) {
        noteAccess(nameSlotKey(parent->id, name), false);
        if (Dentry* d = vfs.hashed(parent, name); d && !d->killed) {
            Dentry* found = dget(d);
            dput(fresh);
            return found;
        }
        Dentry* inl = vfs.inLookup(parent, name);
        if (!inl) break;
        Dentry* other = dget(inl); // lockref_get_not_dead
        {
            KFUNC(d_wait_lookup);
            while (other->inLookup) {
                other->waiters.push_back(static_cast<TaskId>(currentTask()));
                emit(EventKind::Wait, ObjKind::Dentry, other->id, 0, 0, 0, DS_HERE);
                machine().scheduler()->block();
            }
        }
        if (other->hashed && other->parent == parent && other->name == name) {
            dput(fresh);
            return other;
        }
        dput(other); // it was dropped meanwhile: retry
    }
    fresh->inLookup = true;
    vfs.inLookupInsert(fresh);
    noteNameSlot(fresh, true);
    emit(EventKind::InLookup, ObjKind::Dentry, fresh->id, 1, 0, 0, DS_HERE);
    return fresh;
}

// __d_lookup_unhash: the dentry leaves the in-lookup hash; its waiters are returned for
// end_dir_add to wake.
static std::vector<TaskId> __d_lookup_unhash(Dentry* d) {
    d->inLookup = false;
    vfsOf(d).inLookupRemove(d);
    noteNameSlot(d, true);
    emit(EventKind::InLookup, ObjKind::Dentry, d->id, 0, 0, 0, DS_HERE);
    return std::exchange(d->waiters, {});
}

// end_dir_add: the lookups that waited in d_wait_lookup run again.
static void end_dir_add(Dentry* d, const std::vector<TaskId>& waiters) {
    for (TaskId t : waiters) {
        emit(EventKind::Wake, ObjKind::Dentry, d->id, t, 0, 0, DS_HERE);
        machine().scheduler()->wake(t);
    }
}

void d_lookup_done(Dentry* d) {
    if (!d->inLookup) return;
    KFUNC(d_lookup_done);
    end_dir_add(d, __d_lookup_unhash(d));
}

// d_instantiate: attach an inode to a negative dentry. The dentry must not be aliased yet:
// BUG_ON(!hlist_unhashed(&dentry->d_u.d_alias)) is fs/dcache.c:2031 in 6.7.0-rc2.
namespace {
// What d_instantiate's BUG_ON found.
std::string instantiateWhy(const Dentry* d) {
    const std::string what =
        "d_instantiate() on dentry '" + std::string(symbol(d->name)) + "' (#" + idOf(d) + ")";
    if (d->inode) return what + " that is already positive (inode #" + idOf(d->inode) + ")";
    return what + " that is still in lookup (d_u.d_in_lookup_hash is hashed)";
}
} // namespace

void d_instantiate(Dentry* d, Inode* inode) {
    KFUNC(d_instantiate);
    // BUG_ON(!hlist_unhashed(&entry->d_u.d_alias)): d_u is a union, so the check also trips on a
    // dentry still in lookup, whose d_in_lookup_hash node is hashed in the same place.
    if (d->inode || d->inLookup) [[unlikely]]
        bugOn(true, "d_instantiate", "fs/dcache.c:2031", ObjKind::Dentry, d->id, instantiateWhy(d),
              DS_HERE);
    d->inode = inode;
    inode->alias = d;
    emit(EventKind::Instantiate, ObjKind::Dentry, d->id, static_cast<int32_t>(inode->id), 0, 0,
         DS_HERE);
}

// d_add (__d_add): a dentry in lookup first leaves the in-lookup hash (__d_lookup_unhash), then
// gets its inode (or stays negative), is hashed, and last the lookups waiting for it are woken
// (end_dir_add).
void d_add(Dentry* d, Inode* inode) {
    KFUNC(d_add);
    const std::vector<TaskId> waiters = d->inLookup ? __d_lookup_unhash(d) : std::vector<TaskId>{};
    if (inode) {
        d->inode = inode;
        inode->alias = d;
    }
    emit(EventKind::Add, ObjKind::Dentry, d->id, static_cast<int32_t>(inode ? inode->id : 0), 0, 0,
         DS_HERE);
    d_rehash(d);
    end_dir_add(d, waiters);
}

void* d_fsdata(const Dentry* d) {
    noteAccess(objectKey(ObjKind::Dentry, d->id), false);
    return d->d_fsdata;
}

void d_set_fsdata(Dentry* d, void* data, ObjId dataId) {
    d->d_fsdata = data;
    emit(EventKind::SetFsdata, ObjKind::Dentry, d->id, static_cast<int32_t>(dataId), 0, 0, DS_HERE);
}

int d_revalidate(Dentry* d) {
    if (!d->d_op || !d->d_op->d_revalidate) return 1;
    const int r = d->d_op->d_revalidate(d);
    emit(EventKind::Revalidate, ObjKind::Dentry, d->id, r, 0, 0, DS_HERE);
    return r;
}

// d_invalidate: unhash, and for a positive dentry kill every unused descendant. Descendants in
// use survive, unreachable by lookup. The caller's reference is untouched.
void d_invalidate(Dentry* d) {
    KFUNC(d_invalidate);
    if (!d->hashed) return;
    __d_drop(d);
    if (!d->inode) return;
    shrink_dcache_parent(d);
}

// The shrinker prunes ancestors too (shrink_dentry_list, shrink_kill): the dead child's pin is
// dropped, and a parent whose last reference that was dies at once, without retain_dentry and
// without going on the LRU; and so on upwards.
void shrinkAncestors(Dentry* d) {
    while (d) {
        if (d->count <= 1) {
            if (d->count <= 0 || d->isRoot()) return dropParentPin(d); // its warning, or the root
            if (!checkAlive(d->life, ObjKind::Dentry, d->id, "shrink_kill", DS_HERE)) return;
            d->count = 0;
            emit(EventKind::Put, ObjKind::Dentry, d->id, 1, 0, DS_SYM("pin"), DS_HERE);
            Dentry* parent = d->parent;
            __dentry_kill(d);
            d = parent;
            continue;
        }
        const int before = d->count--;
        emit(EventKind::Put, ObjKind::Dentry, d->id, before, d->count, DS_SYM("pin"), DS_HERE);
        return;
    }
}

namespace {
// d_walk + select_collect: below `d`, parents before their children and siblings in list order
// (newest first), every unused dentry leaves the LRU for the shrink list.
void select_collect(Dentry* d, std::vector<Dentry*>& dispose) {
    for (Dentry* c = d->firstChild; c; c = c->nextSibling) {
        if (!c->killed && !c->cursor && c->count == 0) {
            if (c->onLru) d_lru_del(c);
            emit(EventKind::ShrinkList, ObjKind::Dentry, c->id, 1, 0, 0, DS_HERE); // d_shrink_add
            dispose.push_back(c);
        }
        select_collect(c, dispose);
    }
}
} // namespace

// shrink_dcache_parent: collect first, then kill (shrink_dentry_list): the collected dentries
// die in the order they were collected, each parent right after its last child.
void shrink_dcache_parent(Dentry* root) {
    KFUNC(shrink_dcache_parent);
    std::vector<Dentry*> dispose;
    select_collect(root, dispose);
    KFUNC(shrink_dentry_list);
    for (Dentry* d : dispose) {
        if (d->killed) continue;
        emit(EventKind::ShrinkList, ObjKind::Dentry, d->id, 0, 0, 0, DS_HERE); // d_shrink_del
        if (d->count != 0) continue; // referenced again since: it stays, off every list
        Dentry* parent = d->parent;
        __dentry_kill(d);
        shrinkAncestors(parent);
    }
}

// drop_caches / the dcache shrinker: kill unused dentries on the LRU and take in-use ones off
// it, pass after pass while a pass finds work (drop_slab repeats while it frees).
void prune_dcache_sb(SuperBlock* sb) {
    KFUNC(prune_dcache_sb);
    for (bool progress = true; progress;) {
        progress = false;
        std::vector<Dentry*> scan;
        scan.swap(sb->s_dentry_lru);
        for (Dentry* d : scan) {
            if (d->life.freed || !d->onLru) continue;
            d_lru_del(d);
            progress = true;
            if (d->count > 0) continue; // d_lru_isolate: in use, just off the LRU
            Dentry* parent = d->isRoot() ? nullptr : d->parent;
            __dentry_kill(d);
            if (parent) shrinkAncestors(parent);
        }
    }
}

void reportLeakedDentries(const Vfs& vfs) {
    std::map<std::pair<uint32_t, TaskId>, std::vector<const Dentry*>> byStack;
    int held = 0;
    for (const Dentry& d : vfs.dentries()) {
        if (d.life.freed || d.pinnedByFs || d.isRoot()) continue;
        for (const HeldRef& r : d.refs) {
            byStack[{r.stack, r.task}].push_back(&d);
            ++held;
        }
    }
    if (held == 0) return;
    const Machine& m = machine();
    Report r;
    r.kind = Report::Kind::Leak;
    r.function = "umount";
    r.headline =
        "ref_tracker: " + std::to_string(held) + " dentry reference(s) still held at unmount";
    r.seq = m.nextSeq();
    r.text = r.headline + "\n";
    for (const auto& [key, list] : byStack) {
        r.text += "ref_tracker: " + std::to_string(list.size()) + " reference(s) taken by task " +
                  m.taskName(key.second == kNoTask ? -1 : key.second) + " at:\n" +
                  m.formatStack(key.first, "  ");
        r.text += "  on:";
        for (size_t i = 0; i < list.size() && i < 8; ++i)
            r.text += " '" + std::string(symbol(list[i]->name)) + "'";
        if (list.size() > 8) r.text += " ...";
        r.text += "\n";
        if (r.stack.empty()) {
            const std::vector<SymId> frames = m.stackFrames(key.first);
            for (auto it = frames.rbegin(); it != frames.rend(); ++it)
                r.stack.emplace_back(symbol(*it));
        }
    }
    machine().addReport(std::move(r), ObjKind::None, 0, 0, DS_HERE);
}

} // namespace ds
