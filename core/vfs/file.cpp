// fs/file_table.c and fs/read_write.c: files and their position.
#include "vfs/file.h"

#include "sim/machine.h"
#include "vfs/dcache.h"

namespace ds {

File* alloc_file(Dentry* d) {
    File* f = &vfsOf(d).newFile();
    f->id = machine().newId();
    f->dentry = d;
    machine().stampAlloc(f->life);
    emit(EventKind::Alloc, ObjKind::File, f->id, static_cast<int32_t>(d->id), 0, 0, DS_HERE);
    return f;
}

// __fput: ->release, then the path reference goes.
void fput(File* f) {
    KFUNC(__fput);
    Inode* inode = f->dentry->inode;
    if (f->opened && inode && f->f_op && f->f_op->release) f->f_op->release(inode, f);
    dput(f->dentry);
    machine().stampFree(f->life);
    emit(EventKind::Free, ObjKind::File, f->id, 0, 0, 0, DS_HERE);
}

File* fdget(Vfs& vfs, int fd) {
    const int t = currentTask();
    if (t < 0) return nullptr;
    const FdTable& table = vfs.files(t);
    auto it = table.fds.find(fd);
    return it == table.fds.end() ? nullptr : it->second;
}

void set_file_pos(File* f, int64_t pos) {
    if (f->pos == pos) return;
    emit(EventKind::FilePos, ObjKind::File, f->id, static_cast<int32_t>(f->pos),
         static_cast<int32_t>(pos), 0, DS_HERE);
    f->pos = pos;
}

int64_t generic_file_llseek(File* f, int64_t offset) {
    if (offset < 0) return -EINVAL_;
    set_file_pos(f, offset);
    return offset;
}

} // namespace ds
