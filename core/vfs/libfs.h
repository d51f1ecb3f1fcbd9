// SPDX-License-Identifier: GPL-2.0-or-later
// fs/libfs.c: what simple filesystems share. simple_lookup makes negative dentries;
// dcache_readdir lists a directory's positive children with a cursor dentry; a directory whose
// filesystem has nothing better gets simple_dir_inode_operations and simple_dir_operations.
#pragma once

#include "vfs/vfs.h"

namespace ds {

extern const inode_operations simple_dir_inode_operations; // .lookup = simple_lookup
extern const file_operations simple_dir_operations;        // dcache_dir_open/readdir/lseek/close

extern const dentry_operations simple_dentry_operations; // .d_delete = always_delete_dentry

Dentry* simple_lookup(Inode* dir, Dentry* d);
int always_delete_dentry(const Dentry* d);
int dcache_dir_open(Inode* inode, File* f);
int dcache_dir_close(Inode* inode, File* f);
int dcache_readdir(File* f, DirContext& ctx);
int64_t dcache_dir_lseek(File* f, int64_t offset);
Dentry* scan_positives(Dentry* cursor, Dentry* start, int count, Dentry* last);
// Depth first: each victim is invalidated and unpinned; every directory inode gets S_DEAD.
void simple_recursive_removal(Dentry* root);

} // namespace ds
