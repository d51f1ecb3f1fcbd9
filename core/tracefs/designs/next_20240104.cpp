// SPDX-License-Identifier: GPL-2.0-or-later
// linux-next 493ec81a8fb8 (2024-01-04): no open/release; eventfs_iterate runs under the
// directory lock held *shared* and creates every child with the nested lookup dance. Two
// readers can both instantiate the same dentry: kernel BUG at fs/dcache.c:2031.
#include "tracefs/designs/designs.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/read_write.h"
#include "vfs/readdir.h"

namespace ds::eventfs {

namespace {

// entry->callback (kernel/trace/trace_events.c): events_callback for events/, system_callback
// for a system directory, event_callback for an event directory. It decides whether the file
// shows (the layout's `skip`); next-20240104 calls it with eventfs_mutex held.
int entry_callback(const EventfsInode* ei, size_t i) {
    const SymId fn = ei->isEvents                         ? DS_SYM("events_callback")
                     : ei->parent && ei->parent->isEvents ? DS_SYM("system_callback")
                                                          : DS_SYM("event_callback");
    FuncScope scope(fn, DS_HERE);
    return ei->entries[i].skip ? 0 : 1;
}

// 493ec81a8fb8's eventfs_iterate. ret starts at -EINVAL: a directory whose ei is gone or has
// no dentry (removed while getdents64 held the lock) is -EINVAL. Children come first, then the
// files (later commits swapped them); `c` counts every slot but ctx->pos only emitted ones
// (fixed later by "eventfs: Do ctx->pos update for all iterations"). A create that fails ends
// the call with 0: what was emitted so far is returned, or 0 (end of directory) when nothing.
int eventfs_iterate(File* f, DirContext& ctx) {
    KFUNC(eventfs_iterate);
    if (!dir_emit_dots(f, ctx)) return 0;
    Tracefs& fs = tracefsOf(f->dentry);
    int64_t c = ctx.pos - 2;
    mutex_lock(fs.eventfsMutex);
    EventfsInode* ei = dirEi(f->dentry->inode); // READ_ONCE(ti->private)
    Dentry* ei_dentry = ei && !ei->isFreed ? ei->dentry : nullptr;
    mutex_unlock(fs.eventfsMutex);
    if (!ei || !ei_dentry) return -EINVAL_;
    // list_for_each_entry_srcu: by index, since a removal may unlink children meanwhile
    for (size_t k = 0; k < ei->children.size(); ++k) {
        EventfsInode* child = ei->children[k];
        if (c > 0) {
            --c;
            continue;
        }
        if (child->isFreed) continue;
        Dentry* d = create_dir_dentry(ei, child, ei_dentry, false);
        if (!d) return 0;
        const uint64_t ino = d->inode ? d->inode->ino : 0;
        dput(d);
        if (!dir_emit(ctx, child->name, ino, DT_DIR_)) return 0;
        ++ctx.pos;
    }
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (c > 0) {
            --c;
            continue;
        }
        mutex_lock(fs.eventfsMutex);
        // a freed ei: r = -1, the entry is passed over (its event may be gone too)
        const int r = ei->isFreed ? -1 : entry_callback(ei, i);
        mutex_unlock(fs.eventfsMutex);
        if (r <= 0) continue;
        Dentry* d = create_file_dentry(ei, static_cast<int>(i), ei_dentry, false);
        if (!d) return 0;
        const uint64_t ino = d->inode ? d->inode->ino : 0;
        dput(d);
        if (!dir_emit(ctx, ei->entries[i].name, ino, DT_REG_)) return 0;
        ++ctx.pos;
    }
    return 1;
}

const file_operations eventfs_file_operations = {
    .iterate_shared = eventfs_iterate,
    .read = generic_read_dir,
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
    // d_fsdata points at the eventfs_inode and holds no reference (the kref came in v6.8)
    .eventfs = {.kref = false},
};

} // namespace ds::eventfs
