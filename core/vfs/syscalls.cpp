// SPDX-License-Identifier: GPL-2.0-or-later
// The syscalls a scenario calls: open, getdents64, lseek, close, stat, fstat, and the
// administrative drop_caches and dentry_state.
#include "vfs/syscalls.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/namei.h"
#include "vfs/readdir.h"

#include <algorithm>
#include <cstdint>

namespace ds {

namespace {
std::string quoted(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

// path_openat: the walk (link_path_walk, open_last_lookups), the file (the engine allocates it
// once the dentry is known; the kernel's alloc_empty_file comes first), do_open, terminate_walk.
// Returns the opened file, or null with `err` set.
File* path_openat(Vfs& vfs, std::string_view path, int64_t& err) {
    KFUNC(path_openat);
    Path p;
    err = open_walk(vfs, path, p);
    if (err) return nullptr;
    File* f = alloc_file(p.dentry);
    Inode* inode = p.dentry->inode;
    f->f_op = inode->i_fop;
    int openErr = 0;
    {
        // do_open -> vfs_open -> do_dentry_open: path_get(&f->f_path) is the file's own
        // reference (a real 6.12 kernel shows the count going 1 -> 2 here), then ->open.
        KFUNC(do_open);
        KFUNC(vfs_open);
        KFUNC(do_dentry_open);
        emit(EventKind::DentryOpen, ObjKind::Dentry, p.dentry->id, static_cast<int32_t>(f->id), 0,
             0, DS_HERE);
        dget(p.dentry);
        if (f->f_op && f->f_op->open) openErr = f->f_op->open(inode, f);
    }
    {
        KFUNC(terminate_walk); // the walk's reference goes (2 -> 1)
        dput(p.dentry);
    }
    if (openErr) {
        fput(f);
        err = openErr;
        return nullptr;
    }
    f->opened = true;
    return f;
}

// do_filp_open, then fd_install into the fd the caller reserved (given back on failure).
int64_t open_into_fd(Vfs& vfs, std::string_view path, FdTable& files, int fd) {
    File* f = nullptr;
    int64_t err = 0;
    {
        KFUNC(do_filp_open);
        f = path_openat(vfs, path, err);
    }
    if (!f) {
        put_unused_fd(files, fd);
        return err;
    }
    f->fd = fd;
    fd_install(files, fd, f);
    return fd;
}
} // namespace

int64_t sys_open(Vfs& vfs, std::string_view path, SyscallRecord& rec) {
    const SymId name = DS_SYM("openat");
    rec.name = "openat";
    rec.args.reserve(path.size() + 36);
    rec.args.append("AT_FDCWD, \"").append(path).append("\", O_RDONLY|O_DIRECTORY");
    syscallEnter(name, -1, rec, DS_HERE);
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_openat);
        KFUNC(do_sys_openat2);
        // do_sys_openat2 reserves the fd first: a full table fails before any lookup.
        FdTable& files = vfs.files(currentTask());
        const int fd = get_unused_fd_flags(files);
        ret = fd < 0 ? fd : open_into_fd(vfs, path, files, fd);
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t sys_getdents64(Vfs& vfs, int fd, int64_t count, SyscallRecord& rec) {
    const SymId name = DS_SYM("getdents64");
    rec.name = "getdents64";
    syscallEnter(name, fd, rec, DS_HERE,
                 static_cast<int32_t>(std::clamp<int64_t>(count, INT32_MIN, INT32_MAX)));
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_getdents64);
        File* f = fdget(vfs, fd);
        if (!f) {
            ret = -EBADF_;
        } else if (!f->dentry->inode || !isDirMode(f->dentry->inode->mode)) {
            ret = -ENOTDIR_;
        } else {
            DirContext ctx;
            ctx.count = count;
            ctx.out = &rec.entries;
            const int err = iterate_dir(f, ctx);
            ret = err < 0 ? err : ctx.error;
            if (ctx.written > 0) {
                rec.entries.back().off = ctx.pos;
                ret = ctx.written;
            }
        }
    }
    rec.args = std::to_string(fd) + ", " + std::to_string(count);
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

// vfs_llseek: the file's ->llseek (dcache_dir_lseek, generic_file_llseek ...).
int64_t sys_lseek(Vfs& vfs, int fd, int64_t offset, SyscallRecord& rec) {
    const SymId name = DS_SYM("lseek");
    rec.name = "lseek";
    rec.args = std::to_string(fd) + ", " + std::to_string(offset) + ", SEEK_SET";
    syscallEnter(name, fd, rec, DS_HERE);
    int64_t ret = offset;
    {
        KFUNC(__x64_sys_lseek);
        File* f = fdget(vfs, fd);
        if (!f) {
            ret = -EBADF_;
        } else if (!f->f_op || !f->f_op->llseek) {
            ret = -ESPIPE_;
        } else {
            ret = f->f_op->llseek(f, offset);
        }
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t sys_close(Vfs& vfs, int fd, SyscallRecord& rec) {
    const SymId name = DS_SYM("close");
    rec.name = "close";
    rec.args = std::to_string(fd);
    syscallEnter(name, fd, rec, DS_HERE);
    int64_t ret = 0;
    File* deferred = nullptr; // before 6.6: fput's task_work
    {
        KFUNC(__x64_sys_close);
        File* f = file_close_fd(vfs.files(currentTask()), fd);
        if (!f)
            ret = -EBADF_;
        else if (vfs.version().closeFputSync)
            fput(f); // __fput_sync
        else
            deferred = f;
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    if (deferred) { // on the way back to user space
        KFUNC(exit_to_user_mode_loop);
        KFUNC(task_work_run);
        KFUNC(____fput);
        fput(deferred);
    }
    return ret;
}

namespace {
// vfs_getattr: the attributes of the walk's inode (tracefs has no ->getattr: generic_fillattr).
void vfs_getattr(Dentry* d, SyscallRecord& rec) {
    KFUNC(vfs_getattr);
    Inode* inode = d->inode;
    if (!inode || !checkAlive(inode->life, ObjKind::Inode, inode->id, "vfs_getattr", DS_HERE))
        return;
    emit(EventKind::Getattr, ObjKind::Inode, inode->id, static_cast<int32_t>(d->id), 0, 0, DS_HERE);
    rec.stat = StatResult{inode->ino, inode->mode, inode->nlink};
}

// vfs_statx: filename_lookup, vfs_getattr, path_put. tracefs has no symlinks, so the
// AT_SYMLINK_NOFOLLOW of lstat and GNU's statx changes nothing in the walk.
int64_t vfs_statx(Vfs& vfs, std::string_view path, SyscallRecord& rec) {
    KFUNC(vfs_statx);
    Path p;
    int64_t ret;
    {
        KFUNC(filename_lookup);
        ret = path_lookupat(vfs, path, p);
    }
    if (ret != 0) return ret;
    vfs_getattr(p.dentry, rec);
    dput(p.dentry); // path_put
    return 0;
}

// One syscall of the stat family: `entry` and `via` are the kernel functions on its way to
// vfs_statx (__x64_sys_statx -> do_statx; __x64_sys_newfstatat -> vfs_fstatat; ...).
int64_t statFamily(Vfs& vfs, std::string_view path, SyscallRecord& rec, std::string_view sysName,
                   SymId name, SymId entry, SymId via) {
    rec.name = std::string(sysName);
    rec.args = quoted(path);
    syscallEnter(name, -1, rec, DS_HERE);
    int64_t ret;
    {
        FuncScope outer(entry, DS_HERE);
        FuncScope inner(via, DS_HERE);
        ret = vfs_statx(vfs, path, rec);
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}
} // namespace

// stat(2) as glibc makes it on x86-64: newfstatat(AT_FDCWD, path, &st, 0).
int64_t sys_stat(Vfs& vfs, std::string_view path, SyscallRecord& rec) {
    return statFamily(vfs, path, rec, "stat", DS_SYM("newfstatat"), DS_SYM("__x64_sys_newfstatat"),
                      DS_SYM("vfs_fstatat"));
}

// statx(AT_FDCWD, path, ...): what GNU ls and GNU stat call (a real 6.12 trace shows it).
int64_t sys_statx(Vfs& vfs, std::string_view path, SyscallRecord& rec) {
    return statFamily(vfs, path, rec, "statx", DS_SYM("statx"), DS_SYM("__x64_sys_statx"),
                      DS_SYM("do_statx"));
}

// lstat(2): what busybox ls calls for every entry.
int64_t sys_lstat(Vfs& vfs, std::string_view path, SyscallRecord& rec) {
    return statFamily(vfs, path, rec, "lstat", DS_SYM("newlstat"), DS_SYM("__x64_sys_newlstat"),
                      DS_SYM("vfs_fstatat"));
}

int64_t sys_fstatat(Vfs& vfs, int dfd, std::string_view name, SyscallRecord& rec) {
    const SymId sys = DS_SYM("newfstatat");
    rec.name = "fstatat";
    rec.args = std::to_string(dfd) + ", " + quoted(name);
    syscallEnter(sys, dfd, rec, DS_HERE);
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_newfstatat);
        KFUNC(vfs_fstatat);
        File* f = fdget(vfs, dfd);
        if (!f) {
            ret = -EBADF_;
        } else if (!f->dentry->inode || !isDirMode(f->dentry->inode->mode)) {
            ret = -ENOTDIR_; // path_init: a dfd that is not a directory
        } else {
            KFUNC(vfs_statx);
            Path p;
            {
                KFUNC(filename_lookup);
                ret = path_lookupat(f->dentry, name, p);
            }
            if (ret == 0) {
                vfs_getattr(p.dentry, rec);
                dput(p.dentry); // path_put
            }
        }
    }
    rec.ret = ret;
    syscallExit(sys, ret, rec, DS_HERE);
    return ret;
}

int64_t sys_fstat(Vfs& vfs, int fd, SyscallRecord& rec) {
    const SymId name = DS_SYM("fstat");
    rec.name = "fstat";
    rec.args = std::to_string(fd);
    syscallEnter(name, fd, rec, DS_HERE);
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_newfstat);
        File* f = fdget(vfs, fd);
        if (!f)
            ret = -EBADF_;
        else
            vfs_getattr(f->dentry, rec);
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t sys_drop_caches(Vfs& vfs, SyscallRecord& rec) {
    const SymId name = DS_SYM("drop_caches");
    rec.name = "drop_caches";
    rec.args = "2";
    syscallEnter(name, -1, rec, DS_HERE);
    {
        KFUNC(drop_caches_sysctl_handler);
        prune_dcache_sb(&vfs.sb());
    }
    rec.ret = 0;
    syscallExit(name, 0, rec, DS_HERE);
    return 0;
}

int64_t sys_dentry_state(Vfs& vfs, SyscallRecord& rec) {
    const SymId name = DS_SYM("dentry_state");
    rec.name = "dentry_state";
    syscallEnter(name, -1, rec, DS_HERE);
    rec.counters = vfs.dentryState();
    rec.ret = 0;
    syscallExit(name, 0, rec, DS_HERE);
    return 0;
}

} // namespace ds
