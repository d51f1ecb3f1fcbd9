// The syscalls a scenario calls: open, getdents64, lseek, close, stat, fstat, and the
// administrative actions (ls, remove, add, drop_caches, dentry_state).
#include "sim/kernel.h"
#include "tracefs/design.h"
#include "tracefs/layout.h"

#include <algorithm>

namespace ds {

namespace {
bool isEventfsDir(const Kernel& k, const Inode* inode) { return inode->priv && !k.design().isStatic(); }
std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }
}  // namespace

void Kernel::syscallEnter(SymId name, int32_t a, SyscallRecord& rec, SrcId src) {
    rec.enterSeq = nextSeq();
    emit(EventKind::SyscallEnter, ObjKind::None, 0, a, 0, name, src);
}

void Kernel::syscallExit(SymId name, int64_t ret, SyscallRecord& rec, SrcId src) {
    rec.exitSeq = nextSeq();
    emit(EventKind::SyscallExit, ObjKind::None, 0, static_cast<int32_t>(ret), 0, name, src);
}

File* Kernel::alloc_file(Dentry* d) {
    File* f = &files_.emplace_back();
    f->id = newId();
    f->dentry = d;
    f->life.allocSeq = nextSeq();
    f->life.allocStack = currentStack();
    emit(EventKind::Alloc, ObjKind::File, f->id, static_cast<int32_t>(d->id), 0, 0, DS_HERE);
    return f;
}

// __fput: ->release, then the path reference goes.
void Kernel::fput(File* f) {
    KFUNC(__fput);
    Inode* inode = f->dentry->inode;
    if (f->opened && inode && isDirMode(inode->mode)) {
        if (isEventfsDir(*this, inode)) design_.release(*this, inode, f);
        else dcache_dir_close(inode, f);
    }
    dput(f->dentry);
    f->life.freed = true;
    f->life.freeSeq = nextSeq();
    emit(EventKind::Free, ObjKind::File, f->id, 0, 0, 0, DS_HERE);
}

File* Kernel::fdget(int fd) {
    TaskState* t = current();
    if (!t) return nullptr;
    auto it = t->fds.find(fd);
    return it == t->fds.end() ? nullptr : it->second;
}

int64_t Kernel::sys_open(std::string_view path, SyscallRecord& rec) {
    const SymId name = DS_SYM("openat");
    rec.name = "openat";
    rec.args.reserve(path.size() + 36);
    rec.args.append("AT_FDCWD, \"").append(path).append("\", O_RDONLY|O_DIRECTORY");
    syscallEnter(name, -1, rec, DS_HERE);
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_openat);
        KFUNC(do_filp_open);
        Path p;
        ret = path_lookupat(path, p);
        if (ret == 0) {
            File* f = alloc_file(p.dentry);  // the walk's reference becomes f_path's
            Inode* inode = p.dentry->inode;
            int err = 0;
            if (isDirMode(inode->mode)) {
                KFUNC(do_dentry_open);
                err = isEventfsDir(*this, inode) ? design_.open(*this, inode, f) : dcache_dir_open(inode, f);
            }
            if (err) {
                fput(f);
                ret = err;
            } else {
                f->opened = true;
                TaskState* t = current();
                f->fd = t->nextFd;
                while (t->fds.count(f->fd)) ++f->fd;
                t->fds[f->fd] = f;
                ret = f->fd;
            }
        }
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t Kernel::sys_getdents64(int fd, int64_t count, SyscallRecord& rec) {
    const SymId name = DS_SYM("getdents64");
    rec.name = "getdents64";
    syscallEnter(name, fd, rec, DS_HERE);
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_getdents64);
        File* f = fdget(fd);
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

