// v6.7: dcache_dir_open_wrapper takes the directory lock exclusively and creates one level of
// children, keeping a reference on each in a list in private_data; dcache_readdir lists them
// with a cursor; eventfs_release drops exactly those references.
#include "tracefs/designs/designs.h"

namespace ds::eventfs {

int V67::open(Kernel& k, Inode* inode, File* f) const {
    KFUNC_K(k, dcache_dir_open_wrapper);
    EventfsInode* ei = inode->priv;
    Dentry* dentry = f->dentry;
    auto dlist = std::make_unique<OpenDirList>();
    k.emit(EventKind::Alloc, ObjKind::Dlist, f->id, static_cast<int32_t>(f->id), 0, DS_SYM("dentry_list"), DS_HERE);
    if (!openLocksPerEntry()) k.inode_lock(inode);
    for (EventfsInode* child : ei->children)
        if (Dentry* d = create_dir_dentry(k, ei, child, dentry, false)) dlist->entries.push_back({d, d->name, 0, DT_DIR_});
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (ei->entries[i].skip) continue;
        if (Dentry* d = create_file_dentry(k, ei, static_cast<int>(i), dentry, false))
            dlist->entries.push_back({d, d->name, 0, DT_REG_});
    }
    if (!openLocksPerEntry()) k.inode_unlock(inode);
    k.dcache_dir_open(inode, f);
    f->priv = std::move(dlist);
    return 0;
}

int V67::iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const {
    KFUNC_K(k, dcache_readdir_wrapper);
    return k.dcache_readdir(f, ctx);
}

int V67::release(Kernel& k, Inode* inode, File* f) const {
    KFUNC_K(k, eventfs_release);
    if (auto* dlist = dynamic_cast<OpenDirList*>(f->priv.get())) {
        for (const auto& e : dlist->entries) k.dput(e.dentry);
        k.emit(EventKind::Free, ObjKind::Dlist, f->id, 0, 0, 0, DS_HERE);
    }
    f->priv.reset();
    k.dcache_dir_close(inode, f);
    return 0;
}

// v6.6-rc1: the same open, but release drops a reference on every child that exists *now*,
// so a child created between open and release is put without having been got. It walks the
// directory's list of files and dirs; after a removal that list is empty, and nothing is put.
int V66rc1::release(Kernel& k, Inode* inode, File* f) const {
    KFUNC_K(k, eventfs_release);
    EventfsInode* ei = inode->priv;
    if (f->priv) k.emit(EventKind::Free, ObjKind::Dlist, f->id, 0, 0, 0, DS_HERE);
    f->priv.reset();
    if (ei && !ei->isFreed) {
        for (EventfsInode* child : ei->children)
            if (child->dentry) k.dput(child->dentry);
        for (Dentry* d : ei->dChildren)
            if (d) k.dput(d);
    }
    k.dcache_dir_close(inode, f);
    return 0;
}

// v6.6 eventfs_remove (kernel-reference §5.B): under eventfs_mutex, unlink the subtree depth
// first and dget every dentry it has; then d_invalidate and dput each. There is no
// simple_recursive_removal, so no inode gets S_DEAD: getdents64 on an open removed directory
// still runs dcache_readdir, which skips the now unhashed children. The eventfs_files are freed
// after the SRCU grace period, modelled as right away; one that still has a dentry is freed
// when that dentry's inode goes (tracefs_dentry_iput).
void V66rc1::removeDir(Kernel& k, EventfsInode* ei) const {
    KFUNC_K(k, eventfs_remove);
    std::vector<EventfsInode*> removed;
    std::vector<Dentry*> victims;
    k.mutex_lock(*k.eventfsMutex);
    {
        KFUNC_K(k, eventfs_remove_rec);
        // depth first, children before their parent, as eventfs_remove_rec queues them
        auto rec = [&](auto&& self, EventfsInode* e) -> void {
            for (EventfsInode* c : e->children) self(self, c);
            e->isFreed = true;
            k.emit(EventKind::SetFlag, ObjKind::Eventfs, e->id, static_cast<int32_t>(Flag::Freed), 1, 0, DS_HERE);
            removed.push_back(e);
        };
        rec(rec, ei);
    }
    for (EventfsInode* e : removed) {
        for (Dentry* d : e->dChildren)
            if (d) victims.push_back(k.dget(d));
        if (e->dentry) victims.push_back(k.dget(e->dentry));
        e->children.clear();  // list_del_rcu of every child
    }
    if (ei->parent) std::erase(ei->parent->children, ei);
    k.mutex_unlock(*k.eventfsMutex);
    for (Dentry* d : victims) {
        k.d_invalidate(d);
        k.dput(d);
    }
    for (EventfsInode* e : removed) {
        bool hasDentry = e->dentry != nullptr;
        for (Dentry* c : e->dChildren) hasDentry |= c != nullptr;
        if (!hasDentry) k.freeEventfsInode(e);
    }
}

}  // namespace ds::eventfs
