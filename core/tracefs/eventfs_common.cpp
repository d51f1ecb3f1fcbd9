// SPDX-License-Identifier: GPL-2.0-or-later
// What every design shares at boot and when an event directory is added.
#include "sim/machine.h"
#include "tracefs/design.h"
#include "tracefs/eventfs.h"
#include "tracefs/eventfs_pointer.h"
#include "tracefs/tracefs.h"
#include "vfs/dcache.h"
#include "vfs/inode.h"

namespace ds {

Dentry* createEventsDentry(Tracefs& fs, EventfsInode* ei) {
    fs.eventsEi = ei;
    SuperBlock* sb = &fs.vfs.sb();
    Dentry* root = sb->s_root;
    inode_lock(root->inode);
    int err = 0;
    Dentry* ev = eventfs::eventfs_start_creating(DS_SYM("events"), root, err);
    Inode* inode =
        tracefs_get_inode(sb, {}, S_IFDIR_ | 0755, fs.design.dirInodeOps, fs.design.dirFileOps);
    inode->i_private = ei;
    d_instantiate(ev, inode);
    inc_nlink(root->inode);
    inode_unlock(root->inode);
    ev->pinnedByFs = true;
    fs.eventsDentry = ev;
    return ev;
}

// tracefs_start_creating("events", root) + eventfs_create_events_dir: the events dentry keeps
// the reference from the lookup for as long as tracing is mounted.
void createEventsDirCommon(Tracefs& fs) {
    EventfsInode* ei = buildEventfsTree(fs);
    Dentry* ev = createEventsDentry(fs, ei);
    d_set_fsdata(ev, ei, ei->id);
    ei->dentry = ev;
}

EventfsInode* addEventDirEi(Tracefs& fs, EventfsInode* parent, SymId name) {
    tracefs::Layout& lay = fs.mutableLayout();
    // An event removed earlier and added again (a module reloaded, a kprobe re-created) gets
    // the directory it had: the caller has checked that no live one has the name.
    const std::string path =
        lay.dirs[static_cast<size_t>(parent->layoutDir)].path + "/" + std::string(symbol(name));
    int dir = lay.findDir(path);
    if (dir < 0 || lay.dirs[static_cast<size_t>(dir)].parent != parent->layoutDir)
        dir = tracefs::addEventDir(lay, parent->layoutDir, std::string(symbol(name)));
    if (dir < 0) return nullptr;
    EventfsInode* ei = alloc_ei(fs, name, parent);
    ei->layoutDir = dir;
    for (const tracefs::LayoutFile& f : lay.dirs[dir].files)
        ei->entries.push_back({intern(f.name), f.mode, false});
    ei->dChildren.assign(ei->entries.size(), nullptr);
    return ei;
}

// eventfs_create_dir: a new event directory with the standard event files.
EventfsInode* addDirCommon(Tracefs& fs, EventfsInode* parent, SymId name) {
    KFUNC(eventfs_create_dir);
    mutex_lock(fs.eventfsMutex);
    EventfsInode* ei = addEventDirEi(fs, parent, name);
    mutex_unlock(fs.eventfsMutex);
    return ei;
}

} // namespace ds
