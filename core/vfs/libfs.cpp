// SPDX-License-Identifier: GPL-2.0-or-later
// fs/libfs.c: simple_lookup, dcache_readdir with its cursor, and simple_recursive_removal.
#include "vfs/libfs.h"

#include "sim/machine.h"
#include "vfs/dcache.h"
#include "vfs/file.h"
#include "vfs/inode.h"
#include "vfs/read_write.h"
#include "vfs/readdir.h"

namespace ds {

namespace {
uint8_t dtype(const Inode* inode) {
    return isDirMode(inode->mode) ? DT_DIR_ : DT_REG_;
}
} // namespace

// always_delete_dentry: a negative dentry of a filesystem without dentry operations is not kept
// once unused.
int always_delete_dentry(const Dentry*) {
    KFUNC(always_delete_dentry);
    return 1;
}

const dentry_operations simple_dentry_operations = {
    .d_delete = always_delete_dentry,
};

// simple_lookup: nothing here has that name: a negative, hashed dentry. A filesystem without
// s_d_op gets simple_dentry_operations on it, so it dies at its last dput.
Dentry* simple_lookup(Inode*, Dentry* d) {
    KFUNC(simple_lookup);
    if (!d->d_sb->s_d_op) d->d_op = &simple_dentry_operations;
    d_add(d, nullptr);
    return nullptr;
}

// scan_positives: from after `p` (or the head when p is null), skip cursors and dentries that
// are negative or unhashed, and return the count-th positive one with a reference; drops `last`.
Dentry* scan_positives(Dentry* cursor, Dentry* p, int count, Dentry* last) {
    KFUNC(scan_positives);
    noteAccess(childListKey(ObjKind::Dentry, cursor->parent->id), false);
    Dentry* d = p ? p->nextSibling : cursor->parent->firstChild;
    Dentry* found = nullptr;
    for (; d; d = d->nextSibling) {
        noteAccess(objectKey(ObjKind::Dentry, d->id), false); // positive? hashed?
        if (d->cursor || !d->inode || !d->hashed) continue;
        if (--count == 0) {
            found = dget(d);
            break;
        }
    }
    dput(last);
    return found;
}

int dcache_readdir(File* f, DirContext& ctx) {
    KFUNC(dcache_readdir);
    Dentry* cursor = f->cursor;
    if (!dir_emit_dots(f, ctx)) return 0;
    Dentry* p = nullptr;
    if (ctx.pos == 2)
        p = nullptr;
    else if (cursor->onParentList)
        p = cursor;
    else
        return 0;
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
        if (cursor->prevSibling)
            cursor->prevSibling->nextSibling = cursor->nextSibling;
        else
            parent->firstChild = cursor->nextSibling;
        if (cursor->nextSibling) cursor->nextSibling->prevSibling = cursor->prevSibling;
        cursor->prevSibling = cursor->nextSibling = nullptr;
        cursor->onParentList = false;
        emit(EventKind::SetFlag, ObjKind::Dentry, cursor->id,
             static_cast<int32_t>(Flag::CursorOnList), 0, 0, DS_HERE);
    }
    dput(next);
    return 0;
}

int dcache_dir_open(Inode*, File* f) {
    KFUNC(dcache_dir_open);
    f->cursor = d_alloc_cursor(f->dentry);
    return 0;
}

int dcache_dir_close(Inode*, File* f) {
    KFUNC(dcache_dir_close);
    dput(f->cursor);
    f->cursor = nullptr;
    return 0;
}

// dcache_dir_lseek: also moves the cursor to just after the offset-th positive child.
int64_t dcache_dir_lseek(File* f, int64_t offset) {
    if (offset < 0) return -EINVAL_;
    if (f->pos == offset) return offset;
    set_file_pos(f, offset);
    if (f->cursor && offset >= 2) {
        Dentry* d = scan_positives(f->cursor, nullptr, static_cast<int>(offset - 2), nullptr);
        if (d) listMoveTail(f->cursor, d->nextSibling);
        dput(d);
    }
    return offset;
}

namespace {
// find_next_child: the next positive, hashed child after `prev` with a reference; drops prev.
Dentry* find_next_child(Dentry* parent, Dentry* prev) {
    KFUNC(find_next_child);
    Dentry* d = prev ? prev->nextSibling : parent->firstChild;
    Dentry* child = nullptr;
    for (; d; d = d->nextSibling) {
        if (!d->cursor && d->inode && d->hashed) {
            child = dget(d);
            break;
        }
    }
    dput(prev);
    return child;
}
} // namespace

// simple_recursive_removal: depth first; each victim is invalidated and unpinned (the dput of
// the reference the filesystem holds on it); every directory inode gets S_DEAD.
void simple_recursive_removal(Dentry* dentry) {
    KFUNC(simple_recursive_removal);
    Dentry* self = dget(dentry);
    for (;;) {
        Dentry* victim = nullptr;
        Dentry* child = nullptr;
        Inode* inode = self->inode;
        inode_lock(inode);
        if (isDirMode(inode->mode)) set_dead(inode);
        while ((child = find_next_child(self, victim)) == nullptr) {
            clear_nlink(inode);
            inode_unlock(inode);
            victim = self;
            self = self->parent;
            inode = self->inode;
            inode_lock(inode);
            if (victim->inode && victim->hashed) {
                d_invalidate(victim);
                dput(victim); // unpin it
            }
            if (victim == dentry) {
                if (isDirMode(dentry->inode ? dentry->inode->mode : 0))
                    set_nlink(inode, inode->nlink - 1);
                inode_unlock(inode);
                dput(dentry);
                return;
            }
        }
        inode_unlock(inode);
        self = child;
    }
}

const inode_operations simple_dir_inode_operations = {
    .lookup = simple_lookup,
};

const file_operations simple_dir_operations = {
    .open = dcache_dir_open,
    .iterate_shared = dcache_readdir,
    .read = generic_read_dir,
    .llseek = dcache_dir_lseek,
    .release = dcache_dir_close,
};

} // namespace ds
