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
// so a child created between open and release is put without having been got.
int V66rc1::release(Kernel& k, Inode* inode, File* f) const {
    KFUNC_K(k, eventfs_release);
    EventfsInode* ei = inode->priv;
    if (f->priv) k.emit(EventKind::Free, ObjKind::Dlist, f->id, 0, 0, 0, DS_HERE);
    f->priv.reset();
    for (EventfsInode* child : ei->children)
        if (child->dentry) k.dput(child->dentry);
    for (Dentry* d : ei->dChildren)
        if (d) k.dput(d);
    k.dcache_dir_close(inode, f);
    return 0;
}

}  // namespace ds::eventfs
