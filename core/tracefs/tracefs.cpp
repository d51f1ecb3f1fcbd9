// SPDX-License-Identifier: GPL-2.0-or-later
// fs/tracefs/inode.c: the super block, the root, and the inodes of plain tracefs files.
#include "tracefs/tracefs.h"

#include "sim/machine.h"
#include "tracefs/design.h"
#include "tracefs/eventfs.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/inode.h"
#include "vfs/libfs.h"
#include "vfs/read_write.h"

namespace ds {

Tracefs::Tracefs(Vfs& v, const Design& d, const tracefs::Layout& layout)
    : vfs(v), design(d), layout_(&layout), baseLayout_(&layout) {}

Tracefs::~Tracefs() = default;

tracefs::Layout& Tracefs::mutableLayout() {
    if (!ownedLayout_) {
        ownedLayout_ = std::make_unique<tracefs::Layout>(*layout_);
        layout_ = ownedLayout_.get();
    }
    return *ownedLayout_;
}

struct Tracefs::Booted {
    Mutex eventfsMutex;
    EventfsInode* eventsEi;
    Dentry* eventsDentry;
    std::deque<EventfsInode> eventfsInodes;
    std::deque<EventfsFile> eventfsFiles; // v6.6-rc1
    std::unordered_map<std::string, EventfsInode*> byPath;
    bool byPathBuilt;
};

std::shared_ptr<const Tracefs::Booted> Tracefs::saveBooted() const {
    if (ownedLayout_) return nullptr;
    return std::make_shared<const Booted>(Booted{eventfsMutex, eventsEi, eventsDentry,
                                                 eventfsInodes, eventfsFiles, byPath, byPathBuilt});
}

void Tracefs::restoreBooted(const Booted& b) {
    eventfsMutex = b.eventfsMutex;
    eventsEi = b.eventsEi;
    eventsDentry = b.eventsDentry;
    restoreInPlace(eventfsInodes, b.eventfsInodes);
    restoreInPlace(eventfsFiles, b.eventfsFiles);
    byPath = b.byPath;
    byPathBuilt = b.byPathBuilt;
    if (ownedLayout_) { // an added event directory changed it: the built-in one again
        layout_ = baseLayout_;
        ownedLayout_.reset();
    }
}

namespace {
// tracefs has no inode cache: an inode goes at its last iput (generic_delete_inode).
int generic_delete_inode(Inode*) {
    KFUNC(generic_delete_inode);
    return 1;
}

// 6.6-rc1 on: tracefs inodes come from their own kmem_cache (tracefs_inode_cache) and go back
// to it in the RCU callback.
void tracefs_free_inode(Inode*) {
    KFUNC(tracefs_free_inode);
}

// 6.8 on: tracefs_drop_inode (it says 1 too) and tracefs_destroy_inode, both in the trace of a
// real 6.12 kernel's teardown.
int tracefs_drop_inode(Inode*) {
    KFUNC(tracefs_drop_inode);
    return 1;
}

void tracefs_destroy_inode(Inode*) {
    KFUNC(tracefs_destroy_inode);
}
} // namespace

const super_operations tracefs_super_operations_65 = {
    .drop_inode = generic_delete_inode,
};

const super_operations tracefs_super_operations = {
    .drop_inode = generic_delete_inode,
    .free_inode = tracefs_free_inode,
};

const super_operations tracefs_super_operations_68 = {
    .drop_inode = tracefs_drop_inode,
    .destroy_inode = tracefs_destroy_inode,
    .free_inode = tracefs_free_inode,
};

namespace {

// The event file's parent is an event directory (not events/ or a system): its grandparent's
// parent is events/.
bool inEventDir(const Dentry* d) {
    const Dentry* p = d->parent;
    return p && p->parent && p->parent->parent && symbol(p->parent->parent->name) == "events";
}

// The ->read of a tracefs file. The kernel gives each file its own (event_enable_read,
// event_filter_read, event_id_read, seq_read for `format` ...); they read the event's state
// and copy it out with simple_read_from_buffer, touching no dentry or inode reference. The
// contents are simulated only where boot fixes them: `enable` is "0\n" (no event enabled) and
// an event's `filter` "none\n". Any other file returns `count` bytes and moves f_pos, with no
// contents (the record's data stays empty, and the exports say so).
int64_t tracefs_file_read(File* f, int64_t count, std::optional<std::string>& data) {
    const std::string_view name = symbol(f->dentry->name);
    if (name == "enable") {
        FuncScope fn(inEventDir(f->dentry) ? DS_SYM("event_enable_read")
                                           : DS_SYM("system_enable_read"),
                     DS_HERE);
        return simple_read_from_buffer(f, count, "0\n", data);
    }
    if (name == "filter" && inEventDir(f->dentry)) {
        KFUNC(event_filter_read);
        return simple_read_from_buffer(f, count, "none\n", data);
    }
    data.reset();
    if (count > 0) set_file_pos(f, f->pos + count);
    return count;
}

} // namespace

const file_operations tracefs_file_operations = {
    .read = tracefs_file_read,
    .llseek = generic_file_llseek,
};

Inode* tracefs_get_inode(SuperBlock* sb, const InoAfter& ino, uint32_t mode,
                         const inode_operations* dirIops, const file_operations* dirFops) {
    const uint64_t own = get_next_ino(sb); // always, even when eventfs overrides it
    Inode* inode = new_inode(sb, ino ? ino() : own, mode);
    if (isDirMode(mode)) {
        inode->i_op = dirIops ? dirIops : &simple_dir_inode_operations;
        inode->i_fop = dirFops ? dirFops : &simple_dir_operations;
    } else {
        inode->i_fop = &tracefs_file_operations;
    }
    return inode;
}

// Mount: the tracefs root, then the design creates the permanent events directory.
std::unique_ptr<Tracefs> tracefs_fill_super(Vfs& vfs, const Design& design,
                                            const tracefs::Layout& layout) {
    auto fs = std::make_unique<Tracefs>(vfs, design, layout);
    SuperBlock* sb = &vfs.sb();
    sb->s_fs_info = fs.get();
    sb->s_op = design.superOps ? design.superOps : &tracefs_super_operations;
    sb->s_d_op = design.dentryOps;
    KFUNC(tracefs_fill_super);
    Inode* rootInode = tracefs_get_inode(sb, {}, S_IFDIR_ | 0755);
    set_nlink(rootInode, 2);
    Dentry* root = __d_alloc(sb, DS_SYM("/")); // d_make_root: the super block holds its reference
    root->pinnedByFs = true;
    d_instantiate(root, rootInode);
    sb->s_root = root;
    fs->eventfsMutex = makeMutex(design.eventsMutex);
    design.createEventsDir(*fs);
    return fs;
}

} // namespace ds
