// SPDX-License-Identifier: GPL-2.0-or-later
// Before eventfs (v6.5): tracefs_create_dir / tracefs_create_file at event registration. Each
// file and directory is a dentry + inode created at boot and pinned until removal; every
// directory gets libfs's simple tables (simple_lookup, dcache_readdir).
#include "tracefs/designs/designs.h"

#include "sim/machine.h"
#include "tracefs/layout.h"
#include "vfs/dcache.h"
#include "vfs/inode.h"
#include "vfs/libfs.h"
#include "vfs/namei.h"

#include <algorithm>

namespace ds::eventfs {

// v6.5's event_create_dir (and v6.6's, which calls eventfs_add_file where v6.5 called
// trace_create_file) makes an event's files in its own order: enable, id, filter, trigger,
// (hist), format; files it does not know come after them, in layout order.
std::vector<const EventfsEntry*> eventCreateDirOrder(const EventfsInode* ei) {
    static constexpr std::string_view kOrder[] = {"enable",  "id",   "filter",
                                                  "trigger", "hist", "format"};
    auto rank = [](const EventfsEntry* e) {
        const std::string_view name = symbol(e->name);
        for (size_t i = 0; i < std::size(kOrder); ++i)
            if (kOrder[i] == name) return i;
        return std::size(kOrder);
    };
    std::vector<const EventfsEntry*> out;
    for (const EventfsEntry& e : ei->entries)
        out.push_back(&e);
    std::stable_sort(out.begin(), out.end(), [&](auto* a, auto* b) { return rank(a) < rank(b); });
    return out;
}

namespace {
// tracefs_start_creating + d_instantiate + tracefs_end_creating; the lookup's reference is the
// pin the filesystem keeps on the dentry.
Dentry* tracefs_create(Dentry* parent, SymId name, uint32_t mode) {
    inode_lock(parent->inode);
    int err = 0;
    Dentry* d = lookup_one_len(name, parent, err);
    if (!d || d->inode) {
        if (d) dput(d);
        inode_unlock(parent->inode);
        return nullptr;
    }
    SuperBlock* sb = parent->d_sb;
    Inode* inode = tracefs_get_inode(sb, {}, mode);
    if (isDirMode(mode)) inc_nlink(inode);
    d_instantiate(d, inode);
    if (isDirMode(mode)) inc_nlink(parent->inode);
    inode_unlock(parent->inode);
    d->pinnedByFs = true;
    return d;
}

void createTree(EventfsInode* ei, Dentry* dir) {
    for (const EventfsEntry* entry : eventCreateDirOrder(ei)) {
        const EventfsEntry& e = *entry;
        if (e.skip) continue; // v6.5's event_create_dir did not create files it would hide
        KFUNC(tracefs_create_file);
        tracefs_create(dir, e.name, S_IFREG_ | e.mode);
    }
    for (EventfsInode* child : ei->children) {
        Dentry* d = nullptr;
        {
            KFUNC(tracefs_create_dir);
            d = tracefs_create(dir, child->name, S_IFDIR_ | child->mode);
        }
        if (!d) continue;
        child->dentry = d;
        noteFsWrite();
        createTree(child, d);
    }
}

void createEventsDir(Tracefs& fs) {
    createEventsDirCommon(fs);
    Dentry* ev = fs.eventsDentry;
    ev->inode->i_private = nullptr; // a plain tracefs directory
    KFUNC(event_trace_add_tracer);
    createTree(fs.eventsEi, ev);
}

// tracefs_remove: simple_recursive_removal drops each pin.
void tracefs_remove(Tracefs& fs, EventfsInode* ei) {
    KFUNC(tracefs_remove);
    const std::vector<EventfsInode*> subtree = eventfsSubtree(ei);
    if (ei->parent) std::erase(ei->parent->children, ei);
    noteFsWrite();
    if (ei->dentry) simple_recursive_removal(ei->dentry);
    for (EventfsInode* e : subtree) {
        e->isFreed = true;
        e->dentry = nullptr;
        free_ei(fs, e);
    }
}

EventfsInode* addDir(Tracefs& fs, EventfsInode* parent, SymId name) {
    EventfsInode* ei = addDirCommon(fs, parent, name);
    if (!ei || !parent->dentry) return ei;
    KFUNC(tracefs_create_dir);
    Dentry* d = tracefs_create(parent->dentry, name, S_IFDIR_ | ei->mode);
    if (d) {
        ei->dentry = d;
        noteFsWrite();
        createTree(ei, d);
    }
    return ei;
}
} // namespace

const Design v6_5_static{
    .name = "v6.5-static",
    .summary = "before eventfs: every event file and directory is a dentry + inode created at boot "
               "and pinned",
    .dirInodeOps = &simple_dir_inode_operations,
    .dirFileOps = &simple_dir_operations,
    .dentryOps = nullptr,
    .superOps = &tracefs_super_operations_65,
    .createEventsDir = createEventsDir,
    .removeDir = tracefs_remove,
    .addDir = addDir,
    // no tracefs_inode before v6.6: new_inode takes a plain struct inode from inode_cache
    // (616 bytes, see design.h, + 8 for SLUB's free pointer: the cache has a constructor)
    .sizes = {.dentry = 192, .inode = 624},
    // v6.5's close() leaves __fput to task_work, after the syscall's exit
    .vfs = {.unlistAfterRelease = false, .fastDputWarns = false, .closeFputSync = false},
};

} // namespace ds::eventfs
