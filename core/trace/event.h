// SPDX-License-Identifier: GPL-2.0-or-later
// The event record: one per observable change in the simulated kernel.
#pragma once

#include <cstdint>
#include <string_view>

namespace ds {

using ObjId = uint32_t; // 0 = none; ids are never reused within a run
using SymId = uint32_t; // interned string (names, function names)
using SrcId = uint32_t; // interned engine source location
using TaskId = uint8_t; // index into the run's task list; kNoTask for boot/mount work
inline constexpr TaskId kNoTask = 0xff;

enum class ObjKind : uint8_t { None, Dentry, Inode, File, Eventfs, Dlist, Lock, Super, Task };

enum class EventKind : uint8_t {
    SyscallEnter, // sym = syscall name, a = fd or -1, obj = dentry of a path argument (if known);
                  // getdents64: b = its count argument (the size of the user's buffer)
    SyscallExit,  // sym = syscall name, a = return value
    FuncEnter,    // sym = kernel function name
    FuncExit,     // sym = kernel function name
    Alloc,        // dentry: sym = name, a = parent id (0 for a root), b = flags (kDentryCursor)
                  // inode: a = i_ino, b = mode; file: a = dentry id, b = fd
                  // eventfs: sym = name, a = parent ei (0 for events); dlist: a = file id
    Free,         // any object
    Get,          // dget / ihold / kref_get / mntget: a = count before, b = count after
    Put,          // dput / iput / kref_put: a = count before, b = count after
    Hash,         // dentry enters the primary hash
    Unhash,       // __d_drop
    LruAdd,       // dentry put on the superblock LRU (c == 0)
    LruDel,       // dentry taken off the LRU
    InLookup,     // DCACHE_PAR_LOOKUP set (a = 1) or cleared (a = 0)
    LinkChild,    // dentry linked at the head of parent's child list (a = parent)
    UnlinkChild,  // dentry removed from its parent's child list (a = parent)
    Instantiate,  // d_instantiate: a = inode
    Add,          // d_add: a = inode (0 = negative)
    Revalidate,   // d_revalidate result: a = 1 valid, 0 invalid
    SetFsdata,    // d_fsdata / ti->private / i_private: a = eventfs inode (0 = cleared)
    Nlink,        // i_nlink change: a = before, b = after
    SetFlag,      // a = flag bit (see Flag), b = 1 set / 0 clear
    LockAcquire,  // obj = lock: a = LockMode
    LockRelease,  // obj = lock: a = LockMode
    LockBlock,    // obj = lock the task waits for: a = LockMode
    Wait,         // task waits on an in-lookup dentry (obj)
    Wake,         // task woken (obj = dentry or lock)
    FilePos,      // file f_pos: a = before, b = after
    DirEmit,      // filldir64, one per record getdents64 tries to write: obj = file, sym = d_name,
                  // a = the ctx->pos it is given (its slot, which filldir64 writes into the
                  // previous record's d_off), b = its offset in the user's buffer (the bytes
                  // written so far); aux = d_type | kDirEmitNoRoom when it did not fit (the bytes
                  // left were the call's count - b; d_reclen is dirent64Reclen(name))
    CursorMove,   // list_move_tail of a cursor dentry (obj) in its parent's child list: a = the
                  // child it now stands just before (0: the end of the list), b = the parent
    DirSkip,      // a slot ->iterate_shared passed over without filldir64: obj = file, sym = the
                  // entry's name, a = its ctx->pos; aux = DirSkipWhy
    Report,       // a = index into the run's reports; sym = headline
    TaskExit,     // the task finished its calls (a = 0) or died (a = 1)
    DDelete,      // the dentry's ->d_delete consulted at its last dput (retain_dentry): obj =
                  // dentry, a = its return value (1: do not keep it), sym = the operation
    DropInode,    // iput_final asks the super block whether to evict now: obj = inode, a = the
                  // return value (1: evict), sym = ->drop_inode or generic_drop_inode
    DestroyInode, // evict -> destroy_inode: obj = inode, sym = ->destroy_inode (0: none)
    MarkDead,     // lockref_mark_dead at the start of __dentry_kill: obj = dentry, a = count
                  // before, b = the dead marker (-128) that dentry_free then sees
    ShrinkList,   // obj = dentry moved onto a shrink list (a = 1, d_shrink_add) or taken off it
                  // to be killed (a = 0, d_shrink_del)
    DentryOpen,   // do_dentry_open: obj = dentry, a = the file's id
    Getattr,      // vfs_getattr: obj = inode, a = the dentry's id
    Count_
};

enum class LockMode : uint8_t { Shared = 0, Exclusive = 1 };

// Flags carried by SetFlag events, one namespace for all object kinds.
enum class Flag : uint8_t {
    Killed = 1,      // dentry: __dentry_kill started (DCACHE_DENTRY_KILLED)
    Dead = 2,        // inode: S_DEAD
    Freed = 3,       // eventfs_inode: is_freed
    CursorOnList = 4 // cursor dentry linked into its directory's child list
};

inline constexpr uint32_t kDentryCursor = 1;

// DirEmit's aux: d_type in the low bits, this bit when the record did not fit in the buffer.
inline constexpr uint8_t kDirEmitNoRoom = 0x80;
// DirSkip's aux: why the slot gave no record.
enum class DirSkipWhy : uint8_t {
    Hidden = 1, // the entry's callback hid it (it still takes its position)
    Removed = 2 // the child is being removed (is_freed)
};

// struct linux_dirent64's size for a name: ALIGN(19 + namelen + 1, 8) (fs/readdir.c).
constexpr int64_t dirent64Reclen(size_t nameLen) {
    return (19 + static_cast<int64_t>(nameLen) + 1 + 7) & ~int64_t(7);
}

// Compact, fixed-size record (28 bytes). Strings are interned (sym), source locations too (src).
struct Event {
    uint32_t seq;
    EventKind kind;
    TaskId task;
    ObjKind okind;
    uint8_t aux = 0; // a small datum of some kinds (DirEmit, DirSkip), else 0
    ObjId obj;
    int32_t a;
    int32_t b;
    SymId sym;
    SrcId src;
};
static_assert(sizeof(Event) == 28, "events stay compact");

// A DirEmit's d_type and whether its record fitted.
inline uint8_t dirEmitType(const Event& e) {
    return static_cast<uint8_t>(e.aux & ~kDirEmitNoRoom);
}
inline bool dirEmitFits(const Event& e) {
    return (e.aux & kDirEmitNoRoom) == 0;
}

std::string_view eventKindName(EventKind k);
std::string_view objKindName(ObjKind k);
std::string_view flagName(Flag f);
std::string_view dirSkipWhyName(DirSkipWhy w);

} // namespace ds
