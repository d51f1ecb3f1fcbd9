// The two answers of 2024-01-15/16 to the crash, both creating at open() under the directory
// lock held exclusively, so no reader or lookup of that directory can run in between.
//  rfc-open-refs:  the plan in the mail: keep a reference on every child until release.
//  rfc-open-array: the patch as posted: copy names and inode numbers, keep no reference.
#include "tracefs/designs/designs.h"

namespace ds::eventfs {

namespace {
int emitFromList(Kernel& k, File* f, Kernel::DirContext& ctx) {
    if (!k.dir_emit_dots(f, ctx)) return 0;
    auto* list = dynamic_cast<OpenDirList*>(f->priv.get());
    if (!list) return -EINVAL_;
    for (size_t i = static_cast<size_t>(ctx.pos - 2); i < list->entries.size(); ++i) {
        const auto& e = list->entries[i];
        if (!k.dir_emit(ctx, e.name, e.ino, e.type)) return 0;
        ++ctx.pos;
    }
    return 1;
}

int createAll(const PointerEventfs& fs, Kernel& k, Inode* inode, File* f, bool keepRefs) {
    EventfsInode* ei = inode->priv;
    k.mutex_lock(*k.eventfsMutex);
    Dentry* dentry = ei->dentry;
    const bool freed = ei->isFreed;
    k.mutex_unlock(*k.eventfsMutex);
    if (!dentry || freed) return -ENOENT_;
    auto list = std::make_unique<OpenDirList>();
    list->holdsRef = keepRefs;
    k.emit(EventKind::Alloc, ObjKind::Dlist, f->id, static_cast<int32_t>(f->id), 0, DS_SYM("dents"), DS_HERE);
    k.inode_lock(inode);
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (ei->entries[i].skip) continue;
        Dentry* d = fs.create_file_dentry(k, ei, static_cast<int>(i), dentry, false);
        if (!d) continue;
        list->entries.push_back({keepRefs ? d : nullptr, ei->entries[i].name, d->inode ? d->inode->ino : 0, DT_REG_});
        if (!keepRefs) k.dput(d);
    }
    for (EventfsInode* child : ei->children) {
        Dentry* d = fs.create_dir_dentry(k, ei, child, dentry, false);
        if (!d) continue;
        list->entries.push_back({keepRefs ? d : nullptr, child->name, d->inode ? d->inode->ino : 0, DT_DIR_});
        if (!keepRefs) k.dput(d);
    }
    k.inode_unlock(inode);
    f->priv = std::move(list);
    return 0;
}

int releaseList(Kernel& k, File* f) {
    if (auto* list = dynamic_cast<OpenDirList*>(f->priv.get())) {
        if (list->holdsRef)
            for (const auto& e : list->entries) k.dput(e.dentry);
        k.emit(EventKind::Free, ObjKind::Dlist, f->id, 0, 0, 0, DS_HERE);
    }
    f->priv.reset();
    return 0;
}
}  // namespace

int RfcOpenRefs::open(Kernel& k, Inode* inode, File* f) const {
    KFUNC_K(k, eventfs_dir_open);
    return createAll(*this, k, inode, f, true);
}
int RfcOpenRefs::iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const {
    KFUNC_K(k, eventfs_iterate);
    return emitFromList(k, f, ctx);
}
int RfcOpenRefs::release(Kernel& k, Inode*, File* f) const {
    KFUNC_K(k, eventfs_dir_release);
    return releaseList(k, f);
}

int RfcOpenArray::open(Kernel& k, Inode* inode, File* f) const {
    KFUNC_K(k, eventfs_dir_open);
    return createAll(*this, k, inode, f, false);
}
int RfcOpenArray::iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const {
    KFUNC_K(k, eventfs_iterate);
    return emitFromList(k, f, ctx);
}
int RfcOpenArray::release(Kernel& k, Inode*, File* f) const {
    KFUNC_K(k, eventfs_dir_release);
    return releaseList(k, f);
}

}  // namespace ds::eventfs
