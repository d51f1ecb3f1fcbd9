// SPDX-License-Identifier: GPL-2.0-or-later
// What the eventfs designs that keep dentry pointers in the eventfs_inode share (v6.7,
// next-20240104 and the two 2024-01-16 proposals): the "nested lookup dance" that creates
// a child from outside ->lookup, their ->lookup, their d_iput and their removal. Their
// differences are the design's PointerSettings.
#pragma once

#include "tracefs/design.h"
#include "tracefs/eventfs.h"
#include "tracefs/tracefs.h"

namespace ds::eventfs {

// Constants of fs/tracefs/event_inode.c (v6.8).
inline constexpr uint64_t EVENTFS_FILE_INODE_INO = 0x12c4e37; // 19680823

// tracefs_start_creating / eventfs_start_creating: a negative dentry with a reference, or
// -EEXIST when the name is already positive.
Dentry* eventfs_start_creating(SymId name, Dentry* parent, int& err);

// create_dir_dentry / create_file_dentry: ei's dentry (or its idx-th file's), made if it does
// not exist yet. `lookup` is v6.7's parameter: no reference is returned and no lock taken.
Dentry* create_dir_dentry(EventfsInode* pei, EventfsInode* ei, Dentry* parent, bool lookup);
Dentry* create_file_dentry(EventfsInode* ei, int idx, Dentry* parent, bool lookup);

// inode_operations.lookup (eventfs_root_lookup before v6.8).
Dentry* pointer_root_lookup(Inode* dir, Dentry* d);
// dentry_operations.d_iput (tracefs_dentry_iput).
void tracefs_dentry_iput(Dentry* d, Inode* inode);
// eventfs_remove_dir of v6.7 and the designs after it.
void pointer_remove_dir(Tracefs& fs, EventfsInode* ei);

// The tables these designs share.
extern const inode_operations pointer_dir_inode_operations;
extern const dentry_operations pointer_dentry_operations;

// file->private_data of the designs that create children at open: the dentries (with or
// without a reference) and what getdents64 emits.
struct OpenDirList : FilePrivate {
    struct Entry {
        Dentry* dentry = nullptr; // holds a reference when `holdsRef`
        SymId name = 0;
        uint64_t ino = 0;
        uint8_t type = 0;
    };
    std::vector<Entry> entries;
    bool holdsRef = true;
};

// The eventfs_inode of an eventfs directory inode (i_private).
inline EventfsInode* dirEi(const Inode* inode) {
    return static_cast<EventfsInode*>(inode->i_private);
}

} // namespace ds::eventfs
