// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/event.h"

namespace ds {

std::string_view eventKindName(EventKind k) {
    switch (k) {
    case EventKind::SyscallEnter:
        return "syscall_enter";
    case EventKind::SyscallExit:
        return "syscall_exit";
    case EventKind::FuncEnter:
        return "func_enter";
    case EventKind::FuncExit:
        return "func_exit";
    case EventKind::Alloc:
        return "alloc";
    case EventKind::Free:
        return "free";
    case EventKind::Get:
        return "get";
    case EventKind::Put:
        return "put";
    case EventKind::Hash:
        return "hash";
    case EventKind::Unhash:
        return "unhash";
    case EventKind::LruAdd:
        return "lru_add";
    case EventKind::LruDel:
        return "lru_del";
    case EventKind::InLookup:
        return "in_lookup";
    case EventKind::LinkChild:
        return "link_child";
    case EventKind::UnlinkChild:
        return "unlink_child";
    case EventKind::Instantiate:
        return "instantiate";
    case EventKind::Add:
        return "d_add";
    case EventKind::Revalidate:
        return "revalidate";
    case EventKind::SetFsdata:
        return "set_fsdata";
    case EventKind::Nlink:
        return "nlink";
    case EventKind::SetFlag:
        return "set_flag";
    case EventKind::LockAcquire:
        return "lock_acquire";
    case EventKind::LockRelease:
        return "lock_release";
    case EventKind::LockBlock:
        return "lock_block";
    case EventKind::Wait:
        return "wait";
    case EventKind::Wake:
        return "wake";
    case EventKind::FilePos:
        return "file_pos";
    case EventKind::DirEmit:
        return "dir_emit";
    case EventKind::DirSkip:
        return "dir_skip";
    case EventKind::CursorMove:
        return "cursor_move";
    case EventKind::Report:
        return "report";
    case EventKind::TaskExit:
        return "task_exit";
    case EventKind::DDelete:
        return "d_delete";
    case EventKind::DropInode:
        return "drop_inode";
    case EventKind::DestroyInode:
        return "destroy_inode";
    case EventKind::MarkDead:
        return "mark_dead";
    case EventKind::ShrinkList:
        return "shrink_list";
    case EventKind::DentryOpen:
        return "dentry_open";
    case EventKind::Getattr:
        return "getattr";
    case EventKind::Count_:
        break;
    }
    return "?";
}

std::string_view objKindName(ObjKind k) {
    switch (k) {
    case ObjKind::None:
        return "none";
    case ObjKind::Dentry:
        return "dentry";
    case ObjKind::Inode:
        return "inode";
    case ObjKind::File:
        return "file";
    case ObjKind::Eventfs:
        return "eventfs_inode";
    case ObjKind::Dlist:
        return "dlist";
    case ObjKind::Lock:
        return "lock";
    case ObjKind::Super:
        return "super_block";
    case ObjKind::Task:
        return "task";
    }
    return "?";
}

std::string_view flagName(Flag f) {
    switch (f) {
    case Flag::Killed:
        return "killed";
    case Flag::Dead:
        return "S_DEAD";
    case Flag::Freed:
        return "is_freed";
    case Flag::CursorOnList:
        return "cursor_on_list";
    }
    return "?";
}

std::string_view dirSkipWhyName(DirSkipWhy w) {
    switch (w) {
    case DirSkipWhy::Hidden:
        return "hidden";
    case DirSkipWhy::Removed:
        return "removed";
    }
    return "?";
}

} // namespace ds
