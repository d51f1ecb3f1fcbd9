// SPDX-License-Identifier: GPL-2.0-or-later
// The VFS objects: dentry, inode, file. They hold the state the kernel has and nothing else the
// GUI could not recompute from events; the GUI folds the event log instead of reading these.
// What a filesystem keeps behind them (d_fsdata, i_private, private_data) is opaque here.
#pragma once

#include "sim/lifetime.h"
#include "sim/locks.h"
#include "trace/event.h"
#include "trace/uapi.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ds {

struct SuperBlock;
struct inode_operations;
struct file_operations;
struct dentry_operations;

struct Inode {
    ObjId id = 0;
    uint64_t ino = 0;  // i_ino
    int count = 0;     // i_count
    int nlink = 1;     // i_nlink
    uint32_t mode = 0; // i_mode, type and permission bits
    bool dead = false; // S_DEAD (IS_DEADDIR)
    SuperBlock* i_sb = nullptr;
    const inode_operations* i_op = nullptr;
    const file_operations* i_fop = nullptr; // becomes f_op of a file opened on it
    void* i_private = nullptr;              // the filesystem's, opaque here
    struct Dentry* alias = nullptr;         // i_dentry: tracefs inodes have at most one alias
    RwSem rwsem;                            // i_rwsem
    Lifetime life;
};

// lockref_mark_dead's count: a dead dentry's d_lockref.count, as dentry_free sees it.
inline constexpr int kLockrefDead = -128;

struct Dentry {
    ObjId id = 0;
    SymId name = 0;
    Dentry* parent = nullptr; // d_parent (self for a root)
    int count = 0;            // d_lockref.count
    bool hashed = false;
    bool inLookup = false;   // DCACHE_PAR_LOOKUP
    bool onLru = false;      // DCACHE_LRU_LIST
    bool cursor = false;     // DCACHE_DENTRY_CURSOR
    bool killed = false;     // DCACHE_DENTRY_KILLED
    bool pinnedByFs = false; // the filesystem keeps a reference (the events dentry)
    SuperBlock* d_sb = nullptr;
    const dentry_operations* d_op = nullptr; // from sb->s_d_op at __d_alloc
    Inode* inode = nullptr;                  // d_inode; null = negative
    void* d_fsdata = nullptr;                // the filesystem's, opaque here
    // Child list, head insertion order (d_subdirs / d_children).
    Dentry* firstChild = nullptr;
    Dentry* nextSibling = nullptr;
    Dentry* prevSibling = nullptr;
    bool onParentList = false;
    std::vector<TaskId> waiters; // tasks waiting in d_wait_lookup
    std::vector<HeldRef> refs;   // references taken and not yet put
    uint32_t lastGetStack = 0;
    TaskId lastGetTask = kNoTask;
    uint32_t lastGetSeq = 0;
    Lifetime life;
    bool isRoot() const { return parent == this; }
};

// What a filesystem keeps in file->private_data of an open directory.
struct FilePrivate {
    virtual ~FilePrivate() = default;
};

struct File {
    ObjId id = 0;
    Dentry* dentry = nullptr; // f_path.dentry, holds one reference
    const file_operations* f_op = nullptr;
    int64_t pos = 0; // f_pos
    int fd = -1;
    std::unique_ptr<FilePrivate> priv; // private_data (the filesystem's)
    Dentry* cursor = nullptr;          // private_data of dcache_dir_open: the cursor dentry
    bool opened = false;               // ->open succeeded, so ->release runs at the last fput
    Lifetime life;
};

} // namespace ds
