// fs/readdir.c: iterate_dir and filldir64.
#include "vfs/readdir.h"

#include "sim/machine.h"
#include "vfs/inode.h"

namespace ds {

// iterate_dir: i_rwsem shared, then ->iterate_shared unless the directory is dead.
int iterate_dir(File* f, DirContext& ctx) {
    KFUNC(iterate_dir);
    if (!f->f_op || !f->f_op->iterate_shared) return -ENOTDIR_;
    Inode* inode = f->dentry->inode;
    inode_lock_shared(inode);
    int res = -ENOENT_;
    if (!inode->dead) {
        ctx.pos = f->pos;
        res = f->f_op->iterate_shared(f, ctx);
        if (f->pos != ctx.pos) {
            emit(EventKind::FilePos, ObjKind::File, f->id, static_cast<int32_t>(f->pos),
                 static_cast<int32_t>(ctx.pos), 0, DS_HERE);
            f->pos = ctx.pos;
        }
    }
    inode_unlock_shared(inode);
    return res;
}

bool dir_emit(DirContext& ctx, SymId name, uint64_t ino, uint8_t type) {
    return filldir64(ctx, symbol(name), ctx.pos, ino, type);
}

// filldir64: records are ALIGN(19 + namelen + 1, 8) bytes; each new record stores its own
// position in the previous record's d_off; a record that does not fit sets -EINVAL.
bool filldir64(DirContext& ctx, std::string_view name, int64_t offset, uint64_t ino, uint8_t type) {
    const int64_t reclen = (19 + static_cast<int64_t>(name.size()) + 1 + 7) & ~int64_t(7);
    if (reclen > ctx.count) {
        ctx.error = -EINVAL_;
        return false;
    }
    if (ctx.out && !ctx.out->empty() && ctx.written > 0) ctx.out->back().off = offset;
    if (ctx.out && ctx.out->capacity() == 0)
        ctx.out->reserve(16); // an event dir's dots and files fit
    if (ctx.out)
        ctx.out->push_back(
            DirEntry{ino, 0, static_cast<uint16_t>(reclen), type, std::string(name)});
    ctx.count -= reclen;
    ctx.written += reclen;
    return true;
}

bool dir_emit_dots(File* f, DirContext& ctx) {
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

} // namespace ds
