// SPDX-License-Identifier: GPL-2.0-or-later
// fs/inode.c and the inode's i_rwsem.
#include "vfs/inode.h"

#include "sim/machine.h"

namespace ds {

// new_inode + tracefs_get_inode: i_count 1, nlink 1.
Inode* new_inode(SuperBlock* sb, uint64_t ino, uint32_t mode) {
    KFUNC(new_inode);
    Inode* inode = &sb->vfs->newInode();
    inode->id = machine().newId();
    inode->ino = ino;
    inode->mode = mode;
    inode->count = 1;
    inode->nlink = 1;
    inode->i_sb = sb;
    ++sb->vfs->counters().nrInodes;
    machine().stampAlloc(inode->life);
    emit(EventKind::Alloc, ObjKind::Inode, inode->id, static_cast<int32_t>(ino),
         static_cast<int32_t>(mode), 0, DS_HERE);
    return inode;
}

uint64_t get_next_ino(SuperBlock* sb) {
    return sb->vfs->get_next_ino();
}

void ihold(Inode* inode) {
    const int before = inode->count++;
    emit(EventKind::Get, ObjKind::Inode, inode->id, before, inode->count, 0, DS_HERE);
}

// iput: at i_count 0 the super block decides (->drop_inode); tracefs evicts at once.
void iput(Inode* inode) {
    KFUNC(iput);
    if (!checkAlive(inode->life, ObjKind::Inode, inode->id, "iput", DS_HERE)) return;
    const int before = inode->count;
    if (before <= 0) {
        warn("iput", "iput() of an inode with i_count 0",
             "inode #" + std::to_string(inode->id) + "\n", ObjKind::Inode, inode->id, DS_HERE);
        return;
    }
    --inode->count;
    emit(EventKind::Put, ObjKind::Inode, inode->id, before, inode->count, 0, DS_HERE);
    if (inode->count != 0) return;
    // iput_final: the super block's ->drop_inode decides; without one generic_drop_inode says
    // yes for an inode that is not in the inode hash, as no tracefs inode is.
    const super_operations* sop = inode->i_sb->s_op;
    const bool hasDrop = sop && sop->drop_inode;
    const int drop = hasDrop ? sop->drop_inode(inode) : 1;
    emit(EventKind::DropInode, ObjKind::Inode, inode->id, drop, 0,
         hasDrop ? 0 : DS_SYM("generic_drop_inode"), DS_HERE);
    if (drop) evict(inode);
}

namespace {
// i_callback, after the grace period: ->free_inode (tracefs_free_inode from 6.6-rc1), or
// free_inode_nonrcu for a filesystem without one.
void i_callback(Inode* inode) {
    KFUNC(i_callback);
    const super_operations* sop = inode->i_sb->s_op;
    if (sop && sop->free_inode)
        sop->free_inode(inode);
    else
        KFUNC(free_inode_nonrcu);
    emit(EventKind::Free, ObjKind::Inode, inode->id, 0, 0, 0, DS_HERE);
}

// destroy_inode: ->destroy_inode, then the memory goes in an RCU callback (i_callback).
void destroy_inode(Inode* inode) {
    KFUNC(destroy_inode);
    const super_operations* sop = inode->i_sb->s_op;
    const bool has = sop && sop->destroy_inode;
    emit(EventKind::DestroyInode, ObjKind::Inode, inode->id, 0, 0, 0, DS_HERE);
    if (has) sop->destroy_inode(inode);
    machine().call_rcu([inode] { i_callback(inode); });
}
} // namespace

// evict: the inode is dead to the VFS from here (KASAN-wise too: use after evict is reported),
// though its memory goes back only after an RCU grace period.
void evict(Inode* inode) {
    KFUNC(evict);
    machine().stampFree(inode->life);
    --vfsOf(inode).counters().nrInodes;
    destroy_inode(inode);
}

void set_nlink(Inode* inode, int nlink) {
    const int before = inode->nlink;
    inode->nlink = nlink;
    if (before != nlink)
        emit(EventKind::Nlink, ObjKind::Inode, inode->id, before, nlink, 0, DS_HERE);
}
void inc_nlink(Inode* inode) {
    set_nlink(inode, inode->nlink + 1);
}
void clear_nlink(Inode* inode) {
    set_nlink(inode, 0);
}

void set_dead(Inode* inode) {
    if (inode->dead) return;
    inode->dead = true;
    emit(EventKind::SetFlag, ObjKind::Inode, inode->id, static_cast<int32_t>(Flag::Dead), 1, 0,
         DS_HERE);
}

void inode_lock(Inode* inode) {
    down_write(inode->rwsem, ObjKind::Inode, inode->id);
}
void inode_unlock(Inode* inode) {
    up_write(inode->rwsem, ObjKind::Inode, inode->id);
}
void inode_lock_shared(Inode* inode) {
    down_read(inode->rwsem, ObjKind::Inode, inode->id);
}
void inode_unlock_shared(Inode* inode) {
    up_read(inode->rwsem, ObjKind::Inode, inode->id);
}
bool inode_is_locked(const Inode* inode) {
    return rwsem_is_locked(inode->rwsem);
}

} // namespace ds
