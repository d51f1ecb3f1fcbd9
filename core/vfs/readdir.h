// SPDX-License-Identifier: GPL-2.0-or-later
// fs/readdir.c: iterate_dir and filldir64, the getdents64 side of dir_emit.
#pragma once

#include "vfs/vfs.h"

namespace ds {

// i_rwsem shared, then ->iterate_shared unless the directory is dead.
int iterate_dir(File* f, DirContext& ctx);
bool dir_emit(DirContext& ctx, SymId name, uint64_t ino, uint8_t type);
bool dir_emit_dots(File* f, DirContext& ctx);
// No kernel counterpart: the trace of a slot ->iterate_shared passes over at ctx.pos (the
// kernel moves on without a word; the getdents pane shows the gap it leaves in d_off).
void dir_skip(const DirContext& ctx, SymId name, DirSkipWhy why);
bool filldir64(DirContext& ctx, SymId name, int64_t offset, uint64_t ino, uint8_t type);

} // namespace ds
