// SPDX-License-Identifier: GPL-2.0-or-later
// fs/tracefs/event_inode.c, what every design shares: the eventfs_inode tree, its kref, and
// the entry points of module load and unload.
#include "tracefs/eventfs.h"

#include "sim/machine.h"
#include "tracefs/design.h"
#include "tracefs/tracefs.h"
#include "vfs/namei.h"

#include <algorithm>

namespace ds {

EventfsInode* alloc_ei(Tracefs& fs, SymId name, EventfsInode* parent) {
    EventfsInode* ei = &fs.eventfsInodes.emplace_back();
    ei->id = machine().newId();
    ei->name = name;
    ei->parent = parent;
    ei->kref = 1; // alloc_ei: the existence reference
    machine().stampAlloc(ei->life);
    if (fs.design.eventfs.exists)
        emit(EventKind::Alloc, ObjKind::Eventfs, ei->id,
             static_cast<int32_t>(parent ? parent->id : 0), 0, name, DS_HERE);
    if (parent) parent->children.push_back(ei);
    if (fs.byPathBuilt) fs.byPath[eventfsPath(ei)] = ei;
    return ei;
}

void free_ei(Tracefs& fs, EventfsInode* ei) {
    if (ei->life.freed) return;
    machine().stampFree(ei->life);
    // the path may name a newer ei already (removed, added again, and this one freed late)
    if (fs.byPathBuilt) {
        const auto it = fs.byPath.find(eventfsPath(ei));
        if (it != fs.byPath.end() && it->second == ei) fs.byPath.erase(it);
    }
    if (fs.design.eventfs.exists) emit(EventKind::Free, ObjKind::Eventfs, ei->id, 0, 0, 0, DS_HERE);
}

void kref_get(EventfsInode* ei) {
    checkAlive(ei->life, ObjKind::Eventfs, ei->id, "get_ei", DS_HERE);
    const int before = ei->kref++;
    emit(EventKind::Get, ObjKind::Eventfs, ei->id, before, ei->kref, 0, DS_HERE);
}

bool kref_put(EventfsInode* ei) {
    if (!checkAlive(ei->life, ObjKind::Eventfs, ei->id, "put_ei", DS_HERE)) return false;
    const int before = ei->kref;
    if (before <= 0) {
        warn("kref_put", "refcount_t: underflow; use-after-free.",
             "eventfs_inode '" + std::string(symbol(ei->name)) + "'\n", ObjKind::Eventfs, ei->id,
             DS_HERE);
        return false;
    }
    --ei->kref;
    emit(EventKind::Put, ObjKind::Eventfs, ei->id, before, ei->kref, 0, DS_HERE);
    return ei->kref == 0;
}

std::string eventfsPath(const EventfsInode* ei) {
    std::string path;
    for (const EventfsInode* e = ei; e; e = e->parent)
        path = std::string(symbol(e->name)) + (path.empty() ? "" : "/") + path;
    return path;
}

EventfsInode* findEventfs(Tracefs& fs, std::string_view relPath) {
    while (relPath.ends_with('/'))
        relPath.remove_suffix(1);
    if (!fs.byPathBuilt) {
        for (EventfsInode& ei :
             fs.eventfsInodes) // in creation order: a newer one with the same path wins
            if (!ei.life.freed) fs.byPath[eventfsPath(&ei)] = &ei;
        fs.byPathBuilt = true;
    }
    auto it = fs.byPath.find(std::string(relPath));
    return it == fs.byPath.end() ? nullptr : it->second;
}

std::vector<EventfsInode*> eventfsSubtree(EventfsInode* ei) {
    std::vector<EventfsInode*> subtree{ei};
    for (size_t i = 0; i < subtree.size(); ++i)
        for (EventfsInode* c : subtree[i]->children)
            subtree.push_back(c);
    return subtree;
}

// The eventfs_inode tree is built when events register (boot): one ei per directory, each
// with its static file table (entries) and its child directories in list order.
EventfsInode* buildEventfsTree(Tracefs& fs) {
    KFUNC(eventfs_create_events_dir);
    return buildEventTable(fs);
}

EventfsInode* buildEventTable(Tracefs& fs) {
    const tracefs::Layout& lay = fs.layout();
    std::vector<EventfsInode*> byDir(lay.dirs.size(), nullptr);
    for (size_t i = 0; i < lay.dirs.size(); ++i) {
        const tracefs::LayoutDir& dir = lay.dirs[i];
        EventfsInode* parent = dir.parent >= 0 ? byDir[dir.parent] : nullptr;
        EventfsInode* ei = alloc_ei(fs, dir.sym ? dir.sym : intern(dir.name), parent);
        ei->mode = dir.mode;
        ei->layoutDir = static_cast<int>(i);
        ei->isEvents = dir.parent < 0;
        const auto sym = [](const tracefs::LayoutFile& f) {
            return f.sym ? f.sym : intern(f.name);
        };
        if (dir.depth == 2) {
            // An event directory's entries are the kernel's event_entries table; a file the
            // layout does not list was hidden by event_callback (e.g. enable/filter/trigger
            // of the ftrace events) and still takes its slot in getdents64's positions.
            const std::vector<tracefs::LayoutFile>& table = tracefs::standardEventFiles();
            ei->entries.reserve(table.size());
            for (const tracefs::LayoutFile& t : table) {
                auto it =
                    std::find_if(dir.files.begin(), dir.files.end(),
                                 [&](const tracefs::LayoutFile& f) { return f.name == t.name; });
                ei->entries.push_back(it == dir.files.end()
                                          ? EventfsEntry{sym(t), t.mode, true}
                                          : EventfsEntry{sym(*it), it->mode, false});
            }
            for (const tracefs::LayoutFile& f :
                 dir.files) // files beyond the table, in layout order
                if (std::none_of(table.begin(), table.end(),
                                 [&](const tracefs::LayoutFile& t) { return t.name == f.name; }))
                    ei->entries.push_back(EventfsEntry{sym(f), f.mode, false});
        } else {
            ei->entries.reserve(dir.files.size());
            for (const tracefs::LayoutFile& f : dir.files)
                ei->entries.push_back(EventfsEntry{sym(f), f.mode, false});
        }
        ei->dChildren.assign(ei->entries.size(), nullptr);
        byDir[i] = ei;
    }
    return byDir.empty() ? nullptr : byDir[0];
}

namespace {
// "events/sched" for "/sys/kernel/tracing/events/sched" (and for "events/sched").
std::string relativePath(std::string_view path) {
    const std::optional<std::string_view> below = belowMount(path);
    std::string rel(below ? *below : path);
    while (rel.starts_with('/'))
        rel.erase(0, 1);
    return rel;
}
} // namespace

int64_t sys_eventfs_remove(Tracefs& fs, std::string_view path, SyscallRecord& rec) {
    const SymId name = intern(fs.design.removeEntry);
    rec.name = "remove";
    rec.args = std::string(path);
    syscallEnter(name, -1, rec, DS_HERE);
    EventfsInode* ei = findEventfs(fs, relativePath(path));
    int64_t ret = 0;
    if (!ei || ei->isEvents || ei->isFreed)
        ret = -ENOENT_;
    else
        fs.design.removeDir(fs, ei);
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

int64_t sys_eventfs_add(Tracefs& fs, std::string_view path, SyscallRecord& rec) {
    const SymId name = intern(fs.design.addEntry);
    rec.name = "add";
    rec.args = std::string(path);
    syscallEnter(name, -1, rec, DS_HERE);
    const std::string rel = relativePath(path);
    const size_t slash = rel.rfind('/');
    int64_t ret = 0;
    EventfsInode* parent =
        slash == std::string::npos ? nullptr : findEventfs(fs, rel.substr(0, slash));
    const std::string leaf = slash == std::string::npos ? rel : rel.substr(slash + 1);
    if (!parent || parent->isFreed) {
        ret = -ENOENT_;
    } else if (const EventfsInode* old = findEventfs(fs, rel); old && !old->isFreed) {
        ret = -EEXIST_; // a removed one that still lives (an open dentry) does not count
    } else {
        EventfsInode* ei = fs.design.addDir(fs, parent, intern(leaf));
        if (!ei) ret = -EEXIST_;
    }
    rec.ret = ret;
    syscallExit(name, ret, rec, DS_HERE);
    return ret;
}

} // namespace ds