// generic_file_llseek (eventfs) or dcache_dir_lseek (plain tracefs directories).
int64_t Kernel::sys_lseek(int fd, int64_t offset, SyscallRecord& rec) {
    const SymId name = DS_SYM("lseek");
    rec.name = "lseek";
    rec.args = std::to_string(fd) + ", " + std::to_string(offset) + ", SEEK_SET";
    syscallEnter(name, fd, rec, DS_HERE);
    int64_t ret = offset;
    {
        KFUNC(__x64_sys_lseek);
        File* f = fdget(fd);
        if (!f) {
            ret = -EBADF_;
        } else if (offset < 0) {
            ret = -EINVAL_;
        } else if (f->pos != offset) {
            emit(EventKind::FilePos, ObjKind::File, f->id, static_cast<int32_t>(f->pos), static_cast<int32_t>(offset), 0,
                 DS_HERE);
            f->pos = offset;
            // dcache_dir_lseek also moves the cursor to just after the offset-th positive child
            if (f->cursor && offset >= 2) {
                Dentry* d = scan_positives(f->cursor, nullptr, static_cast<int>(offset - 2), nullptr);
                if (d) listMoveTail(f->cursor, d->nextSibling);
                dput(d);
            }
        }
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t Kernel::sys_close(int fd, SyscallRecord& rec) {
    const SymId name = DS_SYM("close");
    rec.name = "close";
    rec.args = std::to_string(fd);
    syscallEnter(name, fd, rec, DS_HERE);
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_close);
        TaskState* t = current();
        auto it = t->fds.find(fd);
        if (it == t->fds.end()) {
            ret = -EBADF_;
        } else {
            File* f = it->second;
            t->fds.erase(it);
            fput(f);
        }
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t Kernel::sys_stat(std::string_view path, SyscallRecord& rec) {
    const SymId name = DS_SYM("newfstatat");
    rec.name = "stat";
    rec.args = quoted(path);
    syscallEnter(name, -1, rec, DS_HERE);
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_newfstatat);
        KFUNC(vfs_statx);
        Path p;
        ret = path_lookupat(path, p);
        if (ret == 0) {
            Inode* inode = p.dentry->inode;
            rec.stat = StatResult{inode->ino, inode->mode, inode->nlink};
            dput(p.dentry);  // path_put
        }
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t Kernel::sys_fstat(int fd, SyscallRecord& rec) {
    const SymId name = DS_SYM("fstat");
    rec.name = "fstat";
    rec.args = std::to_string(fd);
    syscallEnter(name, fd, rec, DS_HERE);
    int64_t ret = 0;
    {
        KFUNC(__x64_sys_newfstat);
        File* f = fdget(fd);
        if (!f) {
            ret = -EBADF_;
        } else if (Inode* inode = f->dentry->inode;
                   inode && checkAlive(inode->life, ObjKind::Inode, inode->id, "vfs_getattr", DS_HERE)) {
            rec.stat = StatResult{inode->ino, inode->mode, inode->nlink};
        }
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t Kernel::sys_ls(std::string_view path, bool recursive, SyscallRecord& rec) {
    rec.name = recursive ? "ls -R" : "ls";
    rec.args = std::string(path);
    // ls has no events of its own: it spans from its first open's enter to its last exit.
    rec.enterSeq = nextSeq();
    // Depth first in name order, like ls -R: a stack, with each directory's children pushed
    // in reverse. Names are read from the getdents64 records (a deque: they do not move).
    std::vector<std::string> stack{std::string(path)};
    const auto self = static_cast<TaskId>(currentTask() < 0 ? kNoTask : currentTask());
    int64_t worst = 0;
    std::vector<std::string_view> names, subdirs;
    while (!stack.empty()) {
        const std::string dir = std::move(stack.back());
        stack.pop_back();
        SyscallRecord openRec;
        const int64_t fd = sys_open(dir, openRec);
        rec.exitSeq = openRec.exitSeq;
        openRec.task = self;
        records_.push_back(std::move(openRec));
        if (fd < 0) {
            rec.lines.push_back("ls: cannot open directory '" + dir + "': error " + std::to_string(-fd));
            worst = fd;
            continue;
        }
        names.clear();
        subdirs.clear();
        for (;;) {
            SyscallRecord g;
            const int64_t n = sys_getdents64(static_cast<int>(fd), 32768, g);
            g.task = self;
            rec.exitSeq = g.exitSeq;
            records_.push_back(std::move(g));
            for (const DirEntry& e : records_.back().entries) {
                if (e.name == "." || e.name == "..") continue;
                names.push_back(e.name);
                if (e.type == DT_DIR_) subdirs.push_back(e.name);
            }
            if (n <= 0) {
                if (n < 0) worst = n;
                break;
            }
        }
        SyscallRecord c;
        sys_close(static_cast<int>(fd), c);
        c.task = self;
        rec.exitSeq = c.exitSeq;
        records_.push_back(std::move(c));
        std::sort(names.begin(), names.end());
        std::sort(subdirs.begin(), subdirs.end());
        if (recursive) rec.lines.push_back(dir + ":");
        std::string line;
        size_t width = 0;
        for (std::string_view n : names) width += n.size() + 2;
        line.reserve(width);
        for (std::string_view n : names) {
            if (!line.empty()) line += "  ";
            line += n;
        }
        rec.lines.push_back(std::move(line));
        if (recursive)
            for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) {
                std::string& child = stack.emplace_back();
                child.reserve(dir.size() + 1 + it->size());
                child.append(dir).append(1, '/').append(*it);
            }
    }
    rec.ret = worst;
    return worst;
}

int64_t Kernel::sys_remove(std::string_view path, SyscallRecord& rec) {
    const SymId name = DS_SYM("eventfs_remove_dir");
    rec.name = "remove";
    rec.args = std::string(path);
    syscallEnter(name, -1, rec, DS_HERE);
    std::string rel(path);
    if (rel.starts_with("/sys/kernel/tracing/")) rel.erase(0, 20);
    EventfsInode* ei = findEventfs(rel);
    int64_t ret = 0;
    if (!ei || ei->isEvents || ei->isFreed) ret = -ENOENT_;
    else design_.removeDir(*this, ei);
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t Kernel::sys_add(std::string_view path, SyscallRecord& rec) {
    const SymId name = DS_SYM("eventfs_create_dir");
    rec.name = "add";
    rec.args = std::string(path);
    syscallEnter(name, -1, rec, DS_HERE);
    std::string rel(path);
    if (rel.starts_with("/sys/kernel/tracing/")) rel.erase(0, 20);
    const size_t slash = rel.rfind('/');
    int64_t ret = 0;
    EventfsInode* parent = slash == std::string::npos ? nullptr : findEventfs(rel.substr(0, slash));
    const std::string leaf = slash == std::string::npos ? rel : rel.substr(slash + 1);
    if (!parent || parent->isFreed) {
        ret = -ENOENT_;
    } else if (findEventfs(rel)) {
        ret = -EEXIST_;
    } else {
        EventfsInode* ei = design_.addDir(*this, parent, intern(leaf));
        if (!ei) ret = -EEXIST_;
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t Kernel::sys_drop_caches(SyscallRecord& rec) {
    const SymId name = DS_SYM("drop_caches");
    rec.name = "drop_caches";
    rec.args = "2";
    syscallEnter(name, -1, rec, DS_HERE);
    {
        KFUNC(drop_caches_sysctl_handler);
        prune_dcache_sb();
    }
    rec.ret = 0;
    syscallExit(name, 0, rec, DS_HERE);
    return 0;
}

int64_t Kernel::sys_dentry_state(SyscallRecord& rec) {
    const SymId name = DS_SYM("dentry_state");
    rec.name = "dentry_state";
    syscallEnter(name, -1, rec, DS_HERE);
    rec.counters = counters_;
    rec.ret = 0;
    syscallExit(name, 0, rec, DS_HERE);
    return 0;
}

}  // namespace ds
