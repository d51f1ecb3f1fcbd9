// SPDX-License-Identifier: GPL-2.0-or-later
// fs/read_write.c and the ->read helpers of libfs: read(2) on the files a scenario opens.
#pragma once

#include "vfs/vfs.h"

#include <optional>
#include <string>
#include <string_view>

namespace ds {

// read(fd, buf, count): vfs_read calls the file's ->read (-EINVAL when it has none).
int64_t sys_read(Vfs& vfs, int fd, int64_t count, SyscallRecord& rec);
// ->read of every directory: -EISDIR.
int64_t generic_read_dir(File* f, int64_t count, std::optional<std::string>& data);
// Copies `contents` from f_pos, at most `count` bytes (0 at the end), and moves f_pos.
int64_t simple_read_from_buffer(File* f, int64_t count, std::string_view contents,
                                std::optional<std::string>& data);

} // namespace ds
