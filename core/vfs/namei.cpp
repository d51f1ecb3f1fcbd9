// fs/namei.c: the path walk (lookup_fast, lookup_slow, __lookup_slow) and lookup_one_len.
#include "vfs/namei.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/inode.h"

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

// A walk takes a reference on each component and drops the previous one (ref-walk).
int path_lookupat(Vfs& vfs, std::string_view path, Path& out) {
    KFUNC(link_path_walk);
    const std::optional<std::string_view> below = belowMount(path);
    if (!below) return -ENOENT_;
    std::string_view rest = *below;
    Dentry* cur = dget(vfs.root());
    for (std::string_view part = nextComponent(rest); !part.empty(); part = nextComponent(rest)) {
        KFUNC(walk_component);
        if (!can_lookup(cur->inode)) {
            dput(cur);
            return -ENOTDIR_;
        }
        Dentry* next = nullptr;
        int err = 0;
        if (part == "..") {
            next = dget(cur->isRoot() ? cur : cur->parent);
        } else {
            const SymId name = intern(part);
            next = lookup_fast(cur, name, err);
            if (!next && !err) next = lookup_slow(cur, name, err);
        }
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
    }
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
