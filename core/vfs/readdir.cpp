// fs/readdir.c and the directory parts of fs/libfs.c: iterate_dir, filldir64, dcache_readdir
// with its cursor, and simple_recursive_removal.
#include "sim/kernel.h"
#include "tracefs/design.h"

namespace ds {

namespace {
bool isEventfsDir(const Kernel& k, const Inode* inode) { return inode->priv && !k.design().isStatic(); }
uint8_t dtype(const Inode* inode) { return isDirMode(inode->mode) ? DT_DIR_ : DT_REG_; }
}  // namespace

// iterate_dir: i_rwsem shared, then ->iterate_shared unless the directory is dead.
int Kernel::iterate_dir(File* f, DirContext& ctx) {
    KFUNC(iterate_dir);
    Inode* inode = f->dentry->inode;
    inode_lock_shared(inode);
    int res = -ENOENT_;
    if (!inode->dead) {
        ctx.pos = f->pos;
        res = isEventfsDir(*this, inode) ? design_.iterate(*this, f, ctx) : dcache_readdir(f, ctx);
        if (f->pos != ctx.pos) {
            emit(EventKind::FilePos, ObjKind::File, f->id, static_cast<int32_t>(f->pos), static_cast<int32_t>(ctx.pos),
                 0, DS_HERE);
            f->pos = ctx.pos;
        }
    }
    inode_unlock_shared(inode);
    return res;
}

bool Kernel::dir_emit(DirContext& ctx, SymId name, uint64_t ino, uint8_t type) {
    return filldir64(ctx, symbol(name), ctx.pos, ino, type);
}

// filldir64: records are ALIGN(19 + namelen + 1, 8) bytes; each new record stores its own
// position in the previous record's d_off; a record that does not fit sets -EINVAL.
bool Kernel::filldir64(DirContext& ctx, std::string_view name, int64_t offset, uint64_t ino, uint8_t type) {
    const int64_t reclen = (19 + static_cast<int64_t>(name.size()) + 1 + 7) & ~int64_t(7);
    if (reclen > ctx.count) {
        ctx.error = -EINVAL_;
        return false;
    }
    if (ctx.out && !ctx.out->empty() && ctx.written > 0) ctx.out->back().off = offset;
    if (ctx.out && ctx.out->capacity() == 0) ctx.out->reserve(16);  // an event dir's dots and files fit
    if (ctx.out) ctx.out->push_back(DirEntry{ino, 0, static_cast<uint16_t>(reclen), type, std::string(name)});
    ctx.count -= reclen;
    ctx.written += reclen;
    return true;
}

bool Kernel::dir_emit_dots(File* f, DirContext& ctx) {
    if (ctx.pos == 0) {
        if (!dir_emit(ctx, DS_SYM("."), f->dentry->inode->ino, DT_DIR_)) return false;
        ctx.pos = 1;
    }
    if (ctx.pos == 1) {
        Dentry* parent = f->dentry->isRoot() ? f->dentry : f->dentry->parent;
        const uint64_t ino = parent->inode ? parent->inode->ino : 0;
        if (!dir_emit(ctx, DS_SYM(".."), ino, DT_DIR_)) return false;
        ctx.pos = 2;
    }
    return true;
}

// scan_positives: from after `p` (or the head when p is null), skip cursors and dentries that
// are negative or unhashed, and return the count-th positive one with a reference; drops `last`.
Dentry* Kernel::scan_positives(Dentry* cursor, Dentry* p, int count, Dentry* last) {
    KFUNC(scan_positives);
    Dentry* d = p ? p->nextSibling : cursor->parent->firstChild;
    Dentry* found = nullptr;
    for (; d; d = d->nextSibling) {
        if (d->cursor || !d->inode || !d->hashed) continue;
        if (--count == 0) {
            found = dget(d);
            break;
        }
    }
    dput(last);
    return found;
}

int Kernel::dcache_readdir(File* f, DirContext& ctx) {
    KFUNC(dcache_readdir);
    Dentry* cursor = f->cursor;
    if (!dir_emit_dots(f, ctx)) return 0;
    Dentry* p = nullptr;
    if (ctx.pos == 2) p = nullptr;
    else if (cursor->onParentList) p = cursor;
    else return 0;
    Dentry* next = nullptr;
    while ((next = scan_positives(cursor, p, 1, next)) != nullptr) {
        if (!dir_emit(ctx, next->name, next->inode->ino, dtype(next->inode))) break;
        ++ctx.pos;
        p = next;
    }
    if (next) {
        listMoveTail(cursor, next);
    } else if (cursor->onParentList) {
        // list_del_init: at the end of the list the cursor leaves it
        Dentry* parent = cursor->parent;
        if (cursor->prevSibling) cursor->prevSibling->nextSibling = cursor->nextSibling;
        else parent->firstChild = cursor->nextSibling;
        if (cursor->nextSibling) cursor->nextSibling->prevSibling = cursor->prevSibling;
        cursor->prevSibling = cursor->nextSibling = nullptr;
        cursor->onParentList = false;
        emit(EventKind::SetFlag, ObjKind::Dentry, cursor->id, static_cast<int32_t>(Flag::CursorOnList), 0, 0,
             DS_HERE);
    }
    dput(next);
    return 0;
}

int Kernel::dcache_dir_open(Inode*, File* f) {
    KFUNC(dcache_dir_open);
    f->cursor = d_alloc_cursor(f->dentry);
    return 0;
}

int Kernel::dcache_dir_close(Inode*, File* f) {
    KFUNC(dcache_dir_close);
    dput(f->cursor);
    f->cursor = nullptr;
    return 0;
}

namespace {
// find_next_child: the next positive, hashed child after `prev` with a reference; drops prev.
Dentry* find_next_child(Kernel& k, Dentry* parent, Dentry* prev) {
    KFUNC_K(k, find_next_child);
    Dentry* d = prev ? prev->nextSibling : parent->firstChild;
    Dentry* child = nullptr;
    for (; d; d = d->nextSibling) {
        if (!d->cursor && d->inode && d->hashed) {
            child = k.dget(d);
            break;
        }
    }
    k.dput(prev);
    return child;
}
}  // namespace

// simple_recursive_removal: depth first; each victim is invalidated and unpinned (the dput of
// the reference the filesystem holds on it); every directory inode gets S_DEAD.
void Kernel::simple_recursive_removal(Dentry* dentry) {
    KFUNC(simple_recursive_removal);
    Dentry* self = dget(dentry);
    for (;;) {
        Dentry* victim = nullptr;
        Dentry* child = nullptr;
        Inode* inode = self->inode;
        inode_lock(inode);
        if (isDirMode(inode->mode)) set_dead(inode);
        while ((child = find_next_child(*this, self, victim)) == nullptr) {
            clear_nlink(inode);
            inode_unlock(inode);
            victim = self;
            self = self->parent;
            inode = self->inode;
            inode_lock(inode);
            if (victim->inode && victim->hashed) {
                d_invalidate(victim);
                dput(victim);  // unpin it
            }
            if (victim == dentry) {
                if (isDirMode(dentry->inode ? dentry->inode->mode : 0)) set_nlink(inode, inode->nlink - 1);
                inode_unlock(inode);
                dput(dentry);
                return;
            }
        }
        inode_unlock(inode);
        self = child;
    }
}

}  // namespace ds
