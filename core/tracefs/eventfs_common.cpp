#include "tracefs/eventfs_common.h"

#include "tracefs/layout.h"

namespace ds {

// ---- defaults every design shares ----

// tracefs_start_creating("events", root) + eventfs_create_events_dir: the events dentry keeps
// the reference from the lookup for as long as tracing is mounted.
void Design::createEventsDir(Kernel& k) const {
    EventfsInode* ei = k.buildEventfsTree();
    k.eventsEi = ei;
    Dentry* root = k.root();
    k.inode_lock(root->inode);
    int err = 0;
    Dentry* ev = eventfs::eventfs_start_creating(k, DS_SYM("events"), root, err);
    Inode* inode = k.new_inode(k.get_next_ino(), S_IFDIR_ | 0755);
    inode->eventInode = true;
    inode->priv = ei;
    k.d_instantiate(ev, inode);
    k.inc_nlink(root->inode);
    k.inode_unlock(root->inode);
    ev->pinnedByFs = true;
    k.d_set_fsdata(ev, ei);
    ei->dentry = ev;
    k.setEventsDentry(ev);
}

void Design::d_iput(Kernel& k, Dentry*, Inode* inode) const { k.iput(inode); }

// eventfs_create_dir: a new event directory with the standard event files.
EventfsInode* Design::addDir(Kernel& k, EventfsInode* parent, SymId name) const {
    KFUNC_K(k, eventfs_create_dir);
    k.mutex_lock(*k.eventfsMutex);
    tracefs::Layout& lay = k.mutableLayout();
    const int dir = tracefs::addEventDir(lay, parent->layoutDir, std::string(symbol(name)));
    EventfsInode* ei = nullptr;
    if (dir >= 0) {
        ei = k.newEventfsInode(name, parent);
        ei->layoutDir = dir;
        for (const tracefs::LayoutFile& f : lay.dirs[dir].files) ei->entries.push_back({intern(f.name), f.mode, false});
        ei->dChildren.assign(ei->entries.size(), nullptr);
    }
    k.mutex_unlock(*k.eventfsMutex);
    return ei;
}

namespace eventfs {

Dentry* eventfs_start_creating(Kernel& k, SymId name, Dentry* parent, int& err) {
    KFUNC_K(k, eventfs_start_creating);
    err = 0;
    if (parent->inode->dead) {
        err = -ENOENT_;
        return nullptr;
    }
    Dentry* d = k.lookup_one_len(name, parent, err);
    if (!d) return nullptr;
    if (d->inode) {  // already positive: somebody created it
        k.dput(d);
        err = -EEXIST_;
        return nullptr;
    }
    return d;
}

void PointerEventfs::createEventsDir(Kernel& k) const { Design::createEventsDir(k); }

void PointerEventfs::update_inode_attr(Kernel& k) const {
    KFUNC_K(k, update_inode_attr);
    if (!findEventsTakesMutex()) return;
    KFUNC_K(k, eventfs_find_events);
    k.mutex_lock(*k.eventfsMutex);
    k.mutex_unlock(*k.eventfsMutex);
}

// create_dir: eventfs_start_creating, a new inode, d_instantiate.
Dentry* PointerEventfs::create_dir(Kernel& k, EventfsInode* ei, Dentry* parent) const {
    KFUNC_K(k, create_dir);
    int err = 0;
    Dentry* d = eventfs_start_creating(k, ei->name, parent, err);
    if (!d) return nullptr;
    Inode* inode = k.new_inode(k.get_next_ino(), S_IFDIR_ | ei->mode);
    update_inode_attr(k);
    inode->eventInode = true;
    inode->priv = ei;
    k.inc_nlink(inode);
    k.d_instantiate(d, inode);
    k.inc_nlink(parent->inode);
    return d;  // eventfs_end_creating: the lookup's reference goes to the caller
}

Dentry* PointerEventfs::create_file(Kernel& k, EventfsInode* ei, int idx, Dentry* parent) const {
    KFUNC_K(k, create_file);
    int err = 0;
    Dentry* d = eventfs_start_creating(k, ei->entries[idx].name, parent, err);
    if (!d) return nullptr;
    Inode* inode = k.new_inode(k.get_next_ino(), S_IFREG_ | ei->entries[idx].mode);
    update_inode_attr(k);
    inode->eventInode = true;
    k.d_instantiate(d, inode);
    return d;
}

// create_dir_dentry: reuse ei->dentry if set; otherwise create it. When creation reports
// -EEXIST (a nested lookup made it meanwhile), fall back to ei->dentry.
Dentry* PointerEventfs::create_dir_dentry(Kernel& k, EventfsInode* pei, EventfsInode* ei, Dentry* parent,
                                          bool lookup) const {
    KFUNC_K(k, create_dir_dentry);
    k.mutex_lock(*k.eventfsMutex);
    if (pei->isFreed || ei->isFreed) {
        k.mutex_unlock(*k.eventfsMutex);
        return nullptr;
    }
    if (ei->dentry) {
        Dentry* d = ei->dentry;
        if (!lookup) k.dget(d);
        k.mutex_unlock(*k.eventfsMutex);
        return d;
    }
    k.mutex_unlock(*k.eventfsMutex);
    const bool lockHere = !lookup && lockInCreate();
    if (lockHere) k.inode_lock(parent->inode);
    Dentry* d = create_dir(k, ei, parent);
    if (lockHere) k.inode_unlock(parent->inode);
    k.mutex_lock(*k.eventfsMutex);
    if (!d && !ei->isFreed) {
        d = ei->dentry;
        if (d && !lookup) k.dget(d);
        k.mutex_unlock(*k.eventfsMutex);
        return d;
    }
    if (d && !ei->dentry && !ei->isFreed) {
        ei->dentry = d;
        k.d_set_fsdata(d, ei);
    }
    k.mutex_unlock(*k.eventfsMutex);
    if (d && lookup) k.dput(d);
    return d;
}

Dentry* PointerEventfs::create_file_dentry(Kernel& k, EventfsInode* ei, int idx, Dentry* parent,
                                           bool lookup) const {
    KFUNC_K(k, create_file_dentry);
    k.mutex_lock(*k.eventfsMutex);
    if (ei->isFreed) {
        k.mutex_unlock(*k.eventfsMutex);
        return nullptr;
    }
    if (Dentry* d = ei->dChildren[idx]) {
        if (!lookup) k.dget(d);
        k.mutex_unlock(*k.eventfsMutex);
        return d;
    }
    k.mutex_unlock(*k.eventfsMutex);
    const bool lockHere = !lookup && lockInCreate();
    if (lockHere) k.inode_lock(parent->inode);
    Dentry* d = create_file(k, ei, idx, parent);
    if (lockHere) k.inode_unlock(parent->inode);
    k.mutex_lock(*k.eventfsMutex);
    if (!d && !ei->isFreed) {
        d = ei->dChildren[idx];
        if (d && !lookup) k.dget(d);
        k.mutex_unlock(*k.eventfsMutex);
        return d;
    }
    if (d && !ei->dChildren[idx] && !ei->isFreed) {
        ei->dChildren[idx] = d;
        k.d_set_fsdata(d, ei);  // a file's d_fsdata is its parent's ei
    }
    k.mutex_unlock(*k.eventfsMutex);
    if (d && lookup) k.dput(d);
    return d;
}

// eventfs_root_lookup before v6.8: simple_lookup hashes the dentry negative (and wakes other
// lookups of the name), then the creator runs its own lookup_one_len and finds it.
Dentry* PointerEventfs::lookup(Kernel& k, Inode* dir, Dentry* d) const {
    KFUNC_K(k, eventfs_root_lookup);
    EventfsInode* ei = dir->priv;
    if (!ei || ei->isFreed) return nullptr;
    // simple_lookup (a hashed negative dentry) only for a name eventfs knows: an unknown name
    // leaves D negative and unhashed, and it dies at its dput (§4.1 step 2).
    auto simpleLookup = [&] {
        KFUNC_K(k, simple_lookup);
        k.d_add(d, nullptr);
    };
    Dentry* parent = d->parent;
    for (EventfsInode* child : ei->children) {
        if (child->name != d->name) continue;
        simpleLookup();
        Dentry* got = create_dir_dentry(k, ei, child, parent, hasLookupParam());
        if (got && !hasLookupParam()) k.dput(got);
        return nullptr;
    }
    for (size_t i = 0; i < ei->entries.size(); ++i) {
        if (ei->entries[i].name != d->name || ei->entries[i].skip) continue;
        simpleLookup();
        Dentry* got = create_file_dentry(k, ei, static_cast<int>(i), parent, hasLookupParam());
        if (got && !hasLookupParam()) k.dput(got);
        return nullptr;
    }
    return nullptr;
}

// tracefs_dentry_iput -> eventfs_set_ei_status_free: forget the pointer to the dying dentry
// (and free an ei that was removed), then iput.
void PointerEventfs::d_iput(Kernel& k, Dentry* d, Inode* inode) const {
    KFUNC_K(k, tracefs_dentry_iput);
    if (EventfsInode* ei = d->fsdata) {
        KFUNC_K(k, eventfs_set_ei_status_free);
        k.mutex_lock(*k.eventfsMutex);
        if (ei->dentry == d) {
            ei->dentry = nullptr;
            if (ei->isFreed) {
                bool anyChild = false;
                for (Dentry* c : ei->dChildren) anyChild |= c != nullptr;
                if (!anyChild) k.freeEventfsInode(ei);
            }
        } else {
            for (Dentry*& c : ei->dChildren)
                if (c == d) c = nullptr;
        }
        k.mutex_unlock(*k.eventfsMutex);
    }
    k.iput(inode);
}

void PointerEventfs::unhook_dentry(Kernel& k, Dentry* d, std::vector<Dentry*>& held) const {
    if (!d) return;
    KFUNC_K(k, unhook_dentry);
    k.dget(d);  // for simple_recursive_removal's "unpin" dput
    k.dget(d);  // for the eventfs_workfn dput after the SRCU grace period
    held.push_back(d);
}

void PointerEventfs::eventfs_remove_rec(Kernel& k, EventfsInode* ei, std::vector<Dentry*>& held) const {
    KFUNC_K(k, eventfs_remove_rec);
    for (EventfsInode* child : ei->children) eventfs_remove_rec(k, child, held);
    ei->isFreed = true;
    k.emit(EventKind::SetFlag, ObjKind::Eventfs, ei->id, static_cast<int32_t>(Flag::Freed), 1, 0, DS_HERE);
    for (Dentry* d : ei->dChildren) unhook_dentry(k, d, held);
    unhook_dentry(k, ei->dentry, held);
}

// eventfs_remove_dir (v6.7): unhook every dentry of the subtree (+2 each), unlink the ei, run
// simple_recursive_removal on the directory, and after the SRCU grace period drop the second
// reference (eventfs_workfn) or free the ei at once when it has no dentry.
void PointerEventfs::removeDir(Kernel& k, EventfsInode* ei) const {
    KFUNC_K(k, eventfs_remove_dir);
    std::vector<Dentry*> held;
    k.mutex_lock(*k.eventfsMutex);
    Dentry* dentry = ei->dentry;
    eventfs_remove_rec(k, ei, held);
    if (ei->parent) std::erase(ei->parent->children, ei);
    k.mutex_unlock(*k.eventfsMutex);
    if (dentry) k.simple_recursive_removal(dentry);
    // the SRCU callbacks (free_rcu_ei), modelled as running right after the removal
    std::vector<EventfsInode*> subtree{ei};
    for (size_t i = 0; i < subtree.size(); ++i)
        for (EventfsInode* c : subtree[i]->children) subtree.push_back(c);
    {
        KFUNC_K(k, eventfs_workfn);
        for (Dentry* d : held) k.dput(d);
    }
    for (EventfsInode* e : subtree) {
        bool hasDentry = e->dentry != nullptr;
        for (Dentry* c : e->dChildren) hasDentry |= c != nullptr;
        if (!hasDentry) k.freeEventfsInode(e);
    }
}

}  // namespace eventfs
}  // namespace ds
