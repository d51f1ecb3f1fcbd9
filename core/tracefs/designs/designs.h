// The designs, one class per kernel era; registry.cpp lists them.
#pragma once

#include "tracefs/eventfs_common.h"

namespace ds::eventfs {

class V67 : public PointerEventfs {
public:
    std::string_view name() const override { return "v6.7"; }
    std::string_view summary() const override {
        return "v6.7: open (lock exclusive) creates one level and holds refs; dcache_readdir + cursor; release puts them";
    }
    int open(Kernel& k, Inode* inode, File* f) const override;
    int iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const override;
    int release(Kernel& k, Inode* inode, File* f) const override;

protected:
    bool findEventsTakesMutex() const override { return false; }
    virtual bool openLocksPerEntry() const { return false; }
};

class V66rc1 : public V67 {
public:
    std::string_view name() const override { return "v6.6-rc1"; }
    std::string_view summary() const override {
        return "v6.6-rc1: open creates and gets every child; release puts every child that exists now (underflow)";
    }
    int release(Kernel& k, Inode* inode, File* f) const override;
    void removeDir(Kernel& k, EventfsInode* ei) const override;

protected:
    bool lockInCreate() const override { return true; }
    bool openLocksPerEntry() const override { return true; }
};

class Next20240104 : public PointerEventfs {
public:
    std::string_view name() const override { return "next-20240104"; }
    std::string_view summary() const override {
        return "linux-next 493ec81a8fb8: eventfs_iterate (lock shared) creates children via nested lookups: BUG in d_instantiate";
    }
    int iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const override;

protected:
    bool hasLookupParam() const override { return false; }
};

class RfcOpenRefs : public PointerEventfs {
public:
    std::string_view name() const override { return "rfc-open-refs"; }
    std::string_view summary() const override {
        return "the 2024-01-15 plan: create at open (lock exclusive), hold refs in an array for iterate, put at release";
    }
    int open(Kernel& k, Inode* inode, File* f) const override;
    int iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const override;
    int release(Kernel& k, Inode* inode, File* f) const override;
};

class RfcOpenArray : public PointerEventfs {
public:
    std::string_view name() const override { return "rfc-open-array"; }
    std::string_view summary() const override {
        return "the patch of 2024-01-16: create at open (lock exclusive), copy names and inode numbers, keep no refs";
    }
    int open(Kernel& k, Inode* inode, File* f) const override;
    int iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const override;
    int release(Kernel& k, Inode* inode, File* f) const override;
};

class V68 : public Design {
public:
    std::string_view name() const override { return "v6.8"; }
    std::string_view summary() const override {
        return "v6.8 (as on 6.18): only ->lookup creates (d_add); iterate creates nothing; dentries kref their ei";
    }
    void createEventsDir(Kernel& k) const override;
    Dentry* lookup(Kernel& k, Inode* dir, Dentry* d) const override;
    int iterate(Kernel& k, File* f, Kernel::DirContext& ctx) const override;
    bool hasRevalidate() const override { return true; }
    int d_revalidate(Kernel& k, Dentry* d) const override;
    bool hasRelease() const override { return true; }
    void d_release(Kernel& k, Dentry* d) const override;
    void removeDir(Kernel& k, EventfsInode* ei) const override;
    int dirNlink() const override { return 1; }
};

class V65Static : public Design {
public:
    std::string_view name() const override { return "v6.5-static"; }
    std::string_view summary() const override {
        return "before eventfs: every event file and directory is a dentry + inode created at boot and pinned";
    }
    bool isStatic() const override { return true; }
    void createEventsDir(Kernel& k) const override;
    Dentry* lookup(Kernel&, Inode*, Dentry*) const override { return nullptr; }
    int iterate(Kernel&, File*, Kernel::DirContext&) const override { return 0; }
    void removeDir(Kernel& k, EventfsInode* ei) const override;
    EventfsInode* addDir(Kernel& k, EventfsInode* parent, SymId name) const override;
};

}  // namespace ds::eventfs
