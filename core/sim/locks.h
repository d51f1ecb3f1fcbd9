// SPDX-License-Identifier: GPL-2.0-or-later
// Sleeping locks of the simulated kernel: a mutex and a reader/writer semaphore (i_rwsem).
// Blocking hands the CPU to another task; every acquire, release and block is an event on the
// lock's object (an inode's id for its i_rwsem).
#pragma once

#include "trace/event.h"

#include <string_view>
#include <vector>

namespace ds {

struct Mutex {
    ObjId id = 0;
    SymId name = 0;
    TaskId owner = kNoTask;
    std::vector<TaskId> waiters;
};

// A reader/writer semaphore; who holds the shared side is in the event log.
struct RwSem {
    int readers = 0;
    TaskId writer = kNoTask;
    std::vector<TaskId> waiters;
};

// A new mutex with its own object id (DEFINE_MUTEX).
Mutex makeMutex(std::string_view name);
void mutex_lock(Mutex& m);
void mutex_unlock(Mutex& m);

// The semaphore belongs to object (okind, obj), which its events name.
void down_write(RwSem& s, ObjKind okind, ObjId obj);
void up_write(RwSem& s, ObjKind okind, ObjId obj);
void down_read(RwSem& s, ObjKind okind, ObjId obj);
void up_read(RwSem& s, ObjKind okind, ObjId obj);
inline bool rwsem_is_locked(const RwSem& s) {
    return s.writer != kNoTask || s.readers > 0;
}

} // namespace ds
