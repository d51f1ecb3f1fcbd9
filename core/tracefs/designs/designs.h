// SPDX-License-Identifier: GPL-2.0-or-later
// The designs, one per kernel era; registry.cpp lists them in historical order.
#pragma once

#include "tracefs/design.h"
#include "tracefs/eventfs_pointer.h"

namespace ds::eventfs {

extern const Design v6_5_static;
extern const Design v6_6_rc1;
extern const Design v6_7;
extern const Design next_20240104;
extern const Design rfc_open_refs;
extern const Design rfc_open_array;
extern const Design v6_8;

// v6.7's dcache_dir_open_wrapper, which v6.6-rc1 shares: create one level of children and keep
// a reference on each; v6.6 took the directory lock per created entry, v6.7 once around all.
int dcache_dir_open_wrapper(Inode* inode, File* f, bool lockPerEntry);
// v6.7's iterate_shared: dcache_readdir over the children open created.
int dcache_readdir_wrapper(File* f, DirContext& ctx);

} // namespace ds::eventfs
