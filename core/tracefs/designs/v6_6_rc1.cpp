// SPDX-License-Identifier: GPL-2.0-or-later
// v6.6-rc1, the first eventfs (Ajay Kaher's series): every eventfs file and directory is a
// struct eventfs_file (ef) on its parent's ei->e_top_files, in the order it was added. open
// creates a dentry for each ef and gets it (create_dentry, lookup=false); release puts
// ef->dentry of every ef that has one *now*, so a child created between open and release is put
// without having been got: the underflow (kernel-reference §1 V0, §5.B, errata 8 and 9).
//
// Read [V] (kernel-reference errata 8, 9, 13, 14, §2.2, §5.B, and issue B2): struct
// eventfs_file on ei->e_top_files; create_dentry(ef, parent, lookup); d_fsdata = ef;
// tracefs_dentry_iput -> eventfs_set_ef_status_free; release takes eventfs_mutex, reads
// ef->dentry and dputs it where set (no `created` flag); a system's filter and enable are added
// before its events, so dcache_readdir lists [eN … e1, enable, filter]; generic_file_llseek;
// tracefs_get_inode takes a get_next_ino() number.
// Inferred [I], from the v6.6 design the reference describes:
// - eventfs_remove as 6.6 final's (§2.2, read for V1 only): dget each ef's dentry and tag
//   d_fsdata under the mutex, then d_invalidate + dput outside it, and call_srcu(free_ef);
// - no dentry_list (6.6 final added it to fix this very bug): iterate_shared is dcache_readdir
//   itself and private_data is the cursor alone;
// - no update_inode_attr (6.7's ownership patch added it): create_dir/create_file set the mode;
// - the order of e_top_files is the order trace_events.c calls eventfs_add_*: events/ gets
//   enable, header_page, header_event before any system; an event directory gets v6.5's order
//   (eventfs_add_file replaced trace_create_file one for one);
// - the removal's chain through d_fsdata is walked from its last link, as 6.6 final's;
// - ti->private is set in create_dir before d_instantiate (rc1 sets it after, in
//   eventfs_post_create_dir: a lookup inside that window is not modelled);
// - free_ef also frees ef->ei; while an inode of a removed directory is still in use it would
//   point at freed memory. Here a removed directory's ef lives until that inode goes.
#include "tracefs/designs/designs.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/inode.h"
#include "vfs/libfs.h"
#include "vfs/read_write.h"

