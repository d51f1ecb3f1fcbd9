// A design is one era of eventfs: a small set of overrides over the one VFS of the engine.
// Adding a design means adding one file in designs/ and one line in registry.cpp.
#pragma once

#include "sim/kernel.h"

#include <memory>
#include <string_view>
#include <vector>

namespace ds {

class Design {
public:
    virtual ~Design() = default;
    virtual std::string_view name() const = 0;
    virtual std::string_view summary() const = 0;  // one line for `designs`

    // Boot: create the permanent events dentry and whatever the design creates up front.
    virtual void createEventsDir(Kernel& k) const;
    // v6.5-static has no eventfs: every file and directory is a pinned dentry from boot.
    virtual bool isStatic() const { return false; }

    // inode_operations.lookup of an eventfs directory (eventfs_root_lookup).
    virtual Dentry* lookup(Kernel& k, Inode* dir, Dentry* d) const = 0;
    // file_operations of an eventfs directory.
    virtual int open(Kernel&, Inode*, File*) const { return 0; }
    virtual int iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const = 0;
    virtual int release(Kernel&, Inode*, File*) const { return 0; }

    // dentry_operations (sb->s_d_op, so they apply to every tracefs dentry).
    virtual bool hasRevalidate() const { return false; }
    virtual int d_revalidate(Kernel&, Dentry*) const { return 1; }
    virtual bool hasIput() const { return false; }
    virtual void d_iput(Kernel& k, Dentry* d, Inode* inode) const;  // default: iput
    virtual bool hasRelease() const { return false; }
    virtual void d_release(Kernel&, Dentry*) const {}

    // Dynamic changes: remove an eventfs directory (module unload, instance rmdir, deleting a
    // dynamic event) and add an event directory.
    virtual void removeDir(Kernel& k, EventfsInode* ei) const = 0;
    virtual EventfsInode* addDir(Kernel& k, EventfsInode* parent, SymId name) const;

    // Attributes of inodes this design creates.
    virtual int dirNlink() const { return 2; }
};

const Design* findDesign(std::string_view name);
const std::vector<const Design*>& allDesigns();

}  // namespace ds
