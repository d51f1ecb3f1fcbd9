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

// v6.7's dcache_dir_open_wrapper: create one level of children under the directory lock and
// keep a reference on each.
int dcache_dir_open_wrapper(Inode* inode, File* f);
// The order v6.5's and v6.6's trace_events.c add a directory's files (v6_5_static.cpp): an
// event directory's in event_create_dir's order, a system's filter then enable
// (event_subsystem_dir), events/'s enable, header_page, header_event (the layout's order).
// Files an event hides (EventfsEntry::skip) are among them: the caller leaves them out.
std::vector<const EventfsEntry*> addOrder(const Tracefs& fs, const EventfsInode* ei);
// v6.7's iterate_shared: dcache_readdir over the children open created.
int dcache_readdir_wrapper(File* f, DirContext& ctx);

} // namespace ds::eventfs
