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

// walk_component: one component through the dcache (lookup_fast) or the filesystem
// (lookup_slow).
int walk_component(Dentry*& cur, std::string_view part) {
    KFUNC(walk_component);
    if (!can_lookup(cur->inode)) {
        dput(cur);
        return -ENOTDIR_;
    }
    if (part == "..") return step_into(cur, dget(cur->isRoot() ? cur : cur->parent), 0);
    const SymId name = intern(part);
    int err = 0;
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
        if (d_revalidate(d) > 0) return d;
        d_invalidate(d);
        dput(d);
        d = nullptr;
    }
    Inode* inode = dir->inode;
    Dentry* res = inode->i_op->lookup(inode, d);
    d_lookup_done(d);
    if (res) {
        dput(d);
        d = res;
    }
    return d;
}

// open_last_lookups: the last component of an open: the dcache first, then lookup_open.
int open_last_lookups(Dentry*& cur, std::string_view part) {
    KFUNC(open_last_lookups);
    if (!can_lookup(cur->inode)) {
        dput(cur);
        return -ENOTDIR_;
    }
    if (part == "..") return step_into(cur, dget(cur->isRoot() ? cur : cur->parent), 0);
    const SymId name = intern(part);
    int err = 0;
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

// path_lookupat: link_path_walk, then the last component (lookup_last -> walk_component).
int path_lookupat(Vfs& vfs, std::string_view path, Path& out) {
    KFUNC(path_lookupat);
    const auto parts = components(path);
    if (!parts) return -ENOENT_;
    Dentry* cur = dget(vfs.root());
    if (const int err = link_path_walk(cur, *parts)) return err;
    if (!parts->empty())
        if (const int err = walk_component(cur, parts->back())) return err;
    out.dentry = cur;
    return 0;
}

// The walk of path_openat: link_path_walk, then open_last_lookups for the last component.
int open_walk(Vfs& vfs, std::string_view path, Path& out) {
    const auto parts = components(path);
    if (!parts) return -ENOENT_;
    Dentry* cur = dget(vfs.root());
    if (const int err = link_path_walk(cur, *parts)) return err;
    if (!parts->empty())
        if (const int err = open_last_lookups(cur, parts->back())) return err;
    out.dentry = cur;
    return 0;
}

// lookup_fast: a hashed dentry from the dcache, checked by ->d_revalidate.
Dentry* lookup_fast(Dentry* parent, SymId name, int& err) {
    KFUNC(lookup_fast);
    err = 0;
    Dentry* d = d_lookup(parent, name);
    if (!d) return nullptr;
    if (d_revalidate(d) <= 0) {
        d_invalidate(d);
        dput(d);
        return nullptr;
    }
    return d;
}

// lookup_slow: the directory's i_rwsem is taken shared, so lookups of different names in one
// directory run in parallel; d_alloc_parallel serialises lookups of the same name.
Dentry* lookup_slow(Dentry* parent, SymId name, int& err) {
    KFUNC(lookup_slow);
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
        if (!d->inLookup) {
            if (d_revalidate(d) <= 0) {
                d_invalidate(d);
                dput(d);
                continue;
            }
            return d;
        }
        Dentry* old = dir->i_op->lookup(dir, d);
        d_lookup_done(d);
        if (old) {
            dput(d);
            d = old;
        }
        return d;
    }
}

Dentry* lookup_dcache(SymId name, Dentry* base, int& err) {
    KFUNC(lookup_dcache);
    err = 0;
    Dentry* d = d_lookup(base, name);
    if (d && d_revalidate(d) <= 0) {
        d_invalidate(d);
        dput(d);
        d = nullptr;
    }
    return d;
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
