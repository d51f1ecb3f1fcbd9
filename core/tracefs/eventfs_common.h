// Pieces shared by the eventfs designs that keep dentry pointers in the eventfs_inode
// (v6.6-rc1, v6.7, next-20240104 and the two 2024-01-16 proposals): the "nested lookup dance"
// that creates a child from outside ->lookup, the d_iput hook and removal.
#pragma once

#include "tracefs/design.h"

namespace ds::eventfs {

// Constants of fs/tracefs/event_inode.c (v6.8).
inline constexpr uint64_t EVENTFS_FILE_INODE_INO = 0x12c4e37;  // 19680823

// tracefs_start_creating / eventfs_start_creating: a negative dentry with a reference, or
// -EEXIST when the name is already positive.
Dentry* eventfs_start_creating(Kernel& k, SymId name, Dentry* parent, int& err);

// The creation helpers of v6.6-v6.7 and linux-next. `lookupFlavour` is the v6.7 `lookup`
// parameter (no reference is returned and no lock is taken); next-20240104 dropped it and
// always returns a reference.
class PointerEventfs : public Design {
public:
    void createEventsDir(Kernel& k) const override;
    Dentry* lookup(Kernel& k, Inode* dir, Dentry* d) const override;
    bool hasIput() const override { return true; }
    void d_iput(Kernel& k, Dentry* d, Inode* inode) const override;
    void removeDir(Kernel& k, EventfsInode* ei) const override;

    Dentry* create_dir_dentry(Kernel& k, EventfsInode* pei, EventfsInode* ei, Dentry* parent, bool lookup) const;
    Dentry* create_file_dentry(Kernel& k, EventfsInode* ei, int idx, Dentry* parent, bool lookup) const;

protected:
    // next-20240104 has no `lookup` parameter: creators always return a reference and
    // eventfs_root_lookup drops it.
    virtual bool hasLookupParam() const { return true; }
    // v6.7 and later take eventfs_mutex in update_inode_attr via eventfs_find_events.
    virtual bool findEventsTakesMutex() const { return true; }
    // v6.6 took the parent's inode lock per created entry; v6.7 once in the open wrapper.
    virtual bool lockInCreate() const { return false; }

    Dentry* create_dir(Kernel& k, EventfsInode* ei, Dentry* parent) const;
    Dentry* create_file(Kernel& k, EventfsInode* ei, int idx, Dentry* parent) const;
    void update_inode_attr(Kernel& k) const;
    void eventfs_remove_rec(Kernel& k, EventfsInode* ei, std::vector<Dentry*>& held) const;
    void unhook_dentry(Kernel& k, Dentry* d, std::vector<Dentry*>& held) const;
};

// file->private_data of the designs that create children at open: the dentries (with or
// without a reference) and what getdents64 emits.
struct OpenDirList : FilePrivate {
    struct Entry {
        Dentry* dentry = nullptr;  // holds a reference when `holdsRef`
        SymId name = 0;
        uint64_t ino = 0;
        uint8_t type = 0;
    };
    std::vector<Entry> entries;
    bool holdsRef = true;
};

// The directory an eventfs file's parent dentry belongs to.
inline EventfsInode* dirEi(Inode* inode) { return inode ? inode->priv : nullptr; }

}  // namespace ds::eventfs
