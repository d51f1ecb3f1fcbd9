// SPDX-License-Identifier: GPL-2.0-or-later
// fs/tracefs/event_inode.c of v6.6-v6.7 and linux-next: eventfs_inodes point at their dentries
// (without a reference) and children are created from outside ->lookup with a lookup of their
// own, the "nested lookup dance".
#include "tracefs/eventfs_pointer.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/inode.h"
#include "vfs/libfs.h"
#include "vfs/namei.h"

namespace ds::eventfs {

namespace {
const PointerSettings& settings(const Tracefs& fs) {
    return fs.design.pointer;
}
} // namespace

Dentry* eventfs_start_creating(SymId name, Dentry* parent, int& err) {
    KFUNC(eventfs_start_creating);
    err = 0;
    if (parent->inode->dead) {
        err = -ENOENT_;
        return nullptr;
    }
    Dentry* d = lookup_one_len(name, parent, err);
    if (!d) return nullptr;
    if (d->inode) { // already positive: somebody created it
        dput(d);
        err = -EEXIST_;
        return nullptr;
    }
    return d;
}

namespace {

void update_inode_attr(Tracefs& fs) {
    KFUNC(update_inode_attr);
    if (!settings(fs).findEventsTakesMutex) return;
    KFUNC(eventfs_find_events);
    mutex_lock(fs.eventfsMutex);
    mutex_unlock(fs.eventfsMutex);
}

// create_dir: eventfs_start_creating, a new inode, d_instantiate.
Dentry* create_dir(Tracefs& fs, EventfsInode* ei, Dentry* parent) {
    KFUNC(create_dir);
    int err = 0;
    Dentry* d = eventfs_start_creating(ei->name, parent, err);
    if (!d) return nullptr;
    SuperBlock* sb = parent->d_sb;
    Inode* inode =
        tracefs_get_inode(sb, {}, S_IFDIR_ | ei->mode, fs.design.dirInodeOps, fs.design.dirFileOps);
    update_inode_attr(fs);
    inode->i_private = ei;
    inc_nlink(inode);
    d_instantiate(d, inode);
    inc_nlink(parent->inode);
    return d; // eventfs_end_creating: the lookup's reference goes to the caller
}

Dentry* create_file(Tracefs& fs, EventfsInode* ei, int idx, Dentry* parent) {
    KFUNC(create_file);
    int err = 0;
    Dentry* d = eventfs_start_creating(ei->entries[idx].name, parent, err);
    if (!d) return nullptr;
    SuperBlock* sb = parent->d_sb;
    Inode* inode = tracefs_get_inode(sb, {}, S_IFREG_ | ei->entries[idx].mode);
    update_inode_attr(fs);
    d_instantiate(d, inode);
    return d;
}

} // namespace

// create_dir_dentry: reuse ei->dentry if set; otherwise create it. When creation reports
// -EEXIST (a nested lookup made it meanwhile), fall back to ei->dentry.
Dentry* create_dir_dentry(EventfsInode* pei, EventfsInode* ei, Dentry* parent, bool lookup) {
    KFUNC(create_dir_dentry);
    Tracefs& fs = tracefsOf(parent);
    mutex_lock(fs.eventfsMutex);
    if (pei->isFreed || ei->isFreed) {
        mutex_unlock(fs.eventfsMutex);
        return nullptr;
    }
    if (ei->dentry) {
        Dentry* d = ei->dentry;
        if (!lookup) dget(d);
        mutex_unlock(fs.eventfsMutex);
        return d;
    }
    mutex_unlock(fs.eventfsMutex);
    const bool lockHere = !lookup && settings(fs).lockInCreate;
    if (lockHere) inode_lock(parent->inode);
    Dentry* d = create_dir(fs, ei, parent);
    if (lockHere) inode_unlock(parent->inode);
    mutex_lock(fs.eventfsMutex);
    if (!d && !ei->isFreed) {
        d = ei->dentry;
        if (d && !lookup) dget(d);
        mutex_unlock(fs.eventfsMutex);
        return d;
    }
    if (d && !ei->dentry && !ei->isFreed) {
        ei->dentry = d;
        noteFsWrite();
        d_set_fsdata(d, ei, ei->id);
    }
    mutex_unlock(fs.eventfsMutex);
    if (d && lookup) dput(d);
    return d;
}

Dentry* create_file_dentry(EventfsInode* ei, int idx, Dentry* parent, bool lookup) {
    KFUNC(create_file_dentry);
    Tracefs& fs = tracefsOf(parent);
    mutex_lock(fs.eventfsMutex);
    if (ei->isFreed) {
        mutex_unlock(fs.eventfsMutex);
        return nullptr;
    }
    if (Dentry* d = ei->dChildren[idx]) {
        if (!lookup) dget(d);
        mutex_unlock(fs.eventfsMutex);
        return d;
    }
    mutex_unlock(fs.eventfsMutex);
    const bool lockHere = !lookup && settings(fs).lockInCreate;
    if (lockHere) inode_lock(parent->inode);
    Dentry* d = create_file(fs, ei, idx, parent);
    if (lockHere) inode_unlock(parent->inode);
    mutex_lock(fs.eventfsMutex);
    if (!d && !ei->isFreed) {
        d = ei->dChildren[idx];
        if (d && !lookup) dget(d);
        mutex_unlock(fs.eventfsMutex);
        return d;
    }
    if (d && !ei->dChildren[idx] && !ei->isFreed) {
        ei->dChildren[idx] = d;
        noteFsWrite();
        d_set_fsdata(d, ei, ei->id); // a file's d_fsdata is its parent's ei
    }
    mutex_unlock(fs.eventfsMutex);
    if (d && lookup) dput(d);
    return d;
}

// eventfs_root_lookup before v6.8: simple_lookup hashes the dentry negative (and wakes other
// lookups of the name), then the creator runs its own lookup_one_len and finds it.
Dentry* pointer_root_lookup(Inode* dir, Dentry* d) {
    KFUNC(eventfs_root_lookup);
    EventfsInode* ei = dirEi(dir);
    if (!ei || ei->isFreed) return nullptr;
    const bool lookupParam = settings(tracefsOf(dir)).hasLookupParam;
    // simple_lookup (a hashed negative dentry) only for a name eventfs knows: an unknown name
    // leaves D negative and unhashed, and it dies at its dput (§4.1 step 2).
    Dentry* parent = d->parent;
    for (EventfsInode* child : ei->children) {
        if (child->name != d->name) continue;
        simple_lookup(dir, d);
        Dentry* got = create_dir_dentry(ei, child, parent, lookupParam);
        if (got && !lookupParam) dput(got);
        return nullptr;
    }
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (ei->entries[i].name != d->name || ei->entries[i].skip) continue;
        simple_lookup(dir, d);
        Dentry* got = create_file_dentry(ei, static_cast<int>(i), parent, lookupParam);
        if (got && !lookupParam) dput(got);
        return nullptr;
    }
    return nullptr;
}

