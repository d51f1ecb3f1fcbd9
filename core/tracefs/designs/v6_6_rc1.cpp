// SPDX-License-Identifier: GPL-2.0-or-later
// v6.6-rc1, the first eventfs: the same open as v6.7 (locking per created entry), but release
// drops a reference on every child that exists *now*, so a child created between open and
// release is put without having been got.
#include "tracefs/designs/designs.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/libfs.h"

namespace ds::eventfs {

namespace {

int v6_6_open(Inode* inode, File* f) {
    return dcache_dir_open_wrapper(inode, f, true);
}

// It walks the directory's list of files and dirs; after a removal that list is empty, and
// nothing is put.
int eventfs_release(Inode* inode, File* f) {
    KFUNC(eventfs_release);
    EventfsInode* ei = dirEi(inode);
    if (f->priv) emit(EventKind::Free, ObjKind::Dlist, f->id, 0, 0, 0, DS_HERE);
    f->priv.reset();
    if (ei && !ei->isFreed) {
        for (EventfsInode* child : ei->children)
            if (child->dentry) dput(child->dentry);
        for (Dentry* d : ei->dChildren)
            if (d) dput(d);
    }
    dcache_dir_close(inode, f);
    return 0;
}

// v6.6 eventfs_remove (kernel-reference §5.B): under eventfs_mutex, unlink the subtree depth
// first and dget every dentry it has; then d_invalidate and dput each. There is no
// simple_recursive_removal, so no inode gets S_DEAD: getdents64 on an open removed directory
// still runs dcache_readdir, which skips the now unhashed children. The eventfs_files are freed
// after the SRCU grace period, modelled as right away; one that still has a dentry is freed
// when that dentry's inode goes (tracefs_dentry_iput).
void eventfs_remove(Tracefs& fs, EventfsInode* ei) {
    KFUNC(eventfs_remove);
    std::vector<EventfsInode*> removed;
    std::vector<Dentry*> victims;
    mutex_lock(fs.eventfsMutex);
    {
        KFUNC(eventfs_remove_rec);
        // depth first, children before their parent, as eventfs_remove_rec queues them
        auto rec = [&](auto&& self, EventfsInode* e) -> void {
            for (EventfsInode* c : e->children)
                self(self, c);
            e->isFreed = true;
            emit(EventKind::SetFlag, ObjKind::Eventfs, e->id, static_cast<int32_t>(Flag::Freed), 1,
                 0, DS_HERE);
            removed.push_back(e);
        };
        rec(rec, ei);
    }
    for (EventfsInode* e : removed) {
        for (Dentry* d : e->dChildren)
            if (d) victims.push_back(dget(d));
        if (e->dentry) victims.push_back(dget(e->dentry));
        e->children.clear(); // list_del_rcu of every child
    }
    if (ei->parent) std::erase(ei->parent->children, ei);
    mutex_unlock(fs.eventfsMutex);
    for (Dentry* d : victims) {
        d_invalidate(d);
        dput(d);
    }
    for (EventfsInode* e : removed) {
        bool hasDentry = e->dentry != nullptr;
        for (Dentry* c : e->dChildren)
            hasDentry |= c != nullptr;
        if (!hasDentry) free_ei(fs, e);
    }
}

const file_operations eventfs_file_operations = {
    .open = v6_6_open,
    .iterate_shared = dcache_readdir_wrapper,
    .llseek = generic_file_llseek, // the cursor stays where readdir left it
    .release = eventfs_release,
};

} // namespace

const Design v6_6_rc1{
    .name = "v6.6-rc1",
    .summary = "v6.6-rc1: open creates and gets every child; release puts every child that exists "
               "now (underflow)",
    .dirInodeOps = &pointer_dir_inode_operations,
    .dirFileOps = &eventfs_file_operations,
    .dentryOps = &pointer_dentry_operations,
    .createEventsDir = createEventsDirCommon,
    .removeDir = eventfs_remove,
    .addDir = addDirCommon,
    .pointer = {.hasLookupParam = true, .findEventsTakesMutex = false, .lockInCreate = true},
};

} // namespace ds::eventfs
