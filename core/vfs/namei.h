// SPDX-License-Identifier: GPL-2.0-or-later
// fs/namei.c: the path walk (lookup_fast, lookup_slow, __lookup_slow) and lookup_one_len.
#pragma once

#include "vfs/vfs.h"

#include <optional>
#include <string_view>

namespace ds {

// Where tracefs is mounted; scenario paths are absolute under it or relative to it.
inline constexpr std::string_view kTracefsMount = "/sys/kernel/tracing";

// The part of a path below the tracefs mount ("events/sched"), or nullopt when the path is
// outside it. Relative paths are taken relative to the mount.
std::optional<std::string_view> belowMount(std::string_view path);

struct Path {
    Dentry* dentry = nullptr;
};

// Walks `path`; on success the returned dentry carries a reference the caller must put.
// Returns -errno on failure.
int path_lookupat(Vfs& vfs, std::string_view path, Path& out);
// The same from `base` (a dfd's directory: path_init takes its f_path) for a relative name.
int path_lookupat(Dentry* base, std::string_view relative, Path& out);
// The walk of path_openat (open()): link_path_walk, then the last component through
// open_last_lookups and lookup_open. The caller is path_openat.
int open_walk(Vfs& vfs, std::string_view path, Path& out);
Dentry* lookup_fast(Dentry* parent, SymId name, int& err);
Dentry* lookup_slow(Dentry* parent, SymId name, int& err);
Dentry* __lookup_slow(Dentry* parent, SymId name, int& err);
// For filesystems; the caller holds the directory lock (shared is enough).
Dentry* lookup_one_len(SymId name, Dentry* base, int& err);
Dentry* lookup_dcache(SymId name, Dentry* base, int& err);

} // namespace ds
