// SPDX-License-Identifier: GPL-2.0-or-later
// The syscalls a scenario calls: open, getdents64, lseek, close, stat, fstat, and the
// administrative drop_caches and dentry-state. Each fills its SyscallRecord and emits its
// enter and exit events; it runs in the current task.
#pragma once

#include "vfs/vfs.h"

#include <string_view>

namespace ds {

int64_t sys_open(Vfs& vfs, std::string_view path, SyscallRecord& rec);
int64_t sys_getdents64(Vfs& vfs, int fd, int64_t count, SyscallRecord& rec);
int64_t sys_lseek(Vfs& vfs, int fd, int64_t offset, SyscallRecord& rec);
int64_t sys_close(Vfs& vfs, int fd, SyscallRecord& rec);
int64_t sys_stat(Vfs& vfs, std::string_view path, SyscallRecord& rec);
int64_t sys_fstat(Vfs& vfs, int fd, SyscallRecord& rec);
int64_t sys_statx(Vfs& vfs, std::string_view path, SyscallRecord& rec);
int64_t sys_lstat(Vfs& vfs, std::string_view path, SyscallRecord& rec);
// newfstatat(dfd, name, &st, 0) with a name relative to the directory open on dfd.
int64_t sys_fstatat(Vfs& vfs, int dfd, std::string_view name, SyscallRecord& rec);
int64_t sys_drop_caches(Vfs& vfs, SyscallRecord& rec);
int64_t sys_dentry_state(Vfs& vfs, SyscallRecord& rec);

} // namespace ds
