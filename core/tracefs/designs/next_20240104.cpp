// SPDX-License-Identifier: GPL-2.0-or-later
// linux-next 493ec81a8fb8 (2024-01-04): no open/release; eventfs_iterate runs under the
// directory lock held *shared* and creates every child with the nested lookup dance. Two
// readers can both instantiate the same dentry: kernel BUG at fs/dcache.c:2031.
#include "tracefs/designs/designs.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/readdir.h"

namespace ds::eventfs {

namespace {

int eventfs_iterate(File* f, DirContext& ctx) {
    KFUNC(eventfs_iterate);
    if (!dir_emit_dots(f, ctx)) return 0;
    EventfsInode* ei = dirEi(f->dentry->inode);
    Tracefs& fs = tracefsOf(f->dentry);
    mutex_lock(fs.eventfsMutex);
    Dentry* ei_dentry = ei->dentry;
    mutex_unlock(fs.eventfsMutex);
    if (!ei_dentry || ei->isFreed) return 0;
    int64_t c = ctx.pos - 2;
    int64_t idx = 0;
    // children first, then the files (the follow-up commits swapped the order)
    for (EventfsInode* child : ei->children) {
        if (idx++ < c) continue;
        if (child->isFreed) continue;
        Dentry* d = create_dir_dentry(ei, child, ei_dentry, false);
        if (!d) continue;
        const uint64_t ino = d->inode ? d->inode->ino : 0;
        dput(d);
        if (!dir_emit(ctx, child->name, ino, DT_DIR_)) return 0;
        ++ctx.pos;
    }
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (idx++ < c) continue;
        if (ei->entries[i].skip) continue;
        Dentry* d = create_file_dentry(ei, static_cast<int>(i), ei_dentry, false);
        if (!d) continue;
        const uint64_t ino = d->inode ? d->inode->ino : 0;
        dput(d);
        if (!dir_emit(ctx, ei->entries[i].name, ino, DT_REG_)) return 0;
        ++ctx.pos;
    }
    return 1;
}

const file_operations eventfs_file_operations = {
    .iterate_shared = eventfs_iterate,
    .llseek = generic_file_llseek,
};

} // namespace

const Design next_20240104{
    .name = "next-20240104",
    .summary = "linux-next 493ec81a8fb8: eventfs_iterate (lock shared) creates children via nested "
               "lookups: BUG in d_instantiate",
    .dirInodeOps = &pointer_dir_inode_operations,
    .dirFileOps = &eventfs_file_operations,
    .dentryOps = &pointer_dentry_operations,
    .createEventsDir = createEventsDirCommon,
    .removeDir = pointer_remove_dir,
    .addDir = addDirCommon,
    .pointer = {.hasLookupParam = false, .findEventsTakesMutex = true, .lockInCreate = false},
};

} // namespace ds::eventfs
