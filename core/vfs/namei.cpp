// fs/namei.c: the path walk (lookup_fast, lookup_slow, __lookup_slow) and lookup_one_len.
#include "sim/kernel.h"
#include "tracefs/design.h"

#include <optional>

namespace ds {

namespace {
constexpr std::string_view kMount = "/sys/kernel/tracing";

// The part of a path below the tracefs mount ("events/sched"), or nullopt when the path is
// outside it. Relative paths are taken relative to the mount.
std::optional<std::string_view> belowMount(std::string_view path) {
    if (path.starts_with('/')) {
        if (!path.starts_with(kMount)) return std::nullopt;
        path.remove_prefix(kMount.size());
        if (!path.empty() && path[0] != '/') return std::nullopt;
    }
    return path;
}

// The next component of `rest` ("." skipped), consuming it; empty at the end.
std::string_view nextComponent(std::string_view& rest) {
    for (;;) {
        while (rest.starts_with('/')) rest.remove_prefix(1);
        if (rest.empty()) return {};
        const size_t slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
        if (part != ".") return part;
    }
}

// inode_operations.lookup: eventfs directories use the design's, the others simple_lookup.
Dentry* dirLookup(Kernel& k, Inode* dir, Dentry* d) {
    if (dir->priv && !k.design().isStatic()) return k.design().lookup(k, dir, d);
    KFUNC_K(k, simple_lookup);
    k.d_add(d, nullptr);  // a negative, hashed dentry
    return nullptr;
}
}  // namespace

// A walk takes a reference on each component and drops the previous one (ref-walk).
int Kernel::path_lookupat(std::string_view path, Path& out) {
    KFUNC(link_path_walk);
    const std::optional<std::string_view> below = belowMount(path);
    if (!below) return -ENOENT_;
    std::string_view rest = *below;
    Dentry* cur = dget(root_);
    for (std::string_view part = nextComponent(rest); !part.empty(); part = nextComponent(rest)) {
        KFUNC(walk_component);
        if (!cur->inode || !isDirMode(cur->inode->mode)) {
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
        if (!next->inode) {  // a negative dentry
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
Dentry* Kernel::lookup_fast(Dentry* parent, SymId name, int& err) {
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
Dentry* Kernel::lookup_slow(Dentry* parent, SymId name, int& err) {
    KFUNC(lookup_slow);
    Inode* dir = parent->inode;
    inode_lock_shared(dir);
    Dentry* d = __lookup_slow(parent, name, err);
    inode_unlock_shared(dir);
    return d;
}

Dentry* Kernel::__lookup_slow(Dentry* parent, SymId name, int& err) {
    KFUNC(__lookup_slow);
    err = 0;
    Inode* dir = parent->inode;
    if (dir->dead) {  // IS_DEADDIR
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
        Dentry* old = dirLookup(*this, dir, d);
        d_lookup_done(d);
        if (old) {
            dput(d);
            d = old;
        }
        return d;
    }
}

Dentry* Kernel::lookup_dcache(SymId name, Dentry* base, int& err) {
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
Dentry* Kernel::lookup_one_len(SymId name, Dentry* base, int& err) {
    KFUNC(lookup_one_len);
    if (!inode_is_locked(base->inode))
        warn("lookup_one_len", "WARNING: lookup_one_len() without the directory lock held",
             "directory '" + std::string(symbol(base->name)) + "' is not locked\n", ObjKind::Dentry, base->id,
             DS_HERE);
    Dentry* d = lookup_dcache(name, base, err);
    if (d || err) return d;
    return __lookup_slow(base, name, err);
}

}  // namespace ds
