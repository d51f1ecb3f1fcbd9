// SPDX-License-Identifier: GPL-2.0-or-later
// v6.8 (Linus's rewrite, still the behaviour of 6.18): getdents64 creates nothing; only
// ->lookup creates, filling the dentry the VFS passed in with d_add. Each dentry holds a kref
// on its eventfs_inode; d_revalidate fails once the ei is freed; d_release puts the kref.
#include "tracefs/designs/designs.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/inode.h"
#include "vfs/read_write.h"
#include "vfs/readdir.h"

namespace ds::eventfs {

namespace {
// eventfs_dir_ino: a directory's inode number is allocated once and kept in its ei.
uint64_t eventfs_dir_ino(SuperBlock* sb, EventfsInode* ei) {
    if (!ei->ino) ei->ino = get_next_ino(sb);
    return ei->ino;
}

EventfsInode* get_ei(EventfsInode* ei) {
    kref_get(ei);
    return ei;
}

void put_ei(Tracefs& fs, EventfsInode* ei) {
    KFUNC(put_ei);
    if (kref_put(ei)) {
        KFUNC(release_ei);
        free_ei(fs, ei); // kfree_rcu: d_revalidate may still look at it under RCU
    }
}

void lookup_dir_entry(Dentry* d, EventfsInode* child) {
    KFUNC(lookup_dir_entry);
    SuperBlock* sb = d->d_sb;
    const Design& design = tracefsOf(sb).design;
    Inode* inode = tracefs_get_inode(
        sb, [&] { return eventfs_dir_ino(sb, child); }, S_IFDIR_ | child->mode, design.dirInodeOps,
        design.dirFileOps);
    inode->i_private = child;
    d_set_fsdata(d, get_ei(child), child->id);
    d_add(d, inode);
}

void lookup_file(Dentry* d, EventfsInode* parent, const EventfsEntry& e) {
    KFUNC(lookup_file);
    Inode* inode = tracefs_get_inode(
        d->d_sb, [] { return EVENTFS_FILE_INODE_INO; }, S_IFREG_ | e.mode);
    d_set_fsdata(d, get_ei(parent), parent->id); // a file's dentry references its directory's ei
    d_add(d, inode);
}

void createEventsDir(Tracefs& fs) {
    createEventsDirCommon(fs);
    Dentry* ev = fs.eventsDentry;
    kref_get(static_cast<EventfsInode*>(ev->d_fsdata)); // events_dir->d_fsdata = get_ei(ei)
    set_nlink(ev->inode, 1);
}

Dentry* eventfs_root_lookup(Inode* dir, Dentry* d) {
    KFUNC(eventfs_root_lookup);
    Tracefs& fs = tracefsOf(dir);
    mutex_lock(fs.eventfsMutex);
    EventfsInode* ei = dirEi(dir);
    if (ei && !ei->isFreed) {
        bool done = false;
        for (EventfsInode* child : ei->children) {
            if (child->name != d->name) continue;
            if (!child->isFreed) lookup_dir_entry(d, child);
            done = true;
            break;
        }
        for (size_t i = 0; !done && i < ei->entries.size(); ++i) {
            if (ei->entries[i].name != d->name) continue;
            if (!ei->entries[i].skip) lookup_file(d, ei, ei->entries[i]);
            break;
        }
    }
    // not found: no d_add, the dentry stays negative and unhashed and dies at its dput
    mutex_unlock(fs.eventfsMutex);
    return nullptr;
}

// eventfs_iterate: pos counts every slot, including files a callback hides and freed
// children; a child directory's slot is taken before it is emitted (and given back on failure).
int eventfs_iterate(File* f, DirContext& ctx) {
    KFUNC(eventfs_iterate);
    if (!dir_emit_dots(f, ctx)) return 0;
    int64_t c = ctx.pos - 2;
    Tracefs& fs = tracefsOf(f->dentry);
    mutex_lock(fs.eventfsMutex);
    EventfsInode* ei = dirEi(f->dentry->inode);
    if (ei && ei->isFreed) ei = nullptr;
    mutex_unlock(fs.eventfsMutex);
    if (!ei) return -EINVAL_;
    const int64_t nr = static_cast<int64_t>(ei->entries.size());
    for (int64_t i = c; i < nr; ++i, ++ctx.pos) {
        mutex_lock(fs.eventfsMutex);
        if (ei->isFreed) {
            mutex_unlock(fs.eventfsMutex);
            return 0;
        }
        const bool skip = ei->entries[i].skip; // the entry's callback returned 0
        mutex_unlock(fs.eventfsMutex);
        if (skip) {
            dir_skip(ctx, ei->entries[i].name, DirSkipWhy::Hidden);
            continue;
        }
        if (!dir_emit(ctx, ei->entries[i].name, EVENTFS_FILE_INODE_INO, DT_REG_)) return 0;
    }
    c -= std::min(c, nr);
    for (EventfsInode* child : ei->children) {
        if (c > 0) {
            --c;
            continue;
        }
        ++ctx.pos;
        if (child->isFreed) {
            dir_skip(ctx, child->name, DirSkipWhy::Removed);
            continue;
        }
        if (!dir_emit(ctx, child->name, eventfs_dir_ino(f->dentry->d_sb, child), DT_DIR_)) {
            --ctx.pos;
            return 0;
        }
    }
    return 1;
}

int tracefs_d_revalidate(Dentry* d) {
    KFUNC(tracefs_d_revalidate);
    auto* ei = static_cast<EventfsInode*>(d_fsdata(d));
    return ei && ei->isFreed ? 0 : 1;
}

// tracefs_d_delete, asked at 1 -> 0: keep eventfs dentries (they have an ei in d_fsdata)
// cached, let the other tracefs dentries go.
int tracefs_d_delete(const Dentry* d) {
    KFUNC(tracefs_d_delete);
    return d_fsdata(d) == nullptr;
}

void tracefs_d_release(Dentry* d) {
    KFUNC(tracefs_d_release);
    if (auto* ei = static_cast<EventfsInode*>(d_fsdata(d))) {
        KFUNC(eventfs_d_release);
        put_ei(tracefsOf(d), ei);
    }
}

// eventfs_remove_dir: mark the subtree freed and drop each ei's existence reference. The
// dentries are not touched: they fail d_revalidate from now on.
void eventfs_remove_rec(Tracefs& fs, EventfsInode* e) {
    KFUNC(eventfs_remove_rec);
    for (EventfsInode* child : std::vector<EventfsInode*>(e->children))
        eventfs_remove_rec(fs, child);
    if (e->parent) std::erase(e->parent->children, e); // list_del_rcu
    KFUNC(free_ei);
    e->isFreed = true;
    emit(EventKind::SetFlag, ObjKind::Eventfs, e->id, static_cast<int32_t>(Flag::Freed), 1, 0,
         DS_HERE);
    put_ei(fs, e);
}

void eventfs_remove_dir(Tracefs& fs, EventfsInode* ei) {
    KFUNC(eventfs_remove_dir);
    mutex_lock(fs.eventfsMutex);
    eventfs_remove_rec(fs, ei);
    mutex_unlock(fs.eventfsMutex);
}

const inode_operations eventfs_root_dir_inode_operations = {
    .lookup = eventfs_root_lookup,
};

const file_operations eventfs_file_operations = {
    .iterate_shared = eventfs_iterate,
    .read = generic_read_dir,
    .llseek = generic_file_llseek,
};

const dentry_operations tracefs_dentry_operations = {
    .d_revalidate = tracefs_d_revalidate,
    .d_delete = tracefs_d_delete,
    .d_release = tracefs_d_release,
};

} // namespace

const Design v6_8{
    .name = "v6.8",
    .summary = "v6.8 (as on 6.18): only ->lookup creates (d_add); iterate creates nothing; "
               "dentries kref their ei",
    .dirInodeOps = &eventfs_root_dir_inode_operations,
    .dirFileOps = &eventfs_file_operations,
    .dentryOps = &tracefs_dentry_operations,
    .superOps = &tracefs_super_operations_68,
    .createEventsDir = createEventsDir,
    .removeDir = eventfs_remove_dir,
    .addDir = addDirCommon,
    .vfs = {.unlistAfterRelease = true, .fastDputWarns = true, .closeFputSync = true},
};

} // namespace ds::eventfs
