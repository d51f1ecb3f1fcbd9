// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/system.h"

#include "tracefs/design.h"
#include "tracefs/eventfs.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/read_write.h"
#include "vfs/syscalls.h"

#include <algorithm>
#include <string>
#include <vector>

namespace ds {

System::System(const Design& design, const tracefs::Layout& layout) {
    vfs_.setVersion(design.vfs); // the VFS of the design's era, before the mount
    vfs_.setObjectSizes(design.sizes);
    tracefs_ = tracefs_fill_super(vfs_, design, layout);
    machine_.setExitHook([this](int task) { exit_files(vfs_, task); });
}

System::~System() = default;

int64_t System::sys_open(std::string_view path, SyscallRecord& rec) {
    return ds::sys_open(vfs_, path, rec);
}
int64_t System::sys_getdents64(int fd, int64_t count, SyscallRecord& rec) {
    return ds::sys_getdents64(vfs_, fd, count, rec);
}
int64_t System::sys_lseek(int fd, int64_t offset, SyscallRecord& rec) {
    return ds::sys_lseek(vfs_, fd, offset, rec);
}
int64_t System::sys_close(int fd, SyscallRecord& rec) {
    return ds::sys_close(vfs_, fd, rec);
}
int64_t System::sys_stat(std::string_view path, SyscallRecord& rec) {
    return ds::sys_stat(vfs_, path, rec);
}
int64_t System::sys_statx(std::string_view path, SyscallRecord& rec) {
    return ds::sys_statx(vfs_, path, rec);
}
int64_t System::sys_lstat(std::string_view path, SyscallRecord& rec) {
    return ds::sys_lstat(vfs_, path, rec);
}
int64_t System::sys_read(int fd, int64_t count, SyscallRecord& rec) {
    return ds::sys_read(vfs_, fd, count, rec);
}
int64_t System::sys_fstatat(int dfd, std::string_view name, SyscallRecord& rec) {
    return ds::sys_fstatat(vfs_, dfd, name, rec);
}
int64_t System::sys_fstat(int fd, SyscallRecord& rec) {
    return ds::sys_fstat(vfs_, fd, rec);
}
int64_t System::sys_remove(std::string_view path, SyscallRecord& rec) {
    return sys_eventfs_remove(*tracefs_, path, rec);
}
int64_t System::sys_add(std::string_view path, SyscallRecord& rec) {
    return sys_eventfs_add(*tracefs_, path, rec);
}
int64_t System::sys_drop_caches(SyscallRecord& rec) {
    return ds::sys_drop_caches(vfs_, rec);
}
int64_t System::sys_dentry_state(SyscallRecord& rec) {
    return ds::sys_dentry_state(vfs_, rec);
}

struct System::Booted {
    std::shared_ptr<const Machine::Booted> machine;
    std::shared_ptr<const Vfs::Booted> vfs;
    std::shared_ptr<const Tracefs::Booted> tracefs;
};

std::shared_ptr<const System::Booted> System::save() const {
    auto b = std::make_shared<Booted>(
        Booted{Machine::Booted::save(machine_), vfs_.saveBooted(), tracefs_->saveBooted()});
    if (!b->machine || !b->vfs || !b->tracefs || !records_.empty()) return nullptr;
    return b;
}

void System::restore(const Booted& b) {
    b.machine->restore(machine_);
    vfs_.restoreBooted(*b.vfs);
    tracefs_->restoreBooted(*b.tracefs);
    records_.clear();
}

void System::reportLeaks() {
    Machine::Scope running(machine_);
    reportLeakedDentries(vfs_);
}

EventfsInode* System::findEventfs(std::string_view relPath) {
    return ds::findEventfs(*tracefs_, relPath);
}

} // namespace ds
