// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/system.h"

#include "tracefs/design.h"
#include "tracefs/eventfs.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/syscalls.h"

#include <algorithm>
#include <string>
#include <vector>

namespace ds {

System::System(const Design& design, const tracefs::Layout& layout) {
    vfs_.setVersion(design.vfs); // the VFS of the design's era, before the mount
    tracefs_ = tracefs_fill_super(vfs_, design, layout);
    machine_.setExitHook([this](int task) { exit_files(vfs_, task); });
}

System::~System() = default;

int64_t System::sys_open(std::string_view path, SyscallRecord& rec) {
    return ds::sys_open(vfs_, path, rec);
}
int64_t System::sys_getdents64(int fd, int64_t count, SyscallRecord& rec) {
    return ds::sys_getdents64(vfs_, fd, count, rec);
}
int64_t System::sys_lseek(int fd, int64_t offset, SyscallRecord& rec) {
    return ds::sys_lseek(vfs_, fd, offset, rec);
}
int64_t System::sys_close(int fd, SyscallRecord& rec) {
    return ds::sys_close(vfs_, fd, rec);
}
int64_t System::sys_stat(std::string_view path, SyscallRecord& rec) {
    return ds::sys_stat(vfs_, path, rec);
}
int64_t System::sys_fstat(int fd, SyscallRecord& rec) {
    return ds::sys_fstat(vfs_, fd, rec);
}
int64_t System::sys_remove(std::string_view path, SyscallRecord& rec) {
    return sys_eventfs_remove(*tracefs_, path, rec);
}
int64_t System::sys_add(std::string_view path, SyscallRecord& rec) {
    return sys_eventfs_add(*tracefs_, path, rec);
}
int64_t System::sys_drop_caches(SyscallRecord& rec) {
    return ds::sys_drop_caches(vfs_, rec);
}
int64_t System::sys_dentry_state(SyscallRecord& rec) {
    return ds::sys_dentry_state(vfs_, rec);
}

void System::reportLeaks() {
    Machine::Scope running(machine_);
    reportLeakedDentries(vfs_);
}

EventfsInode* System::findEventfs(std::string_view relPath) {
    return ds::findEventfs(*tracefs_, relPath);
}

int64_t System::ls(std::string_view path, bool recursive, SyscallRecord& rec) {
    rec.name = recursive ? "ls -R" : "ls";
    rec.args = std::string(path);
    // ls has no events of its own: it spans from its first open's enter to its last exit.
    rec.enterSeq = machine_.nextSeq();
    // Depth first in name order, like ls -R: a stack, with each directory's children pushed
    // in reverse. Names are read from the getdents64 records (a deque: they do not move).
    std::vector<std::string> stack{std::string(path)};
    const TaskId self = machine_.currentTaskId();
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
            rec.lines.push_back("ls: cannot open directory '" + dir + "': error " +
                                std::to_string(-fd));
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
        for (std::string_view n : names)
            width += n.size() + 2;
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

} // namespace ds
