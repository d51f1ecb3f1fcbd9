// SPDX-License-Identifier: GPL-2.0-or-later
// The operations tables a filesystem fills, as in include/linux/fs.h and dcache.h. The VFS
// reaches a filesystem only through these: a null entry means "not set" and the VFS does what
// the kernel does then. A filesystem installs i_op/i_fop when it creates an inode and s_d_op
// when it fills its super block; __d_alloc copies s_d_op into every new dentry.
#pragma once

#include "vfs/objects.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ds {

struct DirEntry;

// struct dir_context plus what filldir64 keeps of the user's buffer.
struct DirContext {
    int64_t pos = 0;
    int64_t count = 0; // bytes left in the buffer
    int64_t error = 0;
    std::vector<DirEntry>* out = nullptr;
    int64_t written = 0;
    ObjId file = 0; // the file being read, for the DirEmit / DirSkip events
};

struct inode_operations {
    // Fills (d_add) or leaves negative the in-lookup dentry `d`; may return another dentry to
    // use instead.
    Dentry* (*lookup)(Inode* dir, Dentry* d) = nullptr;
};

struct file_operations {
    int (*open)(Inode* inode, File* f) = nullptr;
    int (*iterate_shared)(File* f, DirContext& ctx) = nullptr;
    // Up to `count` bytes from f_pos, which it moves; the count read or -errno. `data` gets
    // the bytes where the filesystem's contents are simulated.
    int64_t (*read)(File* f, int64_t count, std::optional<std::string>& data) = nullptr;
    // Moves f_pos to `offset` (SEEK_SET); returns the new position or -errno.
    int64_t (*llseek)(File* f, int64_t offset) = nullptr;
    int (*release)(Inode* inode, File* f) = nullptr;
};

struct dentry_operations {
    int (*d_revalidate)(Dentry* d) = nullptr;   // > 0 valid, 0 invalid
    int (*d_delete)(const Dentry* d) = nullptr; // nonzero: do not keep it cached when unused
    void (*d_release)(Dentry* d) = nullptr;
    void (*d_iput)(Dentry* d, Inode* inode) = nullptr; // instead of iput
};

struct super_operations {
    // Nonzero: evict an inode at its last iput (generic_delete_inode). Null: the same, since
    // no filesystem we simulate has an inode cache (generic_drop_inode of an unhashed inode).
    int (*drop_inode)(Inode* inode) = nullptr;
    // Called by evict before the inode's memory goes.
    void (*destroy_inode)(Inode* inode) = nullptr;
    // Gives the memory back, in an RCU callback (null: free_inode_nonrcu).
    void (*free_inode)(Inode* inode) = nullptr;
};

} // namespace ds
