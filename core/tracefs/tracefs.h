// SPDX-License-Identifier: GPL-2.0-or-later
// tracefs: its super block's private part (s_fs_info) and tracefs_fill_super, which makes the
// root and has the design create the events directory.
#pragma once

#include <functional>

#include "sim/locks.h"
#include "tracefs/layout.h"
#include "vfs/vfs.h"

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

namespace ds {

struct Design;
struct EventfsInode;
struct EventfsFile;

// The tracefs part of the super block, reached from any tracefs object through s_fs_info.
struct Tracefs {
    Tracefs(Vfs& vfs, const Design& design, const tracefs::Layout& layout);
    ~Tracefs();
    Tracefs(const Tracefs&) = delete;
    Tracefs& operator=(const Tracefs&) = delete;

    const tracefs::Layout& layout() const { return *layout_; }
    tracefs::Layout& mutableLayout(); // copied on the first change (add)

    // ---- the booted state kept for many runs (explore: System::save), as Vfs's ----
    struct Booted;
    // Null once the layout was changed (a fresh boot has the built-in one).
    std::shared_ptr<const Booted> saveBooted() const;
    void restoreBooted(const Booted& b);

    Vfs& vfs;
    const Design& design;
    Mutex eventfsMutex;               // the design's eventsMutex: eventfs_mutex (v6.5: event_mutex)
    EventfsInode* eventsEi = nullptr; // the top "events" directory
    Dentry* eventsDentry = nullptr;
    std::deque<EventfsInode> eventfsInodes; // every ei of the run (ids are never reused)
    std::deque<EventfsFile> eventfsFiles;   // v6.6-rc1: every eventfs_file
    // path -> live eventfs_inode, built on the first findEventfs (only add/remove need it)
    std::unordered_map<std::string, EventfsInode*> byPath;
    bool byPathBuilt = false;

private:
    const tracefs::Layout* layout_;
    const tracefs::Layout* baseLayout_; // the one it was mounted with
    std::unique_ptr<tracefs::Layout> ownedLayout_;
};

inline Tracefs& tracefsOf(const SuperBlock* sb) {
    return *static_cast<Tracefs*>(sb->s_fs_info);
}
inline Tracefs& tracefsOf(const Inode* inode) {
    return tracefsOf(inode->i_sb);
}
inline Tracefs& tracefsOf(const Dentry* d) {
    return tracefsOf(d->d_sb);
}

// Mounts tracefs on `vfs` for `design` and `layout` (boot work, before any task runs): the
// root, then the design's events directory. The Tracefs lives as long as the mount.
std::unique_ptr<Tracefs> tracefs_fill_super(Vfs& vfs, const Design& design,
                                            const tracefs::Layout& layout);

// tracefs's tables for the inodes that are not eventfs directories.
extern const super_operations tracefs_super_operations_65; // 6.5: no tracefs_inode_cache
extern const super_operations tracefs_super_operations;    // 6.6-rc1 to 6.7
extern const super_operations tracefs_super_operations_68; // 6.8 on
extern const file_operations tracefs_file_operations;      // event files: seek, no readdir

// What i_ino a caller sets after tracefs_get_inode: tracefs_get_inode always takes a
// get_next_ino() number first; eventfs then overrides it (EVENTFS_FILE_INODE_INO for files, the
// ei's own number for 6.8's directories). Empty: keep tracefs_get_inode's number.
using InoAfter = std::function<uint64_t()>;

// A tracefs inode of `mode` with its tables: directories get `dirIops`/`dirFops` (libfs's
// simple ones when null), files tracefs_file_operations.
Inode* tracefs_get_inode(SuperBlock* sb, const InoAfter& ino, uint32_t mode,
                         const inode_operations* dirIops = nullptr,
                         const file_operations* dirFops = nullptr);

} // namespace ds
