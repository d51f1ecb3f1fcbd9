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
namespace {
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
} // namespace

std::vector<const EventfsEntry*> addOrder(const Tracefs& fs, const EventfsInode* ei) {
    if (fs.layout().dirs[static_cast<size_t>(ei->layoutDir)].depth == 2)
        return eventCreateDirOrder(ei);
    std::vector<const EventfsEntry*> out;
    for (const EventfsEntry& e : ei->entries)
        out.push_back(&e);
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

void createTree(Tracefs& fs, EventfsInode* ei, Dentry* dir) {
    for (const EventfsEntry* entry : addOrder(fs, ei)) {
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
        createTree(fs, child, d);
    }
}

// event_trace_add_tracer: create_event_toplevel_files makes events/ with tracefs_create_dir,
// then each system and event gets its directory and files (event_create_dir). The table of
// events behind them (trace_subsystem_dir, trace_event_file) is not tracefs's and not traced.
void createEventsDir(Tracefs& fs) {
    EventfsInode* ei = buildEventTable(fs);
    KFUNC(event_trace_add_tracer);
    Dentry* ev = nullptr;
    {
        KFUNC(create_event_toplevel_files);
        KFUNC(tracefs_create_dir);
        ev = tracefs_create(fs.vfs.sb().s_root, DS_SYM("events"), S_IFDIR_ | ei->mode);
    }
    fs.eventsEi = ei;
    fs.eventsDentry = ev;
    ei->dentry = ev;
    createTree(fs, ei, ev);
}

// remove_event_file_dir → tracefs_remove: simple_recursive_removal drops each pin.
void removeLocked(Tracefs& fs, EventfsInode* ei) {
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

// trace_remove_event_call (or a system's removal): under event_mutex.
void tracefs_remove(Tracefs& fs, EventfsInode* ei) {
    KFUNC(trace_remove_event_call);
    mutex_lock(fs.eventfsMutex); // event_mutex
    removeLocked(fs, ei);
    mutex_unlock(fs.eventfsMutex);
}

// trace_add_event_call (a dynamic event, a module's events): under event_mutex, the event's
// directory and files are made at once (event_create_dir).
EventfsInode* addDir(Tracefs& fs, EventfsInode* parent, SymId name) {
    KFUNC(trace_add_event_call);
    mutex_lock(fs.eventfsMutex); // event_mutex
    EventfsInode* ei = addEventDirEi(fs, parent, name);
    if (ei && parent->dentry) {
        KFUNC(event_create_dir);
        Dentry* d = nullptr;
        {
            KFUNC(tracefs_create_dir);
            d = tracefs_create(parent->dentry, name, S_IFDIR_ | ei->mode);
        }
        if (d) {
            ei->dentry = d;
            noteFsWrite();
            createTree(fs, ei, d);
        }
    }
    mutex_unlock(fs.eventfsMutex);
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
    // no eventfs: the engine's table of event directories is trace-event state, not traced
    .eventfs = {.exists = false},
    .eventsMutex = "event_mutex",
    .addEntry = "trace_add_event_call",
    .removeEntry = "trace_remove_event_call",
    // v6.5's close() leaves __fput to task_work, after the syscall's exit
    .vfs = {.unlistAfterRelease = false, .fastDputWarns = false, .closeFputSync = false},
};

} // namespace ds::eventfs
