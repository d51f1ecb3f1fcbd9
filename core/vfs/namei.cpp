// SPDX-License-Identifier: GPL-2.0-or-later
// fs/namei.c: the path walk (lookup_fast, lookup_slow, __lookup_slow) and lookup_one_len.
#include "vfs/namei.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/inode.h"

#include <vector>

namespace ds {

std::optional<std::string_view> belowMount(std::string_view path) {
    if (path.starts_with('/')) {
        if (!path.starts_with(kTracefsMount)) return std::nullopt;
        path.remove_prefix(kTracefsMount.size());
        if (!path.empty() && path[0] != '/') return std::nullopt;
    }
    return path;
}

namespace {

// The next component of `rest` ("." skipped), consuming it; empty at the end.
std::string_view nextComponent(std::string_view& rest) {
    for (;;) {
        while (rest.starts_with('/'))
            rest.remove_prefix(1);
        if (rest.empty()) return {};
        const size_t slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
        if (part != ".") return part;
    }
}

// d_can_lookup: a directory whose inode has ->lookup.
bool can_lookup(const Inode* inode) {
    return inode && isDirMode(inode->mode) && inode->i_op && inode->i_op->lookup;
}

// A cached dentry that ->d_revalidate accepts, or null after d_invalidate and dput of one it
// rejects.
Dentry* revalidated(Dentry* d) {
    if (d_revalidate(d) > 0) return d;
    d_invalidate(d);
    dput(d);
    return nullptr;
}

// The filesystem's ->lookup of an in-lookup dentry; d_lookup_done ends the in-lookup state,
// and a dentry ->lookup returned instead replaces `d`.
Dentry* lookup_in_fs(Inode* dir, Dentry* d) {
    Dentry* res = dir->i_op->lookup(dir, d);
    d_lookup_done(d);
    if (!res) return d;
    dput(d);
    return res;
}
} // namespace

namespace {

// The components of `path` below the mount, "." dropped; nullopt when it is not below it.
std::optional<std::vector<std::string_view>> components(std::string_view path) {
    const std::optional<std::string_view> below = belowMount(path);
    if (!below) return std::nullopt;
    std::string_view rest = *below;
    std::vector<std::string_view> parts;
    for (std::string_view part = nextComponent(rest); !part.empty(); part = nextComponent(rest))
        parts.push_back(part);
    return parts;
}

// Moves the walk from `cur` to `next`: a positive dentry replaces the current one (ref-walk:
// the new reference is taken, the old one dropped); anything else ends the walk with an error.
int step_into(Dentry*& cur, Dentry* next, int err) {
    if (err || !next) {
        dput(cur);
        return err ? err : -ENOENT_;
    }
    if (!next->inode) { // a negative dentry
        dput(next);
        dput(cur);
        return -ENOENT_;
    }
    dput(cur);
    cur = next;
    return 0;
}

// What every component gets before its lookup: the current dentry must be a directory with
// ->lookup, and ".." steps to the parent (handle_dots). True when that settled the step, with
// `err` saying how.
bool walk_prelude(Dentry*& cur, std::string_view part, int& err) {
    if (!can_lookup(cur->inode)) {
        dput(cur);
        err = -ENOTDIR_;
        return true;
    }
    if (part != "..") return false;
    err = step_into(cur, dget(cur->isRoot() ? cur : cur->parent), 0);
    return true;
}

// walk_component: one component through the dcache (lookup_fast) or the filesystem
// (lookup_slow).
int walk_component(Dentry*& cur, std::string_view part) {
    KFUNC(walk_component);
    int err = 0;
    if (walk_prelude(cur, part, err)) return err;
    const SymId name = intern(part);
    Dentry* next = lookup_fast(cur, name, err);
    if (!next && !err) next = lookup_slow(cur, name, err);
    return step_into(cur, next, err);
}

// link_path_walk: every component but the last.
int link_path_walk(Dentry*& cur, const std::vector<std::string_view>& parts) {
    KFUNC(link_path_walk);
    for (size_t i = 0; i + 1 < parts.size(); ++i)
        if (const int err = walk_component(cur, parts[i])) return err;
    return 0;
}

// lookup_open (without O_CREAT): the dcache again, then d_alloc_parallel and ->lookup, under
// the directory's i_rwsem held shared by the caller.
Dentry* lookup_open(Dentry* dir, SymId name, int& err) {
    KFUNC(lookup_open);
    err = 0;
    Dentry* d = d_lookup(dir, name);
    for (;;) {
        if (!d) d = d_alloc_parallel(dir, name);
        if (d->inLookup) break;
        if ((d = revalidated(d))) return d;
    }
    return lookup_in_fs(dir->inode, d);
}

// open_last_lookups: the last component of an open: the dcache first, then lookup_open.
int open_last_lookups(Dentry*& cur, std::string_view part) {
    KFUNC(open_last_lookups);
    int err = 0;
    if (walk_prelude(cur, part, err)) return err;
    const SymId name = intern(part);
    Dentry* next = lookup_fast(cur, name, err);
    if (!next && !err) {
        Inode* dir = cur->inode;
        inode_lock_shared(dir);
        next = lookup_open(cur, name, err);
        inode_unlock_shared(dir);
    }
    return step_into(cur, next, err);
}

} // namespace

namespace {
// link_path_walk, then `last` for the last component; on success `out` holds the walk's
// reference on the final dentry.
int walk_path(Vfs& vfs, std::string_view path, Path& out, int (*last)(Dentry*&, std::string_view)) {
    const auto parts = components(path);
    if (!parts) return -ENOENT_;
    Dentry* cur = dget(vfs.root());
    if (const int err = link_path_walk(cur, *parts)) return err;
    if (!parts->empty())
        if (const int err = last(cur, parts->back())) return err;
    out.dentry = cur;
    return 0;
}
} // namespace

// path_lookupat: link_path_walk, then the last component (lookup_last -> walk_component).
int path_lookupat(Vfs& vfs, std::string_view path, Path& out) {
    KFUNC(path_lookupat);
    return walk_path(vfs, path, out, walk_component);
}

int path_lookupat(Dentry* base, std::string_view relative, Path& out) {
    KFUNC(path_lookupat);
    std::vector<std::string_view> parts;
    for (std::string_view part = nextComponent(relative); !part.empty();
         part = nextComponent(relative))
        parts.push_back(part);
    Dentry* cur = dget(base); // path_init: the dfd's path, referenced for the walk
    if (const int err = link_path_walk(cur, parts)) return err;
    if (!parts.empty())
        if (const int err = walk_component(cur, parts.back())) return err;
    out.dentry = cur;
    return 0;
}

// The walk of path_openat: link_path_walk, then open_last_lookups for the last component.
int open_walk(Vfs& vfs, std::string_view path, Path& out) {
    return walk_path(vfs, path, out, open_last_lookups);
}

// lookup_fast: a hashed dentry from the dcache, checked by ->d_revalidate.
Dentry* lookup_fast(Dentry* parent, SymId name, int& err) {
    KFUNC(lookup_fast);
    err = 0;
    Dentry* d = d_lookup(parent, name);
    return d ? revalidated(d) : nullptr;
}

// lookup_slow: the directory's i_rwsem is taken shared, so lookups of different names in one
// directory run in parallel; d_alloc_parallel serialises lookups of the same name. No frame of
// its own: the compiler inlines it into walk_component (a real 6.12 stack goes walk_component ->
// __lookup_slow).
Dentry* lookup_slow(Dentry* parent, SymId name, int& err) {
    Inode* dir = parent->inode;
    inode_lock_shared(dir);
    Dentry* d = __lookup_slow(parent, name, err);
    inode_unlock_shared(dir);
    return d;
}

Dentry* __lookup_slow(Dentry* parent, SymId name, int& err) {
    KFUNC(__lookup_slow);
    err = 0;
    Inode* dir = parent->inode;
    if (dir->dead) { // IS_DEADDIR
        err = -ENOENT_;
        return nullptr;
    }
    for (;;) {
        Dentry* d = d_alloc_parallel(parent, name);
        if (d->inLookup) return lookup_in_fs(dir, d);
        if ((d = revalidated(d))) return d;
    }
}

Dentry* lookup_dcache(SymId name, Dentry* base, int& err) {
    KFUNC(lookup_dcache);
    err = 0;
    Dentry* d = d_lookup(base, name);
    return d ? revalidated(d) : nullptr;
}

// lookup_one_len: for filesystems; the caller holds the directory lock (shared is enough).
Dentry* lookup_one_len(SymId name, Dentry* base, int& err) {
    KFUNC(lookup_one_len);
    if (!inode_is_locked(base->inode))
        warn("lookup_one_len", "WARNING: lookup_one_len() without the directory lock held",
             "directory '" + std::string(symbol(base->name)) + "' is not locked\n", ObjKind::Dentry,
             base->id, DS_HERE);
    Dentry* d = lookup_dcache(name, base, err);
    if (d || err) return d;
    return __lookup_slow(base, name, err);
}

} // namespace ds
