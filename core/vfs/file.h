// SPDX-License-Identifier: GPL-2.0-or-later
// struct file: allocation, the last fput, the task's file table, and seeking.
#pragma once

#include "vfs/vfs.h"

namespace ds {

File* alloc_file(Dentry* d);
// __fput: ->release, then the path reference goes.
void fput(File* f);
// The current task's open file `fd`, or null.
File* fdget(Vfs& vfs, int fd);
// fs/file.c: reserves the lowest free fd (-EMFILE when the table is full); put_unused_fd gives a
// reserved one back, fd_install puts the file in it, file_close_fd takes the file out of an
// installed one and frees the fd (null if `fd` was not open).
int get_unused_fd_flags(FdTable& files);
void put_unused_fd(FdTable& files, int fd);
void fd_install(FdTable& files, int fd, File* f);
File* file_close_fd(FdTable& files, int fd);
// exit_files (do_exit): every file the task still has open is closed, lowest fd first.
void exit_files(Vfs& vfs, int task);
// fs/read_write.c: the generic llseek (SEEK_SET): just moves f_pos.
int64_t generic_file_llseek(File* f, int64_t offset);
// Sets f_pos, recording the change as an event.
void set_file_pos(File* f, int64_t pos);

} // namespace ds
