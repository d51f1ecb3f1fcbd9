// SPDX-License-Identifier: GPL-2.0-or-later
// The two answers of 2024-01-15/16 to the crash, both creating at open() under the directory
// lock held exclusively, so no reader or lookup of that directory can run in between. They
// differ in one setting, so they share this file:
//  rfc-open-refs:  the plan in the mail: keep a reference on every child until release.
//  rfc-open-array: the patch as posted: copy names and inode numbers, keep no reference.
#include "tracefs/designs/designs.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/inode.h"
#include "vfs/read_write.h"
#include "vfs/readdir.h"

namespace ds::eventfs {

namespace {

int eventfs_iterate(File* f, DirContext& ctx) {
    KFUNC(eventfs_iterate);
    if (!dir_emit_dots(f, ctx)) return 0;
    auto* list = dynamic_cast<OpenDirList*>(f->priv.get());
    if (!list) return -EINVAL_;
    for (size_t i = static_cast<size_t>(ctx.pos - 2); i < list->entries.size(); ++i) {
        const auto& e = list->entries[i];
        if (!dir_emit(ctx, e.name, e.ino, e.type)) return 0;
        ++ctx.pos;
    }
    return 1;
}

int createAll(Inode* inode, File* f, bool keepRefs) {
    EventfsInode* ei = dirEi(inode);
    Tracefs& fs = tracefsOf(inode);
    mutex_lock(fs.eventfsMutex);
    Dentry* dentry = ei->dentry;
    const bool freed = ei->isFreed;
    mutex_unlock(fs.eventfsMutex);
    if (!dentry || freed) return -ENOENT_;
    auto list = std::make_unique<OpenDirList>();
    list->holdsRef = keepRefs;
    emit(EventKind::Alloc, ObjKind::Dlist, f->id, static_cast<int32_t>(f->id), 0, DS_SYM("dents"),
         DS_HERE);
    inode_lock(inode);
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (ei->entries[i].skip) continue;
        Dentry* d = create_file_dentry(ei, static_cast<int>(i), dentry, false);
        if (!d) continue;
        list->entries.push_back(
            {keepRefs ? d : nullptr, ei->entries[i].name, d->inode ? d->inode->ino : 0, DT_REG_});
        if (!keepRefs) dput(d);
    }
    for (EventfsInode* child : ei->children) {
        Dentry* d = create_dir_dentry(ei, child, dentry, false);
        if (!d) continue;
        list->entries.push_back(
            {keepRefs ? d : nullptr, child->name, d->inode ? d->inode->ino : 0, DT_DIR_});
        if (!keepRefs) dput(d);
    }
    inode_unlock(inode);
    f->priv = std::move(list);
    return 0;
}

int eventfs_dir_release(Inode*, File* f) {
    KFUNC(eventfs_dir_release);
    if (auto* list = dynamic_cast<OpenDirList*>(f->priv.get())) {
        if (list->holdsRef)
            for (const auto& e : list->entries)
                dput(e.dentry);
        emit(EventKind::Free, ObjKind::Dlist, f->id, 0, 0, 0, DS_HERE);
    }
    f->priv.reset();
    return 0;
}

int open_refs(Inode* inode, File* f) {
    KFUNC(eventfs_dir_open);
    return createAll(inode, f, true);
}

int open_array(Inode* inode, File* f) {
    KFUNC(eventfs_dir_open);
    return createAll(inode, f, false);
}

const file_operations refs_file_operations = {
    .open = open_refs,
    .iterate_shared = eventfs_iterate,
    .read = generic_read_dir,
    .llseek = generic_file_llseek,
    .release = eventfs_dir_release,
};

const file_operations array_file_operations = {
    .open = open_array,
    .iterate_shared = eventfs_iterate,
    .read = generic_read_dir,
    .llseek = generic_file_llseek,
    .release = eventfs_dir_release,
};

} // namespace

const Design rfc_open_refs{
    .name = "rfc-open-refs",
    .summary = "the 2024-01-15 plan: create at open (lock exclusive), hold refs in an array for "
               "iterate, put at release",
    .dirInodeOps = &pointer_dir_inode_operations,
    .dirFileOps = &refs_file_operations,
    .dentryOps = &pointer_dentry_operations,
    .createEventsDir = createEventsDirCommon,
    .removeDir = pointer_remove_dir,
    .addDir = addDirCommon,
    // d_fsdata points at the eventfs_inode and holds no reference (the kref came in v6.8)
    .eventfs = {.kref = false},
};

const Design rfc_open_array{
    .name = "rfc-open-array",
    .summary = "the patch of 2024-01-16: create at open (lock exclusive), copy names and inode "
               "numbers, keep no refs",
    .dirInodeOps = &pointer_dir_inode_operations,
    .dirFileOps = &array_file_operations,
    .dentryOps = &pointer_dentry_operations,
    .createEventsDir = createEventsDirCommon,
    .removeDir = pointer_remove_dir,
    .addDir = addDirCommon,
    // d_fsdata points at the eventfs_inode and holds no reference (the kref came in v6.8)
    .eventfs = {.kref = false},
};

} // namespace ds::eventfs
