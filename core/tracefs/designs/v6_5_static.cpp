// Before eventfs (v6.5): tracefs_create_dir / tracefs_create_file at event registration. Each
// file and directory is a dentry + inode created at boot and pinned until removal; readdir is
// dcache_readdir, lookups simple_lookup.
#include "tracefs/designs/designs.h"

#include "tracefs/layout.h"

namespace ds::eventfs {

namespace {
// tracefs_start_creating + d_instantiate + tracefs_end_creating; the lookup's reference is the
// pin the filesystem keeps on the dentry.
Dentry* tracefs_create(Kernel& k, Dentry* parent, SymId name, uint32_t mode) {
    k.inode_lock(parent->inode);
    int err = 0;
    Dentry* d = k.lookup_one_len(name, parent, err);
    if (!d || d->inode) {
        if (d) k.dput(d);
        k.inode_unlock(parent->inode);
        return nullptr;
    }
    Inode* inode = k.new_inode(k.get_next_ino(), mode);
    if (isDirMode(mode)) k.inc_nlink(inode);
    k.d_instantiate(d, inode);
    if (isDirMode(mode)) k.inc_nlink(parent->inode);
    k.inode_unlock(parent->inode);
    d->pinnedByFs = true;
    return d;
}

void createTree(Kernel& k, EventfsInode* ei, Dentry* dir) {
    for (const EventfsEntry& e : ei->entries) {
        if (e.skip) continue;  // v6.5's event_create_dir did not create files it would hide
        KFUNC_K(k, tracefs_create_file);
        tracefs_create(k, dir, e.name, S_IFREG_ | e.mode);
    }
    for (EventfsInode* child : ei->children) {
        Dentry* d = nullptr;
        {
            KFUNC_K(k, tracefs_create_dir);
            d = tracefs_create(k, dir, child->name, S_IFDIR_ | child->mode);
        }
        if (!d) continue;
        child->dentry = d;
        createTree(k, child, d);
    }
}
}  // namespace

void V65Static::createEventsDir(Kernel& k) const {
    Design::createEventsDir(k);
    Dentry* ev = k.eventsDentry();
    ev->inode->priv = nullptr;  // a plain tracefs directory
    KFUNC_K(k, event_trace_add_tracer);
    createTree(k, k.eventsEi, ev);
}

// tracefs_remove: simple_recursive_removal drops each pin.
void V65Static::removeDir(Kernel& k, EventfsInode* ei) const {
    KFUNC_K(k, tracefs_remove);
    std::vector<EventfsInode*> subtree{ei};
    for (size_t i = 0; i < subtree.size(); ++i)
        for (EventfsInode* c : subtree[i]->children) subtree.push_back(c);
    if (ei->parent) std::erase(ei->parent->children, ei);
    if (ei->dentry) k.simple_recursive_removal(ei->dentry);
    for (EventfsInode* e : subtree) {
        e->isFreed = true;
        e->dentry = nullptr;
        k.freeEventfsInode(e);
    }
}

EventfsInode* V65Static::addDir(Kernel& k, EventfsInode* parent, SymId name) const {
    EventfsInode* ei = Design::addDir(k, parent, name);
    if (!ei || !parent->dentry) return ei;
    KFUNC_K(k, tracefs_create_dir);
    Dentry* d = tracefs_create(k, parent->dentry, name, S_IFDIR_ | ei->mode);
    if (d) {
        ei->dentry = d;
        createTree(k, ei, d);
    }
    return ei;
}

}  // namespace ds::eventfs
