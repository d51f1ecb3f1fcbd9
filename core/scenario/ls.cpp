// SPDX-License-Identifier: GPL-2.0-or-later
// The `ls` helper: GNU ls is user space, so it is written here as the syscalls it makes, the
// way a real 6.12 kernel traced them (../shared/data/real-6.12, S1 and S2):
//   ls DIR     statx(DIR), openat(DIR), getdents64 until it returns 0, close
//   ls -R DIR  the same, then for every subdirectory, depth first in sorted order: openat by its
//              full path, getdents64 until 0, close (d_type says which entries are directories)
//   ls -l DIR  as ls DIR, and after each getdents64 a statx of every entry it returned, in
//              directory order (ls stats each name as readdir hands it over, before sorting)
// A name that is not a directory is listed after its statx without being opened.
#include "scenario/system.h"

#include "trace/uapi.h"

#include <algorithm>

namespace ds {

namespace {
std::string joinNames(const std::vector<std::string_view>& names) {
    std::string line;
    for (std::string_view n : names) {
        if (!line.empty()) line += "  ";
        line += n;
    }
    return line;
}

// "drwxr-xr-x" from st_mode.
std::string modeString(uint32_t mode) {
    std::string s = isDirMode(mode) ? "d" : "-";
    static constexpr char kRwx[] = "rwx";
    for (int bit = 8; bit >= 0; --bit)
        s += (mode >> bit) & 1 ? kRwx[(8 - bit) % 3] : '-';
    return s;
}
} // namespace

int64_t System::ls(std::string_view path, LsMode mode, SyscallRecord& rec) {
    rec.name = mode == LsMode::Recursive ? "ls -R" : mode == LsMode::Long ? "ls -l" : "ls";
    rec.args = std::string(path);
    // ls has no events of its own: it spans from its first syscall's enter to its last exit.
    rec.enterSeq = machine_.nextSeq();
    const TaskId self = machine_.currentTaskId();
    auto keep = [&](SyscallRecord&& r) -> const SyscallRecord& {
        r.task = self;
        rec.exitSeq = r.exitSeq;
        records_.push_back(std::move(r));
        return records_.back(); // a deque: the record (and the names in it) never move
    };
    {
        SyscallRecord st;
        const int64_t err = sys_statx(path, st);
        const SyscallRecord& kept = keep(std::move(st));
        if (err < 0) {
            rec.lines.push_back("ls: cannot access '" + std::string(path) +
                                "': " + std::string(errnoDescription(static_cast<int>(-err))));
            rec.ret = err;
            return err;
        }
        if (kept.stat && !isDirMode(kept.stat->mode)) {
            rec.lines.push_back(mode == LsMode::Long
                                    ? modeString(kept.stat->mode) + " " +
                                          std::to_string(kept.stat->nlink) + " " + std::string(path)
                                    : std::string(path));
            rec.ret = 0;
            return 0;
        }
    }
    // Depth first in name order, like ls -R: a stack, with each directory's children pushed
    // in reverse.
    std::vector<std::string> stack{std::string(path)};
    int64_t worst = 0;
    std::vector<std::string_view> names, subdirs;
    std::vector<std::string> longLines;
    while (!stack.empty()) {
        const std::string dir = std::move(stack.back());
        stack.pop_back();
        SyscallRecord openRec;
        const int64_t fd = sys_open(dir, openRec);
        keep(std::move(openRec));
        if (fd < 0) {
            rec.lines.push_back("ls: cannot open directory '" + dir +
                                "': " + std::string(errnoDescription(static_cast<int>(-fd))));
            worst = fd;
            continue;
        }
        names.clear();
        subdirs.clear();
        longLines.clear();
        for (;;) {
            SyscallRecord g;
            const int64_t n = sys_getdents64(static_cast<int>(fd), 32768, g);
            const SyscallRecord& batch = keep(std::move(g));
            for (const DirEntry& e : batch.entries) {
                if (e.name == "." || e.name == "..") continue;
                names.push_back(e.name);
                if (e.type == DT_DIR_) subdirs.push_back(e.name);
                if (mode != LsMode::Long) continue;
                SyscallRecord st;
                const std::string full = dir + "/" + e.name;
                const int64_t err = sys_statx(full, st);
                const SyscallRecord& kept = keep(std::move(st));
                if (err < 0 || !kept.stat)
                    longLines.push_back("ls: cannot access '" + full + "'");
                else
                    longLines.push_back(modeString(kept.stat->mode) + " " +
                                        std::to_string(kept.stat->nlink) + " " + e.name);
            }
            if (n <= 0) {
                if (n < 0) worst = n;
                break;
            }
        }
        SyscallRecord c;
        sys_close(static_cast<int>(fd), c);
        keep(std::move(c));
        std::sort(names.begin(), names.end());
        std::sort(subdirs.begin(), subdirs.end());
        if (mode == LsMode::Recursive) rec.lines.push_back(dir + ":");
        if (mode == LsMode::Long) {
            // sorted by name, as ls prints them (the name ends each line)
            std::sort(longLines.begin(), longLines.end(), [](const auto& a, const auto& b) {
                return a.substr(a.rfind(' ') + 1) < b.substr(b.rfind(' ') + 1);
            });
            rec.lines.insert(rec.lines.end(), longLines.begin(), longLines.end());
        } else {
            rec.lines.push_back(joinNames(names));
        }
        if (mode == LsMode::Recursive)
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
