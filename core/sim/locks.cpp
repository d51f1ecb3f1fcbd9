// SPDX-License-Identifier: GPL-2.0-or-later
#include "sim/locks.h"

#include "sim/machine.h"

namespace ds {

namespace {

// Wakes the tasks waiting for the lock, if any (most unlocks have none). The Wake event names the
// lock's object id with ObjKind::Lock, whatever owns it (an inode for i_rwsem), as it always has.
void wakeWaiters(std::vector<TaskId>& waiters, ObjId obj) {
    if (waiters.empty()) return;
    std::vector<TaskId> w = std::move(waiters);
    waiters.clear();
    Machine& m = machine();
    for (TaskId t : w) {
        emit(EventKind::Wake, ObjKind::Lock, obj, t, 0, 0, DS_HERE);
        if (m.scheduler()) m.scheduler()->wake(t);
    }
}

// Waits for the lock: the task blocks until an unlock wakes it. Outside tasks (boot) nothing
// can hold a lock, so there is no one to wait for.
bool waitFor(std::vector<TaskId>& waiters, ObjKind okind, ObjId obj, LockMode mode, SymId name) {
    Machine& m = machine();
    emit(EventKind::LockBlock, okind, obj, static_cast<int32_t>(mode), 0, name, DS_HERE);
    waiters.push_back(m.lockOwner());
    if (!m.scheduler()) return false;
    m.scheduler()->block();
    return true;
}

} // namespace

Mutex makeMutex(std::string_view name) {
    return Mutex{machine().newId(), intern(name), kNoTask, {}};
}

void mutex_lock(Mutex& m) {
    const TaskId self = machine().lockOwner();
    while (m.owner != kNoTask)
        if (!waitFor(m.waiters, ObjKind::Lock, m.id, LockMode::Exclusive, m.name)) return;
    m.owner = self;
    emit(EventKind::LockAcquire, ObjKind::Lock, m.id, static_cast<int32_t>(LockMode::Exclusive), 0,
         m.name, DS_HERE);
}

void mutex_unlock(Mutex& m) {
    m.owner = kNoTask;
    emit(EventKind::LockRelease, ObjKind::Lock, m.id, static_cast<int32_t>(LockMode::Exclusive), 0,
         m.name, DS_HERE);
    wakeWaiters(m.waiters, m.id);
}

void down_write(RwSem& s, ObjKind okind, ObjId obj) {
    const TaskId self = machine().lockOwner();
    while (s.writer != kNoTask || s.readers > 0)
        if (!waitFor(s.waiters, okind, obj, LockMode::Exclusive, 0)) return;
    s.writer = self;
    emit(EventKind::LockAcquire, okind, obj, static_cast<int32_t>(LockMode::Exclusive), 0, 0,
         DS_HERE);
}

void up_write(RwSem& s, ObjKind okind, ObjId obj) {
    s.writer = kNoTask;
    emit(EventKind::LockRelease, okind, obj, static_cast<int32_t>(LockMode::Exclusive), 0, 0,
         DS_HERE);
    wakeWaiters(s.waiters, obj);
}

void down_read(RwSem& s, ObjKind okind, ObjId obj) {
    while (s.writer != kNoTask)
        if (!waitFor(s.waiters, okind, obj, LockMode::Shared, 0)) return;
    ++s.readers;
    emit(EventKind::LockAcquire, okind, obj, static_cast<int32_t>(LockMode::Shared), 0, 0, DS_HERE);
}

void up_read(RwSem& s, ObjKind okind, ObjId obj) {
    --s.readers;
    emit(EventKind::LockRelease, okind, obj, static_cast<int32_t>(LockMode::Shared), 0, 0, DS_HERE);
    if (s.readers == 0) wakeWaiters(s.waiters, obj);
}

} // namespace ds
