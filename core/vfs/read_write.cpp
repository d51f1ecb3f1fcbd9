// SPDX-License-Identifier: GPL-2.0-or-later
// read(2): ksys_read -> vfs_read -> file->f_op->read. Reading touches no dentry or inode
// reference: the file already holds its dentry; only f_pos moves.
#include "vfs/read_write.h"

#include "sim/machine.h"
#include "vfs/file.h"
#include "vfs/fs_ops.h"

#include <algorithm>

namespace ds {

int64_t sys_read(Vfs& vfs, int fd, int64_t count, SyscallRecord& rec) {
    const SymId name = DS_SYM("read");
    rec.name = "read";
    rec.args = std::to_string(fd) + ", " + std::to_string(count);
    syscallEnter(name, fd, rec, DS_HERE,
                 static_cast<int32_t>(std::clamp<int64_t>(count, INT32_MIN, INT32_MAX)));
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_read);
        KFUNC(ksys_read);
        File* f = fdget(vfs, fd); // fdget_pos
        if (!f) {
            ret = -EBADF_;
        } else {
            KFUNC(vfs_read);
            // neither ->read nor ->read_iter: the open did not set FMODE_CAN_READ
            ret = f->f_op && f->f_op->read ? f->f_op->read(f, count, rec.data) : -EINVAL_;
        }
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t generic_read_dir(File*, int64_t, std::optional<std::string>&) {
    KFUNC(generic_read_dir);
    return -EISDIR_;
}

int64_t simple_read_from_buffer(File* f, int64_t count, std::string_view contents,
                                std::optional<std::string>& data) {
    KFUNC(simple_read_from_buffer);
    const int64_t size = static_cast<int64_t>(contents.size());
    const int64_t pos = f->pos;
    const int64_t n = pos >= size ? 0 : std::min(count, size - pos);
    data = std::string(
        contents.substr(static_cast<size_t>(std::min(pos, size)), static_cast<size_t>(n)));
    if (n > 0) set_file_pos(f, pos + n);
    return n;
}

} // namespace ds
