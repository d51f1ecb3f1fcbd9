// SPDX-License-Identifier: GPL-2.0-or-later
// A design is one era of eventfs: the operations tables it installs on its directories and
// dentries, plus what tables cannot express (how boot creates the events directory, how a
// removal and an addition go, and a few settings of the shared creation code).
// Adding a design: one file in designs/ that defines its tables and its Design, and one line
// in registry.cpp.
#pragma once

#include "vfs/fs_ops.h"
#include "vfs/vfs.h"

#include <string_view>
#include <vector>

namespace ds {

struct EventfsInode;
struct Tracefs;

// Differences between the designs that keep dentry pointers in the eventfs_inode (v6.7 to the
// 2024-01-16 patch), read by their shared creation code in eventfs_pointer.cpp.
struct PointerSettings {
    // v6.7 passes `lookup` to its creators (no reference returned, no lock taken);
    // next-20240104 dropped it: creators always return a reference and lookup drops it.
    bool hasLookupParam = true;
    // v6.7 and later take eventfs_mutex in update_inode_attr via eventfs_find_events.
    bool findEventsTakesMutex = true;
    // The parent's inode lock per created entry (v6.6's create_dentry); v6.7 takes it once in
    // the open wrapper. No design sets it since v6.6-rc1 has its own create_dentry.
    bool lockInCreate = false;
};

struct Design {
    std::string_view name;
    std::string_view summary; // one line for `designs`

    // Installed on every eventfs directory inode (i_op, i_fop) and on the super block (s_d_op,
    // so they apply to every tracefs dentry). v6.5-static has no eventfs: its directories get
    // libfs's simple tables.
    const inode_operations* dirInodeOps = nullptr;
    const file_operations* dirFileOps = nullptr;
    const dentry_operations* dentryOps = nullptr;
    // The super block's (tracefs_super_operations when null).
    const super_operations* superOps = nullptr;

    // Boot: create the permanent events dentry and whatever the design creates up front.
    void (*createEventsDir)(Tracefs& fs) = nullptr;
    // eventfs_remove_dir (module unload, instance rmdir, deleting a dynamic event).
    void (*removeDir)(Tracefs& fs, EventfsInode* ei) = nullptr;
    // eventfs_create_dir: a new event directory (null when the name exists).
    EventfsInode* (*addDir)(Tracefs& fs, EventfsInode* parent, SymId name) = nullptr;

    PointerSettings pointer;

    // What the slab spends per dentry and inode in this era, x86-64 (the memory counters).
    // struct dentry is 192 bytes in every era (the `dentry` cache, no constructor). struct inode
    // is taken as 616 bytes in every era: BTF of 6.18.44 (lean config). That is an assumption
    // for 6.5-6.8 and for Debian's config: 6.11's discrete timestamps saved 8 bytes, other
    // fields came and went, config options (fscrypt, fsverity, security) move it by words. A
    // cache with a constructor (inode_init_once) keeps SLUB's free pointer after the object:
    // +8. From v6.6-rc1 to v6.8 a tracefs inode is struct tracefs_inode {vfs_inode, flags,
    // private}: 616 + 16 + 8 = 640. (6.10 added `list`: 656, what 6.18's slabinfo shows.)
    // v6.5's plain inodes come from inode_cache (its design says 624). Measured on Debian's
    // 6.12 (tst_qemu_kernel's VM, slab_nomerge): dentry 192, tracefs_inode_cache 664.
    ObjectSizes sizes{.dentry = 192, .inode = 640};

    // What the era calls its eventfs objects (trace/run.h), and the mutex that serialises adding
    // and removing event directories: eventfs_mutex from v6.6-rc1; v6.5 has trace_events'
    // event_mutex (trace_add_event_call, trace_remove_event_call).
    EventfsNames eventfs{};
    std::string_view eventsMutex = "eventfs_mutex";
    // The kernel entry points the scenario's `add` and `remove` stand for (their syscall-like
    // spans): eventfs_create_dir / eventfs_remove_dir from v6.7, eventfs_add_dir /
    // eventfs_remove in v6.6-rc1, trace_add_event_call / trace_remove_event_call in v6.5.
    std::string_view addEntry = "eventfs_create_dir";
    std::string_view removeEntry = "eventfs_remove_dir";

    // The VFS of this era (v6.8 and later have 6.8's; the others came before it).
    VfsVersion vfs{.unlistAfterRelease = false, .fastDputWarns = false, .closeFputSync = true};
};

const Design* findDesign(std::string_view name);
const std::vector<const Design*>& allDesigns();

// ---- what the designs share (eventfs_common.cpp) ----

// tracefs_start_creating("events", root) + eventfs_create_events_dir: the events dentry keeps
// the reference from the lookup for as long as tracing is mounted.
void createEventsDirCommon(Tracefs& fs);
// The events dentry and its inode (i_private = ei), without d_fsdata.
Dentry* createEventsDentry(Tracefs& fs, EventfsInode* ei);
// eventfs_create_dir: a new event directory with the standard event files.
EventfsInode* addDirCommon(Tracefs& fs, EventfsInode* parent, SymId name);
// Its metadata alone (the layout row and the ei with its entries), no frame and no lock: null
// when the name exists.
EventfsInode* addEventDirEi(Tracefs& fs, EventfsInode* parent, SymId name);

} // namespace ds
