// fs/inode.c and the locks: inode lifetime (tracefs has no inode cache: the last iput evicts)
// and i_rwsem with shared and exclusive holders.
#include "sim/kernel.h"

#include <algorithm>

namespace ds {

// new_inode + tracefs_get_inode: i_count 1, nlink 1.
Inode* Kernel::new_inode(uint64_t ino, uint32_t mode) {
    KFUNC(new_inode);
    Inode* inode = &inodes_.emplace_back();
    inode->id = newId();
    inode->ino = ino;
    inode->mode = mode;
    inode->count = 1;
    inode->nlink = 1;
    ++counters_.nrInodes;
    inode->life.allocSeq = nextSeq();
    inode->life.allocStack = currentStack();
    inode->life.allocTask = static_cast<TaskId>(currentTask() < 0 ? kNoTask : currentTask());
    emit(EventKind::Alloc, ObjKind::Inode, inode->id, static_cast<int32_t>(ino), static_cast<int32_t>(mode), 0,
         DS_HERE);
    return inode;
}

void Kernel::ihold(Inode* inode) {
    const int before = inode->count++;
    emit(EventKind::Get, ObjKind::Inode, inode->id, before, inode->count, 0, DS_HERE);
}

// iput: at i_count 0 generic_delete_inode makes tracefs evict at once.
void Kernel::iput(Inode* inode) {
    KFUNC(iput);
    if (!checkAlive(inode->life, ObjKind::Inode, inode->id, "iput", DS_HERE)) return;
    const int before = inode->count;
    if (before <= 0) {
        warn("iput", "iput() of an inode with i_count 0", "inode #" + std::to_string(inode->id) + "\n",
             ObjKind::Inode, inode->id, DS_HERE);
        return;
    }
    --inode->count;
    emit(EventKind::Put, ObjKind::Inode, inode->id, before, inode->count, 0, DS_HERE);
    if (inode->count == 0) evict(inode);
}

void Kernel::evict(Inode* inode) {
    KFUNC(evict);
    inode->life.freed = true;
    inode->life.freeSeq = nextSeq();
    inode->life.freeStack = currentStack();
    inode->life.freeTask = static_cast<TaskId>(currentTask() < 0 ? kNoTask : currentTask());
    --counters_.nrInodes;
    // tracefs_free_inode runs after an RCU grace period; nothing observable happens between.
    emit(EventKind::Free, ObjKind::Inode, inode->id, 0, 0, 0, DS_HERE);
}

void Kernel::set_nlink(Inode* inode, int nlink) {
    const int before = inode->nlink;
    inode->nlink = nlink;
    if (before != nlink) emit(EventKind::Nlink, ObjKind::Inode, inode->id, before, nlink, 0, DS_HERE);
}
void Kernel::inc_nlink(Inode* inode) { set_nlink(inode, inode->nlink + 1); }
void Kernel::clear_nlink(Inode* inode) { set_nlink(inode, 0); }

void Kernel::set_dead(Inode* inode) {
    if (inode->dead) return;
    inode->dead = true;
    emit(EventKind::SetFlag, ObjKind::Inode, inode->id, static_cast<int32_t>(Flag::Dead), 1, 0, DS_HERE);
}

// Wakes the tasks waiting for lock `obj`, if any (most unlocks have none: no map entry is made).
void Kernel::wakeWaiters(ObjId obj) {
    auto it = lockWaiters_.find(obj);
    if (it == lockWaiters_.end() || it->second.empty()) return;
    wakeAll(obj, it->second);
}

void Kernel::wakeAll(ObjId obj, std::vector<TaskId>& waiters) {
    std::vector<TaskId> w = std::move(waiters);
    waiters.clear();
    for (TaskId t : w) {
        emit(EventKind::Wake, ObjKind::Lock, obj, t, 0, 0, DS_HERE);
        if (sched_) sched_->wake(t);
    }
}

void Kernel::inode_lock(Inode* inode) {
    RwSem& s = inode->rwsem;
    const auto self = lockOwner();
    while (s.writer != kNoTask || s.readers > 0) {
        emit(EventKind::LockBlock, ObjKind::Inode, inode->id, static_cast<int32_t>(LockMode::Exclusive), 0, 0,
             DS_HERE);
        lockWaiters_[inode->id].push_back(self);
        if (!sched_) return;
        sched_->block();
    }
    s.writer = self;
    emit(EventKind::LockAcquire, ObjKind::Inode, inode->id, static_cast<int32_t>(LockMode::Exclusive), 0, 0,
         DS_HERE);
}

void Kernel::inode_unlock(Inode* inode) {
    inode->rwsem.writer = kNoTask;
    emit(EventKind::LockRelease, ObjKind::Inode, inode->id, static_cast<int32_t>(LockMode::Exclusive), 0, 0,
         DS_HERE);
    wakeWaiters(inode->id);
}

void Kernel::inode_lock_shared(Inode* inode) {
    RwSem& s = inode->rwsem;
    const auto self = lockOwner();
    while (s.writer != kNoTask) {
        emit(EventKind::LockBlock, ObjKind::Inode, inode->id, static_cast<int32_t>(LockMode::Shared), 0, 0,
             DS_HERE);
        lockWaiters_[inode->id].push_back(self);
        if (!sched_) return;
        sched_->block();
    }
    ++s.readers;
    emit(EventKind::LockAcquire, ObjKind::Inode, inode->id, static_cast<int32_t>(LockMode::Shared), 0, 0,
         DS_HERE);
}

void Kernel::inode_unlock_shared(Inode* inode) {
    RwSem& s = inode->rwsem;
    --s.readers;
    emit(EventKind::LockRelease, ObjKind::Inode, inode->id, static_cast<int32_t>(LockMode::Shared), 0, 0,
         DS_HERE);
    if (s.readers == 0) wakeWaiters(inode->id);
}

bool Kernel::inode_is_locked(Inode* inode) const {
    return inode->rwsem.writer != kNoTask || inode->rwsem.readers > 0;
}

Kernel::Mutex& Kernel::newMutex(std::string_view name) {
    mutexes_.push_back(Mutex{newId(), intern(name), kNoTask});
    return mutexes_.back();
}

void Kernel::mutex_lock(Mutex& m) {
    const auto self = lockOwner();
    while (m.owner != kNoTask) {
        emit(EventKind::LockBlock, ObjKind::Lock, m.id, static_cast<int32_t>(LockMode::Exclusive), 0, m.name,
             DS_HERE);
        lockWaiters_[m.id].push_back(self);
        if (!sched_) return;
        sched_->block();
    }
    m.owner = self;
    emit(EventKind::LockAcquire, ObjKind::Lock, m.id, static_cast<int32_t>(LockMode::Exclusive), 0, m.name, DS_HERE);
}

void Kernel::mutex_unlock(Mutex& m) {
    m.owner = kNoTask;
    emit(EventKind::LockRelease, ObjKind::Lock, m.id, static_cast<int32_t>(LockMode::Exclusive), 0, m.name, DS_HERE);
    wakeWaiters(m.id);
}

}  // namespace ds
