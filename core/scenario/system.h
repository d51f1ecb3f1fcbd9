// SPDX-License-Identifier: GPL-2.0-or-later
// A booted system for one run: the machine, the VFS with tracefs mounted for a design, and the
// syscall records. Scenario calls (and the `ls` helper that expands into syscalls, as the
// user-space program does) run here; this is the composition root, not an engine layer.
#pragma once

#include "sim/machine.h"
#include "tracefs/tracefs.h"
#include "vfs/vfs.h"

#include <deque>
#include <memory>
#include <string_view>

namespace ds {

struct Design;

// What the `ls` helper runs as: GNU ls DIR, ls -R DIR, ls -l DIR.
enum class LsMode { Plain, Recursive, Long };

class System {
public:
    // Boots: binds the machine to this thread and mounts tracefs (root and events directory).
    System(const Design& design, const tracefs::Layout& layout);
    ~System();
    System(const System&) = delete;
    System& operator=(const System&) = delete;

    Machine& machine() { return machine_; }
    Vfs& vfs() { return vfs_; }
    Tracefs& tracefs() { return *tracefs_; }
    Dentry* root() const { return vfs_.root(); }
    const DentryState& dentryState() const { return vfs_.dentryState(); }
    std::deque<SyscallRecord>& records() { return records_; }
    const std::vector<Report>& reports() const { return machine_.reports(); }
    // ref_tracker at unmount: a report of the dentry references still held.
    void reportLeaks();
    // A live eventfs directory by its path below the tracefs root ("events/sched"), or null.
    EventfsInode* findEventfs(std::string_view relPath);

    int64_t sys_open(std::string_view path, SyscallRecord& rec);
    int64_t sys_getdents64(int fd, int64_t count, SyscallRecord& rec);
    int64_t sys_read(int fd, int64_t count, SyscallRecord& rec);
    int64_t sys_lseek(int fd, int64_t offset, SyscallRecord& rec);
    int64_t sys_close(int fd, SyscallRecord& rec);
    int64_t sys_stat(std::string_view path, SyscallRecord& rec);
    int64_t sys_fstat(int fd, SyscallRecord& rec);
    int64_t sys_statx(std::string_view path, SyscallRecord& rec);
    int64_t sys_lstat(std::string_view path, SyscallRecord& rec);
    int64_t sys_fstatat(int dfd, std::string_view name, SyscallRecord& rec);
    int64_t sys_remove(std::string_view path, SyscallRecord& rec);
    int64_t sys_add(std::string_view path, SyscallRecord& rec);
    int64_t sys_drop_caches(SyscallRecord& rec);
    int64_t sys_dentry_state(SyscallRecord& rec);
    // ls, ls -R, ls -l as GNU ls (coreutils 9.1) makes its syscalls (core/scenario/ls.cpp);
    // each is a record of its own, appended before the ls record itself.
    int64_t ls(std::string_view path, LsMode mode, SyscallRecord& rec);

    // The booted kernel, kept for many runs (explore): restore() puts it back in place, so the
    // objects, ids, inode numbers and event numbers of the next run are a fresh boot's.
    struct Booted;
    // Null when some state cannot be kept (an open file, a report, a changed layout: nothing a
    // fresh boot has); then boot afresh instead.
    std::shared_ptr<const Booted> save() const;
    void restore(const Booted& b);

private:
    Machine machine_;
    Vfs vfs_;
    std::unique_ptr<Tracefs> tracefs_;
    std::deque<SyscallRecord> records_; // a deque: appending never moves the old records
};

} // namespace ds
