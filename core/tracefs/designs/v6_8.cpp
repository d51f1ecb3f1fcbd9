// v6.8 (Linus's rewrite, still the behaviour of 6.18): getdents64 creates nothing; only
// ->lookup creates, filling the dentry the VFS passed in with d_add. Each dentry holds a kref
// on its eventfs_inode; d_revalidate fails once the ei is freed; d_release puts the kref.
#include "tracefs/designs/designs.h"

namespace ds::eventfs {

namespace {
// eventfs_dir_ino: a directory's inode number is allocated once and kept in its ei.
uint64_t eventfs_dir_ino(Kernel& k, EventfsInode* ei) {
    if (!ei->ino) ei->ino = k.get_next_ino();
    return ei->ino;
}

EventfsInode* get_ei(Kernel& k, EventfsInode* ei) {
    k.kref_get(ei);
    return ei;
}

void put_ei(Kernel& k, EventfsInode* ei) {
    KFUNC_K(k, put_ei);
    if (k.kref_put(ei)) {
        KFUNC_K(k, release_ei);
        k.freeEventfsInode(ei);  // kfree_rcu: d_revalidate may still look at it under RCU
    }
}

void lookup_dir_entry(Kernel& k, Dentry* d, EventfsInode* child) {
    KFUNC_K(k, lookup_dir_entry);
    Inode* inode = k.new_inode(eventfs_dir_ino(k, child), S_IFDIR_ | child->mode);
    inode->eventInode = true;
    inode->priv = child;
    k.d_set_fsdata(d, get_ei(k, child));
    k.d_add(d, inode);
}

void lookup_file(Kernel& k, Dentry* d, EventfsInode* parent, const EventfsEntry& e) {
    KFUNC_K(k, lookup_file);
    Inode* inode = k.new_inode(EVENTFS_FILE_INODE_INO, S_IFREG_ | e.mode);
    inode->eventInode = true;
    k.d_set_fsdata(d, get_ei(k, parent));  // a file's dentry references its directory's ei
    k.d_add(d, inode);
}
}  // namespace

void V68::createEventsDir(Kernel& k) const {
    Design::createEventsDir(k);
    Dentry* ev = k.eventsDentry();
    k.kref_get(ev->fsdata);  // events_dir->d_fsdata = get_ei(ei)
    k.set_nlink(ev->inode, 1);
}

Dentry* V68::lookup(Kernel& k, Inode* dir, Dentry* d) const {
    KFUNC_K(k, eventfs_root_lookup);
    k.mutex_lock(*k.eventfsMutex);
    EventfsInode* ei = dir->priv;
    if (ei && !ei->isFreed) {
        bool done = false;
        for (EventfsInode* child : ei->children) {
            if (child->name != d->name) continue;
            if (!child->isFreed) lookup_dir_entry(k, d, child);
            done = true;
            break;
        }
        for (size_t i = 0; !done && i < ei->entries.size(); ++i) {
            if (ei->entries[i].name != d->name) continue;
            if (!ei->entries[i].skip) lookup_file(k, d, ei, ei->entries[i]);
            break;
        }
    }
    // not found: no d_add, the dentry stays negative and unhashed and dies at its dput
    k.mutex_unlock(*k.eventfsMutex);
    return nullptr;
}

// eventfs_iterate: pos counts every slot, including files a callback hides and freed
// children; a child directory's slot is taken before it is emitted (and given back on failure).
int V68::iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const {
    KFUNC_K(k, eventfs_iterate);
    if (!k.dir_emit_dots(f, ctx)) return 0;
    int64_t c = ctx.pos - 2;
    k.mutex_lock(*k.eventfsMutex);
    EventfsInode* ei = f->dentry->inode->priv;
    if (ei && ei->isFreed) ei = nullptr;
    k.mutex_unlock(*k.eventfsMutex);
    if (!ei) return -EINVAL_;
    const int64_t nr = static_cast<int64_t>(ei->entries.size());
    for (int64_t i = c; i < nr; ++i, ++ctx.pos) {
        k.mutex_lock(*k.eventfsMutex);
        if (ei->isFreed) {
            k.mutex_unlock(*k.eventfsMutex);
            return 0;
        }
        const bool skip = ei->entries[i].skip;  // the entry's callback returned 0
        k.mutex_unlock(*k.eventfsMutex);
        if (skip) continue;
        if (!k.dir_emit(ctx, ei->entries[i].name, EVENTFS_FILE_INODE_INO, DT_REG_)) return 0;
    }
    c -= std::min(c, nr);
    for (EventfsInode* child : ei->children) {
        if (c > 0) {
            --c;
            continue;
        }
        ++ctx.pos;
        if (child->isFreed) continue;
        if (!k.dir_emit(ctx, child->name, eventfs_dir_ino(k, child), DT_DIR_)) {
            --ctx.pos;
            return 0;
        }
    }
    return 1;
}

int V68::d_revalidate(Kernel& k, Dentry* d) const {
    KFUNC_K(k, tracefs_d_revalidate);
    EventfsInode* ei = d->fsdata;
    return ei && ei->isFreed ? 0 : 1;
}

void V68::d_release(Kernel& k, Dentry* d) const {
    KFUNC_K(k, tracefs_d_release);
    if (EventfsInode* ei = d->fsdata) {
        KFUNC_K(k, eventfs_d_release);
        put_ei(k, ei);
    }
}

// eventfs_remove_dir: mark the subtree freed and drop each ei's existence reference. The
// dentries are not touched: they fail d_revalidate from now on.
void V68::removeDir(Kernel& k, EventfsInode* ei) const {
    KFUNC_K(k, eventfs_remove_dir);
    k.mutex_lock(*k.eventfsMutex);
    struct Rec {
        static void run(Kernel& k, EventfsInode* e) {
            KFUNC_K(k, eventfs_remove_rec);
            for (EventfsInode* child : std::vector<EventfsInode*>(e->children)) run(k, child);
            if (e->parent) std::erase(e->parent->children, e);  // list_del_rcu
            KFUNC_K(k, free_ei);
            e->isFreed = true;
            k.emit(EventKind::SetFlag, ObjKind::Eventfs, e->id, static_cast<int32_t>(Flag::Freed), 1, 0, DS_HERE);
            put_ei(k, e);
        }
    };
    Rec::run(k, ei);
    k.mutex_unlock(*k.eventfsMutex);
}

}  // namespace ds::eventfs
