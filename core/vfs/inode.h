// SPDX-License-Identifier: GPL-2.0-or-later
// fs/inode.c: inode lifetime (tracefs has no inode cache: the last iput evicts), link counts and
// i_rwsem.
#pragma once

#include "vfs/vfs.h"

namespace ds {

// new_inode + the filesystem's get_inode: i_count 1, nlink 1, no operations yet.
Inode* new_inode(SuperBlock* sb, uint64_t ino, uint32_t mode);
uint64_t get_next_ino(SuperBlock* sb);
void iput(Inode* inode);
void ihold(Inode* inode);
void evict(Inode* inode);
void set_nlink(Inode* inode, int nlink);
void inc_nlink(Inode* inode);
void clear_nlink(Inode* inode);
void set_dead(Inode* inode); // S_DEAD

void inode_lock(Inode* inode);
void inode_unlock(Inode* inode);
void inode_lock_shared(Inode* inode);
void inode_unlock_shared(Inode* inode);
bool inode_is_locked(const Inode* inode);

} // namespace ds
