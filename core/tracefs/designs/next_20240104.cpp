// linux-next 493ec81a8fb8 (2024-01-04): no open/release; eventfs_iterate runs under the
// directory lock held *shared* and creates every child with the nested lookup dance. Two
// readers can both instantiate the same dentry: kernel BUG at fs/dcache.c:2031.
#include "tracefs/designs/designs.h"

namespace ds::eventfs {

int Next20240104::iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const {
    KFUNC_K(k, eventfs_iterate);
    if (!k.dir_emit_dots(f, ctx)) return 0;
    EventfsInode* ei = f->dentry->inode->priv;
    k.mutex_lock(*k.eventfsMutex);
    Dentry* ei_dentry = ei->dentry;
    k.mutex_unlock(*k.eventfsMutex);
    if (!ei_dentry || ei->isFreed) return 0;
    int64_t c = ctx.pos - 2;
    int64_t idx = 0;
    // children first, then the files (the follow-up commits swapped the order)
    for (EventfsInode* child : ei->children) {
        if (idx++ < c) continue;
        if (child->isFreed) continue;
        Dentry* d = create_dir_dentry(k, ei, child, ei_dentry, false);
        if (!d) continue;
        const uint64_t ino = d->inode ? d->inode->ino : 0;
        k.dput(d);
        if (!k.dir_emit(ctx, child->name, ino, DT_DIR_)) return 0;
        ++ctx.pos;
    }
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (idx++ < c) continue;
        if (ei->entries[i].skip) continue;
        Dentry* d = create_file_dentry(k, ei, static_cast<int>(i), ei_dentry, false);
        if (!d) continue;
        const uint64_t ino = d->inode ? d->inode->ino : 0;
        k.dput(d);
        if (!k.dir_emit(ctx, ei->entries[i].name, ino, DT_REG_)) return 0;
        ++ctx.pos;
    }
    return 1;
}

}  // namespace ds::eventfs
