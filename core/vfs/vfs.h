// SPDX-License-Identifier: GPL-2.0-or-later
// The VFS's state: the mounted super block (its root, LRU and operations), the dentry hash
// tables, the dentry and inode counters, every object of the run and each task's file table.
// The functions that act on it are free functions named as in the kernel (dcache.h, inode.h,
// namei.h, file.h, readdir.h, libfs.h, syscalls.h); they reach this state through the objects
// they are given (dentry->d_sb->vfs), as kernel code reaches the globals of fs/dcache.c.
#pragma once

#include "trace/run.h"
#include "vfs/fs_ops.h"
#include "vfs/objects.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace ds {

class Vfs;

struct SuperBlock {
    Vfs* vfs = nullptr;
    const super_operations* s_op = nullptr;
    const dentry_operations* s_d_op = nullptr; // every dentry's d_op
    Dentry* s_root = nullptr;
    void* s_fs_info = nullptr;         // the filesystem's (tracefs: its Tracefs)
    std::vector<Dentry*> s_dentry_lru; // in insertion order; entries may be stale (checked on use)
};

// A task's open files (files_struct and its fdtable). As in fs/file.c, a bitmap of the fds in
// use and a hint below which none is free find the lowest free fd in a few word scans; the
// table holds at most kMaxFds (RLIMIT_NOFILE's usual soft limit), after which open() fails with
// EMFILE. 0, 1 and 2 are taken (stdin, stdout, stderr), so the first open() returns 3.
struct FdTable {
    static constexpr int kMaxFds = 1024;
    std::array<File*, kMaxFds> fd{};                    // fdt->fd: installed files
    std::array<std::uint64_t, kMaxFds / 64> openFds{7}; // fdt->open_fds: reserved or installed
    int nextFd = 3;                                     // files->next_fd
};

// What differs between the VFS of one kernel era and another (not between filesystems).
struct VfsVersion {
    // 6.8's "new locking scheme" (Al Viro): __dentry_kill unlists the dentry after ->d_release;
    // before, dentry_unlist came before the inode went.
    bool unlistAfterRelease = true;
    // 6.8 on (504e08cebe1d): fast_dput has WARN_ON_ONCE(d_lockref.count <= 0) and the dput stops
    // there. Before, a dput at count 0 went on silently: retain_dentry's count-- took it to -1.
    bool fastDputWarns = true;
    // 6.6-rc1 on (021a160abf62, "fs: use __fput_sync in close(2)"): close() runs __fput inside
    // the syscall. Before, fput queued it as task_work, run by exit_to_user_mode_loop after the
    // syscall's exit (its sys_exit tracepoint included), just before the return to user space.
    bool closeFputSync = true;
};

class Vfs {
public:
    Vfs();
    const VfsVersion& version() const { return version_; }
    void setVersion(const VfsVersion& v) { version_ = v; }
    // What the era's slab spends per dentry and inode (the memory counters' price).
    void setObjectSizes(const ObjectSizes& s) { counters_.sizes = s; }
    Vfs(const Vfs&) = delete;
    Vfs& operator=(const Vfs&) = delete;

    SuperBlock& sb() { return sb_; }
    Dentry* root() const { return sb_.s_root; }
    const DentryState& dentryState() const { return counters_; }
    DentryState& counters() { return counters_; }
    uint64_t get_next_ino() { return nextIno_++; }

    // Object storage: every object of the run, freed or not (ids are never reused); a deque
    // never moves them.
    Dentry& newDentry() { return dentries_.emplace_back(); }
    Inode& newInode() { return inodes_.emplace_back(); }
    File& newFile() { return files_.emplace_back(); }
    const std::deque<Dentry>& dentries() const { return dentries_; }

    // The primary dentry hash (d_hash) and the in-lookup hash of d_alloc_parallel, by (parent,
    // name).
    Dentry* hashed(const Dentry* parent, SymId name) const { return find(hash_, parent, name); }
    void hashInsert(Dentry* d) { hash_[Key{d->parent->id, d->name}] = d; }
    void hashRemove(const Dentry* d) { hash_.erase(Key{d->parent->id, d->name}); }
    Dentry* inLookup(const Dentry* parent, SymId name) const {
        return find(inLookup_, parent, name);
    }
    void inLookupInsert(Dentry* d) { inLookup_[Key{d->parent->id, d->name}] = d; }
    void inLookupRemove(const Dentry* d) { inLookup_.erase(Key{d->parent->id, d->name}); }

    // The file table of task `t` (made on first use).
    FdTable& files(int t);

    // ---- the booted state kept for many runs (explore: System::save) ----
    struct Booted;
    // A copy of the state; null while a file is open (a fresh boot has none).
    std::shared_ptr<const Booted> saveBooted() const;
    // Back to the saved state, in place: the objects that existed then keep their addresses
    // (every pointer of the copy names them), the ones made since go.
    void restoreBooted(const Booted& b);

private:
    struct Key {
        ObjId parent;
        SymId name;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const { return (uint64_t(k.parent) << 32) ^ k.name; }
    };
    using Hash = std::unordered_map<Key, Dentry*, KeyHash>;
    static Dentry* find(const Hash& h, const Dentry* parent, SymId name) {
        auto it = h.find(Key{parent->id, name});
        return it == h.end() ? nullptr : it->second;
    }

    SuperBlock sb_;
    VfsVersion version_;
    DentryState counters_;
    uint64_t nextIno_ = 1000;
    std::deque<Dentry> dentries_;
    std::deque<Inode> inodes_;
    std::deque<File> files_;
    Hash hash_;
    Hash inLookup_;
    std::deque<FdTable> fdTables_; // a deque: a syscall keeps its table across a task switch
};

struct Vfs::Booted {
    SuperBlock sb;
    VfsVersion version;
    DentryState counters;
    uint64_t nextIno = 0;
    std::deque<Dentry> dentries;
    std::deque<Inode> inodes;
    Hash hash, inLookup;
    std::deque<FdTable> fdTables;
};

// Puts the first objects of `live` back as `saved` has them, in place, and drops the ones after:
// objects are only ever appended (ids are never reused), so the saved ones come first.
template <class T> void restoreInPlace(std::deque<T>& live, const std::deque<T>& saved) {
    if (live.size() < saved.size()) throw std::logic_error("restoreInPlace: objects were removed");
    live.erase(live.begin() + static_cast<std::ptrdiff_t>(saved.size()), live.end());
    std::copy(saved.begin(), saved.end(), live.begin());
}

inline Vfs& vfsOf(const Dentry* d) {
    return *d->d_sb->vfs;
}
inline Vfs& vfsOf(const Inode* inode) {
    return *inode->i_sb->vfs;
}

} // namespace ds
