// SPDX-License-Identifier: GPL-2.0-or-later
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
        ctx.file = f->id;
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
    return filldir64(ctx, name, ctx.pos, ino, type);
}

// filldir64: records are ALIGN(19 + namelen + 1, 8) bytes; each new record stores its own
// position in the previous record's d_off; a record that does not fit sets -EINVAL.
// The DirEmit event is what an strace of the call cannot show: where each record goes.
bool filldir64(DirContext& ctx, SymId nameSym, int64_t offset, uint64_t ino, uint8_t type) {
    const std::string_view name = symbol(nameSym);
    const int64_t reclen = dirent64Reclen(name.size());
    const bool fits = reclen <= ctx.count;
    emit(EventKind::DirEmit, ObjKind::File, ctx.file, static_cast<int32_t>(offset),
         static_cast<int32_t>(ctx.written), nameSym, DS_HERE,
         static_cast<uint8_t>(type | (fits ? 0 : kDirEmitNoRoom)));
    if (!fits) {
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

void dir_skip(const DirContext& ctx, SymId name, DirSkipWhy why) {
    emit(EventKind::DirSkip, ObjKind::File, ctx.file, static_cast<int32_t>(ctx.pos), 0, name,
         DS_HERE, static_cast<uint8_t>(why));
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
