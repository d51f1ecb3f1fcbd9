// The simulated kernel objects. They hold the state the kernel has and nothing else the
// GUI could not recompute from events; the GUI folds the event log instead of reading these.
#pragma once

#include "trace/event.h"
#include "trace/uapi.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ds {

struct Inode;
struct EventfsInode;
struct Dentry;

// A reference a holder took and has not yet put, for ref_tracker-style reports.
struct HeldRef {
    TaskId task;
    uint32_t stack;  // call-stack id (Kernel::stackFrames)
    uint32_t seq;    // event that took it
};

// Per-object lifetime history used by the checker (KASAN-style reports).
struct Lifetime {
    uint32_t allocStack = 0, freeStack = 0;
    uint32_t allocSeq = 0, freeSeq = 0;
    TaskId allocTask = kNoTask, freeTask = kNoTask;
    bool freed = false;
};

// i_rwsem: shared or exclusive holders.
struct RwSem {
    int readers = 0;
    TaskId writer = kNoTask;  // who holds the shared side is in the event log
};

struct Inode {
    ObjId id = 0;
    uint64_t ino = 0;       // i_ino
    int count = 0;          // i_count
    int nlink = 1;          // i_nlink
    uint32_t mode = 0;      // i_mode, type and permission bits
    bool dead = false;      // S_DEAD (IS_DEADDIR)
    EventfsInode* priv = nullptr;  // tracefs_inode->private (the ei of an eventfs directory)
    Dentry* alias = nullptr;       // i_dentry: tracefs inodes have at most one alias
    RwSem rwsem;
    bool eventInode = false;       // TRACEFS_EVENT_INODE
    Lifetime life;
};

struct Dentry {
    ObjId id = 0;
    SymId name = 0;
    Dentry* parent = nullptr;  // d_parent (self for a root)
    int count = 0;             // d_lockref.count
    bool hashed = false;
    bool inLookup = false;     // DCACHE_PAR_LOOKUP
    bool onLru = false;        // DCACHE_LRU_LIST
    bool cursor = false;       // DCACHE_DENTRY_CURSOR
    bool killed = false;       // DCACHE_DENTRY_KILLED
    bool pinnedByFs = false;   // tracefs keeps a reference (the events dentry)
    Inode* inode = nullptr;    // d_inode; null = negative
    EventfsInode* fsdata = nullptr;  // d_fsdata
    // Child list, head insertion order (d_subdirs / d_children).
    Dentry* firstChild = nullptr;
    Dentry* nextSibling = nullptr;
    Dentry* prevSibling = nullptr;
    bool onParentList = false;
    std::vector<TaskId> waiters;   // tasks waiting in d_wait_lookup
    std::vector<HeldRef> refs;     // references taken and not yet put
    uint32_t lastGetStack = 0;
    TaskId lastGetTask = kNoTask;
    uint32_t lastGetSeq = 0;
    Lifetime life;
    bool isRoot() const { return parent == this; }
};

// Design-specific state an open directory keeps in file->private_data.
struct FilePrivate {
    virtual ~FilePrivate() = default;
};

struct File {
    ObjId id = 0;
    Dentry* dentry = nullptr;  // f_path.dentry, holds one reference
    int64_t pos = 0;           // f_pos
    int fd = -1;
    std::unique_ptr<FilePrivate> priv;  // private_data (design-specific)
    Dentry* cursor = nullptr;           // private_data of dcache_dir_open: the cursor dentry
    bool opened = false;                // ->open succeeded, so ->release runs at the last fput
    Lifetime life;
};

// One entry of an eventfs directory's static file table (ei->entries[]).
struct EventfsEntry {
    SymId name = 0;
    uint16_t mode = 0;
    bool skip = false;  // the callback returns 0: the file is hidden
};

// struct eventfs_inode, superset of the fields every design uses.
struct EventfsInode {
    ObjId id = 0;
    SymId name = 0;
    EventfsInode* parent = nullptr;
    std::vector<EventfsInode*> children;  // ei->children, list_add_tail order
    std::vector<EventfsEntry> entries;    // ei->entries
    uint16_t mode = 0755;
    bool isFreed = false;   // ei->is_freed
    bool isEvents = false;  // the top "events" ei
    int kref = 0;           // v6.8: kref
    uint64_t ino = 0;       // v6.8: eventfs_dir_ino(), 0 until first asked
    Dentry* dentry = nullptr;              // v6.6-v6.7: ei->dentry (no reference)
    std::vector<Dentry*> dChildren;        // v6.6-v6.7: d_children[] (no references)
    std::vector<bool> created;             // v6.6-rc1: per child/entry "created" flag
    int layoutDir = -1;                    // index into the tree layout
    Lifetime life;
};

}  // namespace ds
