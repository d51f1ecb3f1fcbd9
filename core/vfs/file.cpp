// SPDX-License-Identifier: GPL-2.0-or-later
// fs/file_table.c and fs/read_write.c: files and their position.
#include "vfs/file.h"

#include "sim/machine.h"
#include "vfs/dcache.h"

#include <algorithm>
#include <bit>
#include <utility>

namespace ds {

File* alloc_file(Dentry* d) {
    File* f = &vfsOf(d).newFile();
    f->id = machine().newId();
    f->dentry = d;
    machine().stampAlloc(f->life);
    emit(EventKind::Alloc, ObjKind::File, f->id, static_cast<int32_t>(d->id), 0, 0, DS_HERE);
    return f;
}

// __fput: ->release, then the path reference goes.
void fput(File* f) {
    KFUNC(__fput);
    Inode* inode = f->dentry->inode;
    if (f->opened && inode && f->f_op && f->f_op->release) f->f_op->release(inode, f);
    dput(f->dentry);
    machine().stampFree(f->life);
    emit(EventKind::Free, ObjKind::File, f->id, 0, 0, 0, DS_HERE);
}

namespace {
bool validFd(int fd) {
    return fd >= 0 && fd < FdTable::kMaxFds;
}
} // namespace

File* fdget(Vfs& vfs, int fd) {
    const int t = currentTask();
    if (t < 0 || !validFd(fd)) return nullptr;
    return vfs.files(t).fd[static_cast<std::size_t>(fd)];
}

// find_next_zero_bit over open_fds from next_fd: no fd below next_fd is free.
int get_unused_fd_flags(FdTable& files) {
    constexpr int kBits = 64;
    for (int word = files.nextFd / kBits; word < FdTable::kMaxFds / kBits; ++word) {
        std::uint64_t used = files.openFds[static_cast<std::size_t>(word)];
        if (word == files.nextFd / kBits) used |= (std::uint64_t{1} << files.nextFd % kBits) - 1;
        if (used == ~std::uint64_t{0}) continue;
        const int fd = word * kBits + std::countr_one(used);
        files.openFds[static_cast<std::size_t>(word)] |= std::uint64_t{1} << fd % kBits;
        files.nextFd = fd + 1;
        return fd;
    }
    return -EMFILE_;
}

void put_unused_fd(FdTable& files, int fd) {
    files.openFds[static_cast<std::size_t>(fd / 64)] &= ~(std::uint64_t{1} << fd % 64);
    files.nextFd = std::min(files.nextFd, fd);
}

void fd_install(FdTable& files, int fd, File* f) {
    files.fd[static_cast<std::size_t>(fd)] = f;
}

File* file_close_fd(FdTable& files, int fd) {
    if (!validFd(fd)) return nullptr;
    File* f = std::exchange(files.fd[static_cast<std::size_t>(fd)], nullptr);
    if (f) put_unused_fd(files, fd);
    return f;
}

void set_file_pos(File* f, int64_t pos) {
    if (f->pos == pos) return;
    emit(EventKind::FilePos, ObjKind::File, f->id, static_cast<int32_t>(f->pos),
         static_cast<int32_t>(pos), 0, DS_HERE);
    f->pos = pos;
}

int64_t generic_file_llseek(File* f, int64_t offset) {
    if (offset < 0) return -EINVAL_;
    set_file_pos(f, offset);
    return offset;
}

void exit_files(Vfs& vfs, int task) {
    KFUNC(exit_files);
    FdTable& files = vfs.files(task);
    for (int fd = 0; fd < FdTable::kMaxFds; ++fd)
        if (File* f = files.fd[static_cast<size_t>(fd)]) {
            file_close_fd(files, fd);
            fput(f);
        }
}

} // namespace ds