namespace ds::eventfs::rc1 {

namespace {

extern const inode_operations eventfs_root_dir_inode_operations;
extern const file_operations eventfs_file_operations;

// The dentry of an eventfs directory, or null while it has none.
Dentry* dirDentry(const Tracefs& fs, const EventfsInode* ei) {
    if (ei->isEvents) return fs.eventsDentry;
    return ei->ef ? ei->ef->dentry : nullptr;
}

// eventfs_prepare_ef + list_add_tail(&ef->list, &parent->e_top_files); ef->d_parent is the
// parent's dentry when it has one. A directory's ef is its ei's object (already allocated).
EventfsFile* addEf(Tracefs& fs, EventfsInode* parent, SymId name, uint16_t mode, EventfsInode* ei) {
    EventfsFile& ef = fs.eventfsFiles.emplace_back();
    ef.name = name;
    ef.mode = mode;
    ef.parent = parent;
    ef.ei = ei;
    ef.dParent = dirDentry(fs, parent);
    if (ei) {
        ef.id = ei->id;
        ei->ef = &ef;
    } else {
        ef.id = machine().newId();
        machine().stampAlloc(ef.life);
        emit(EventKind::Alloc, ObjKind::Eventfs, ef.id, static_cast<int32_t>(parent->id), 0, name,
             DS_HERE);
    }
    parent->topFiles.push_back(&ef);
    return &ef;
}

void addFiles(Tracefs& fs, EventfsInode* ei) {
    for (const EventfsEntry* e : addOrder(fs, ei))
        if (!e->skip) addEf(fs, ei, e->name, e->mode, nullptr);
}

// Registration at boot: a directory's own files first, then its subdirectories, each with
// theirs, so every e_top_files is [files…, dirs…] in add order.
void registerTree(Tracefs& fs, EventfsInode* ei) {
    addFiles(fs, ei);
    for (EventfsInode* child : ei->children) {
        addEf(fs, ei, child->name, child->mode, child);
        registerTree(fs, child);
    }
}

// eventfs_create_events_dir (no d_fsdata on the events dentry), then every eventfs_add_* of
// event_trace_add_tracer.
void createEventsDir(Tracefs& fs) {
    EventfsInode* ei = buildEventfsTree(fs);
    createEventsDentry(fs, ei);
    KFUNC(event_trace_add_tracer);
    registerTree(fs, ei);
}

Dentry* create_dir(EventfsFile* ef, Dentry* parent) {
    KFUNC(create_dir);
    Tracefs& fs = tracefsOf(parent);
    int err = 0;
    Dentry* d = eventfs_start_creating(ef->name, parent, err);
    if (!d) return nullptr;
    Inode* inode = tracefs_get_inode(parent->d_sb, {}, S_IFDIR_ | ef->ei->mode,
                                     fs.design.dirInodeOps, fs.design.dirFileOps);
    inode->i_private = ef->ei;
    inc_nlink(inode);
    d_instantiate(d, inode);
    inc_nlink(parent->inode);
    return d; // eventfs_end_creating: the lookup's reference goes to the caller
}

Dentry* create_file(EventfsFile* ef, Dentry* parent) {
    KFUNC(create_file);
    int err = 0;
    Dentry* d = eventfs_start_creating(ef->name, parent, err);
    if (!d) return nullptr;
    Inode* inode = tracefs_get_inode(parent->d_sb, {}, S_IFREG_ | ef->mode);
    d_instantiate(d, inode);
    return d;
}

// The new directory's children will be created under its dentry.
void eventfs_post_create_dir(EventfsFile* ef) {
    KFUNC(eventfs_post_create_dir);
    for (EventfsFile* child : ef->ei->topFiles)
        child->dParent = ef->dentry;
}

// create_dentry: ef->dentry if set (got unless `lookup`); otherwise create it, under the
// parent's inode lock unless `lookup` (the lookup path holds it already). When the creation
// reports -EEXIST (a nested lookup made it meanwhile), fall back to ef->dentry.
Dentry* create_dentry(EventfsFile* ef, Dentry* parent, bool lookup) {
    KFUNC(create_dentry);
    Tracefs& fs = tracefsOf(parent);
    mutex_lock(fs.eventfsMutex);
    if (Dentry* d = ef->dentry) {
        if (!lookup) dget(d); // on dir open, up the ref count
        mutex_unlock(fs.eventfsMutex);
        return d;
    }
    mutex_unlock(fs.eventfsMutex);
    if (!lookup) inode_lock(parent->inode);
    Dentry* d = ef->ei ? create_dir(ef, parent) : create_file(ef, parent);
    if (!lookup) inode_unlock(parent->inode);
    mutex_lock(fs.eventfsMutex);
    if (!d) {
        d = ef->dentry;
        if (d && !lookup) dget(d);
        mutex_unlock(fs.eventfsMutex);
        return d;
    }
    if (!ef->dentry) {
        ef->dentry = d;
        noteFsWrite();
        if (ef->ei) eventfs_post_create_dir(ef);
        d_set_fsdata(d, ef, ef->id);
    }
    mutex_unlock(fs.eventfsMutex);
    if (lookup) dput(d);
    return d;
}

// eventfs_root_lookup: the ef of that name, if any, gets its dentry through the nested
// lookup dance (simple_lookup hashes D negative, create_dentry finds it and fills it in).
Dentry* eventfs_root_lookup(Inode* dir, Dentry* d) {
    KFUNC(eventfs_root_lookup);
    EventfsInode* ei = dirEi(dir);
    if (!ei) return nullptr;
    for (size_t i = 0; i < ei->topFiles.size(); ++i) {
        EventfsFile* ef = ei->topFiles[i];
        if (ef->name != d->name) continue;
        simple_lookup(dir, d);
        create_dentry(ef, ef->dParent ? ef->dParent : d->parent, true);
        break;
    }
    return nullptr;
}

// dcache_dir_open_wrapper: a dentry for every ef of the directory, each got once; the list is
// walked under SRCU, so an ef added meanwhile at its tail is created too.
int dir_open(Inode* inode, File* f) {
    KFUNC(dcache_dir_open_wrapper);
    if (EventfsInode* ei = dirEi(inode))
        for (size_t i = 0; i < ei->topFiles.size(); ++i)
            create_dentry(ei->topFiles[i], f->dentry, false);
    return dcache_dir_open(inode, f);
}

// eventfs_release: dput ef->dentry of every ef that has one now, whoever created it. After a
// removal the directory's list is empty and nothing is put.
int eventfs_release(Inode* inode, File* f) {
    KFUNC(eventfs_release);
    if (EventfsInode* ei = dirEi(inode)) {
        Tracefs& fs = tracefsOf(inode);
        for (size_t i = 0; i < ei->topFiles.size(); ++i) {
            mutex_lock(fs.eventfsMutex);
            Dentry* d = ei->topFiles[i]->dentry;
            mutex_unlock(fs.eventfsMutex);
            if (d) dput(d);
        }
    }
    return dcache_dir_close(inode, f);
}

// eventfs_set_ef_status_free: the dying dentry's ef forgets it.
void eventfs_set_ef_status_free(Dentry* d) {
    KFUNC(eventfs_set_ef_status_free);
    Tracefs& fs = tracefsOf(d);
    mutex_lock(fs.eventfsMutex);
    if (auto* ef = static_cast<EventfsFile*>(d_fsdata(d))) {
        d_set_fsdata(d, nullptr, 0);
        ef->dentry = nullptr;
        noteFsWrite();
    }
    mutex_unlock(fs.eventfsMutex);
}

void free_ef(Tracefs& fs, EventfsFile* ef) {
    if (ef->ei) {
        free_ei(fs, ef->ei);
        return;
    }
    if (ef->life.freed) return;
    machine().stampFree(ef->life);
    emit(EventKind::Free, ObjKind::Eventfs, ef->id, 0, 0, 0, DS_HERE);
}

// tracefs_dentry_iput: create_dir and create_file mark every inode they make
// TRACEFS_EVENT_INODE, i.e. every dentry below an eventfs directory.
void tracefs_dentry_iput(Dentry* d, Inode* inode) {
    KFUNC(tracefs_dentry_iput);
    const Inode* dir = d->isRoot() ? nullptr : d->parent->inode;
    if (dir && dir->i_op == &eventfs_root_dir_inode_operations) eventfs_set_ef_status_free(d);
    EventfsInode* removed = isDirMode(inode->mode) ? dirEi(inode) : nullptr;
    Tracefs& fs = tracefsOf(inode);
    iput(inode);
    if (removed && removed->isFreed) free_ef(fs, removed->ef); // see the [I] note at the top
}

// Depth first: an ef's children are queued before it, and each leaves its parent's list.
void eventfs_remove_rec(EventfsFile* ef, std::vector<EventfsFile*>& del) {
    KFUNC(eventfs_remove_rec);
    if (ef->ei) {
        while (!ef->ei->topFiles.empty())
            eventfs_remove_rec(ef->ei->topFiles.front(), del);
        ef->ei->isFreed = true; // the engine's own mark: no add or remove finds it again
        std::erase(ef->parent->children, ef->ei);
    }
    std::erase(ef->parent->topFiles, ef); // list_del_rcu
    noteFsWrite();
    del.push_back(ef);
}

// eventfs_remove: under eventfs_mutex unlink the subtree and take a reference on every dentry
// it has, chaining them through d_fsdata (no longer an ef); then, outside the mutex, from the
// chain's last link: d_invalidate and dput. call_srcu(free_ef) runs after the grace period,
// modelled as right after.
void eventfs_remove(Tracefs& fs, EventfsInode* ei) {
    KFUNC(eventfs_remove);
    std::vector<EventfsFile*> del;
    std::vector<Dentry*> chain;
    std::vector<bool> hadDentry;
    mutex_lock(fs.eventfsMutex);
    eventfs_remove_rec(ei->ef, del);
    for (EventfsFile* ef : del) {
        hadDentry.push_back(ef->dentry != nullptr);
        if (!ef->dentry) continue;
        chain.push_back(dget(ef->dentry)); // keep the dentry from being freed yet
        d_set_fsdata(ef->dentry, nullptr, 0);
        ef->dentry = nullptr;
        noteFsWrite();
    }
    mutex_unlock(fs.eventfsMutex);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        d_invalidate(*it);
        mutex_lock(fs.eventfsMutex); // WARN_ONCE(d_count(dentry) < 1) is checked under it
        mutex_unlock(fs.eventfsMutex);
        dput(*it);
    }
    for (size_t i = 0; i < del.size(); ++i)
        if (!del[i]->ei || !hadDentry[i]) free_ef(fs, del[i]);
}

// eventfs_add_dir + the eventfs_add_file calls of event_create_dir.
EventfsInode* eventfs_add_dir(Tracefs& fs, EventfsInode* parent, SymId name) {
    KFUNC(eventfs_add_dir);
    mutex_lock(fs.eventfsMutex);
    EventfsInode* ei = addEventDirEi(fs, parent, name);
    if (ei) addEf(fs, parent, name, ei->mode, ei);
    mutex_unlock(fs.eventfsMutex);
    if (!ei) return nullptr;
    for (const EventfsEntry* e : addOrder(fs, ei)) {
        KFUNC(eventfs_add_file);
        mutex_lock(fs.eventfsMutex);
        addEf(fs, ei, e->name, e->mode, nullptr);
        mutex_unlock(fs.eventfsMutex);
    }
    return ei;
}

const inode_operations eventfs_root_dir_inode_operations = {
    .lookup = eventfs_root_lookup,
};

const file_operations eventfs_file_operations = {
    .open = dir_open,
    .iterate_shared = dcache_readdir,
    .read = generic_read_dir,
    .llseek = generic_file_llseek, // the cursor stays where readdir left it
    .release = eventfs_release,
};

const dentry_operations tracefs_dentry_operations = {
    .d_iput = tracefs_dentry_iput,
};

} // namespace

} // namespace ds::eventfs::rc1

namespace ds::eventfs {

const Design v6_6_rc1{
    .name = "v6.6-rc1",
    .summary = "v6.6-rc1: open creates and gets every child; release puts every child that exists "
               "now (underflow)",
    .dirInodeOps = &rc1::eventfs_root_dir_inode_operations,
    .dirFileOps = &rc1::eventfs_file_operations,
    .dentryOps = &rc1::tracefs_dentry_operations,
    .createEventsDir = rc1::createEventsDir,
    .removeDir = rc1::eventfs_remove,
    .addDir = rc1::eventfs_add_dir,
    // an eventfs_file per file and directory below the events directory's eventfs_inode;
    // d_fsdata points at it and holds no reference
    .eventfs = {.entry = "eventfs_file", .kref = false},
    .addEntry = "eventfs_add_dir",
    .removeEntry = "eventfs_remove",
};

} // namespace ds::eventfs