// tracefs_dentry_iput -> eventfs_set_ei_status_free: forget the pointer to the dying dentry
// (and free an ei that was removed), then iput.
void tracefs_dentry_iput(Dentry* d, Inode* inode) {
    KFUNC(tracefs_dentry_iput);
    if (auto* ei = static_cast<EventfsInode*>(d_fsdata(d))) {
        KFUNC(eventfs_set_ei_status_free);
        Tracefs& fs = tracefsOf(d);
        mutex_lock(fs.eventfsMutex);
        if (ei->dentry == d) {
            ei->dentry = nullptr;
            noteFsWrite();
            if (ei->isFreed) {
                bool anyChild = false;
                for (Dentry* c : ei->dChildren)
                    anyChild |= c != nullptr;
                if (!anyChild) free_ei(fs, ei);
            }
        } else {
            for (Dentry*& c : ei->dChildren)
                if (c == d) c = nullptr;
        }
        mutex_unlock(fs.eventfsMutex);
    }
    iput(inode);
}

namespace {

void unhook_dentry(Dentry* d, std::vector<Dentry*>& held) {
    if (!d) return;
    KFUNC(unhook_dentry);
    dget(d); // for simple_recursive_removal's "unpin" dput
    dget(d); // for the eventfs_workfn dput after the SRCU grace period
    held.push_back(d);
}

void eventfs_remove_rec(EventfsInode* ei, std::vector<Dentry*>& held) {
    KFUNC(eventfs_remove_rec);
    for (EventfsInode* child : ei->children)
        eventfs_remove_rec(child, held);
    ei->isFreed = true;
    noteFsWrite();
    emit(EventKind::SetFlag, ObjKind::Eventfs, ei->id, static_cast<int32_t>(Flag::Freed), 1, 0,
         DS_HERE);
    for (Dentry* d : ei->dChildren)
        unhook_dentry(d, held);
    unhook_dentry(ei->dentry, held);
}

} // namespace

// eventfs_remove_dir (v6.7): unhook every dentry of the subtree (+2 each), unlink the ei, run
// simple_recursive_removal on the directory, and after the SRCU grace period drop the second
// reference (eventfs_workfn) or free the ei at once when it has no dentry.
void pointer_remove_dir(Tracefs& fs, EventfsInode* ei) {
    KFUNC(eventfs_remove_dir);
    std::vector<Dentry*> held;
    mutex_lock(fs.eventfsMutex);
    Dentry* dentry = ei->dentry;
    eventfs_remove_rec(ei, held);
    if (ei->parent) std::erase(ei->parent->children, ei);
    noteFsWrite();
    mutex_unlock(fs.eventfsMutex);
    if (dentry) simple_recursive_removal(dentry);
    // the SRCU callbacks (free_rcu_ei), modelled as running right after the removal
    const std::vector<EventfsInode*> subtree = eventfsSubtree(ei);
    {
        KFUNC(eventfs_workfn);
        for (Dentry* d : held)
            dput(d);
    }
    for (EventfsInode* e : subtree) {
        bool hasDentry = e->dentry != nullptr;
        for (Dentry* c : e->dChildren)
            hasDentry |= c != nullptr;
        if (!hasDentry) free_ei(fs, e);
    }
}

const inode_operations pointer_dir_inode_operations = {
    .lookup = pointer_root_lookup,
};

const dentry_operations pointer_dentry_operations = {
    .d_iput = tracefs_dentry_iput,
};

} // namespace ds::eventfs
