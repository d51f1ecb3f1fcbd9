// SPDX-License-Identifier: GPL-2.0-or-later
// v6.7: dcache_dir_open_wrapper takes the directory lock exclusively and creates one level of
// children, keeping a reference on each in a list in private_data; dcache_readdir lists them
// with a cursor; eventfs_release drops exactly those references.
#include "tracefs/designs/designs.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/inode.h"
#include "vfs/libfs.h"
#include "vfs/read_write.h"

namespace ds::eventfs {

int dcache_dir_open_wrapper(Inode* inode, File* f) {
    KFUNC(dcache_dir_open_wrapper);
    EventfsInode* ei = dirEi(inode);
    Dentry* dentry = f->dentry;
    auto dlist = std::make_unique<OpenDirList>();
    emit(EventKind::Alloc, ObjKind::Dlist, f->id, static_cast<int32_t>(f->id), 0,
         DS_SYM("dentry_list"), DS_HERE);
    inode_lock(inode);
    for (EventfsInode* child : ei->children)
        if (Dentry* d = create_dir_dentry(ei, child, dentry, false))
            dlist->entries.push_back({d, d->name, 0, DT_DIR_});
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (ei->entries[i].skip) continue;
        if (Dentry* d = create_file_dentry(ei, static_cast<int>(i), dentry, false))
            dlist->entries.push_back({d, d->name, 0, DT_REG_});
    }
    inode_unlock(inode);
    dcache_dir_open(inode, f);
    f->priv = std::move(dlist);
    return 0;
}

int dcache_readdir_wrapper(File* f, DirContext& ctx) {
    KFUNC(dcache_readdir_wrapper);
    return dcache_readdir(f, ctx);
}

namespace {

int eventfs_release(Inode* inode, File* f) {
    KFUNC(eventfs_release);
    if (auto* dlist = dynamic_cast<OpenDirList*>(f->priv.get())) {
        for (const auto& e : dlist->entries)
            dput(e.dentry);
        emit(EventKind::Free, ObjKind::Dlist, f->id, 0, 0, 0, DS_HERE);
    }
    f->priv.reset();
    dcache_dir_close(inode, f);
    return 0;
}

const file_operations eventfs_file_operations = {
    .open = dcache_dir_open_wrapper,
    .iterate_shared = dcache_readdir_wrapper,
    .read = generic_read_dir,
    .llseek = generic_file_llseek, // the cursor stays where readdir left it
    .release = eventfs_release,
};

} // namespace

const Design v6_7{
    .name = "v6.7",
    .summary = "v6.7: open (lock exclusive) creates one level and holds refs; dcache_readdir + "
               "cursor; release puts them",
    .dirInodeOps = &pointer_dir_inode_operations,
    .dirFileOps = &eventfs_file_operations,
    .dentryOps = &pointer_dentry_operations,
    .createEventsDir = createEventsDirCommon,
    .removeDir = pointer_remove_dir,
    .addDir = addDirCommon,
    // 7e8358edf503 (December 2023): update_inode_attr takes eventfs_mutex (eventfs_find_events)
    .pointer = {.hasLookupParam = true, .findEventsTakesMutex = true, .lockInCreate = false},
    // d_fsdata points at the eventfs_inode and holds no reference (the kref came in v6.8)
    .eventfs = {.kref = false},
};

} // namespace ds::eventfs
