// SPDX-License-Identifier: GPL-2.0-or-later
// fs/dcache.c: allocation, lookup, references, the LRU and killing of dentries.
#pragma once

#include "vfs/vfs.h"

namespace ds {

Dentry* __d_alloc(SuperBlock* sb, SymId name, uint32_t flags = 0); // flags: kDentryCursor
Dentry* d_alloc(Dentry* parent, SymId name);
Dentry* d_alloc_cursor(Dentry* parent);
Dentry* d_alloc_parallel(Dentry* parent, SymId name);
void d_lookup_done(Dentry* d);
Dentry* d_lookup(Dentry* parent, SymId name);
void d_instantiate(Dentry* d, Inode* inode);
void d_add(Dentry* d, Inode* inode);
Dentry* dget(Dentry* d);
void dget_dlock_pin(Dentry* parent); // the parent pin of d_alloc
void dput(Dentry* d);
void dropParentPin(Dentry* parent);
void __dentry_kill(Dentry* d);
void __d_drop(Dentry* d);
void d_rehash(Dentry* d);
void d_invalidate(Dentry* d);
void shrink_dcache_parent(Dentry* d);
void d_lru_add(Dentry* d);
void d_lru_del(Dentry* d);
int d_revalidate(Dentry* d);
void prune_dcache_sb(SuperBlock* sb); // drop_caches / shrinker: kill unused LRU dentries
// After the shrinker killed a child: drop its pin on `parent`, killing ancestors left unused.
void shrinkAncestors(Dentry* parent);
// d_fsdata belongs to the filesystem; its event names the object by `dataId` (0 = cleared).
void d_set_fsdata(Dentry* d, void* data, ObjId dataId);
// Reads d->d_fsdata: the filesystem's pointer, which a removal may clear while another task
// looks (explore counts it as reading the dentry; the change is d_set_fsdata's event).
void* d_fsdata(const Dentry* d);
// The parent's child list (d_children).
void linkChild(Dentry* parent, Dentry* d);
void unlinkChild(Dentry* d);
void listMoveTail(Dentry* cursor, Dentry* before); // list_move_tail(cursor, before)

// Like ref_tracker at unmount: every dentry reference still held, grouped by the stack that
// took it, as one report.
void reportLeakedDentries(const Vfs& vfs);

} // namespace ds
