// SPDX-License-Identifier: GPL-2.0-or-later
// The probes `dentryscope-cli record` installs: fprobe events (`f:GROUP/NAME FUNC[%return] ARGS`)
// with BTF-typed arguments, the set that recorded tests/data/real-6.12 on Debian's 6.12 kernel
// (its probe_definitions.txt, group `rk` there; tst_cli_real compares them through
// `record --dry-run`) and that tests/qemu records with again on that kernel. `mag` is the
// s_magic of the dentry's or inode's filesystem: record filters every probe that has it.
#pragma once

namespace ds::app::probes {

// "NAME FUNC[%return] ARGS", without the "f:GROUP/" prefix.
inline constexpr const char* kFprobes[] = {
    "d_alloc __d_alloc%return d=$retval:x64 n=$retval->d_name.name:string "
    "cnt=$retval->d_lockref.count fl=$retval->d_flags:x32 mag=$retval->d_sb->s_magic:x32",
    "d_alloc_parallel d_alloc_parallel%return d=$retval:x64 n=$retval->d_name.name:string "
    "par=$retval->d_parent->d_name.name:string cnt=$retval->d_lockref.count "
    "fl=$retval->d_flags:x32 mag=$retval->d_sb->s_magic:x32",
    "ev_lookup eventfs_root_lookup d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32 dir=dir:x64 flags=flags:x32",
    "ev_lookup_ret eventfs_root_lookup%return ret=$retval:x64",
    "ev_get_inode_ret eventfs_get_inode%return inode=$retval:x64",
    "tr_alloc_inode_ret tracefs_alloc_inode%return inode=$retval:x64",
    "d_add d_add d=entry:x64 n=entry->d_name.name:string "
    "par=entry->d_parent->d_name.name:string cnt=entry->d_lockref.count fl=entry->d_flags:x32 "
    "fs=entry->d_fsdata:x64 inode=inode:x64 ino_nr=inode->i_ino mode=inode->i_mode:x16 "
    "icnt=inode->i_count.counter mag=entry->d_sb->s_magic:x32",
    "d_instantiate d_instantiate d=entry:x64 n=entry->d_name.name:string "
    "par=entry->d_parent->d_name.name:string cnt=entry->d_lockref.count inode=inode:x64 "
    "mag=entry->d_sb->s_magic:x32",
    "revalidate tracefs_d_revalidate d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32 flags=flags:x32",
    "dput dput d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32",
    "d_delete tracefs_d_delete d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32",
    "d_delete_ret tracefs_d_delete%return ret=$retval",
    "d_lru_add d_lru_add d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32",
    "d_lru_del d_lru_del d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32",
    "dentry_kill __dentry_kill d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32",
    "d_release tracefs_d_release d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32",
    "ev_d_release eventfs_d_release d=dentry:x64 n=dentry->d_name.name:string "
    "par=dentry->d_parent->d_name.name:string cnt=dentry->d_lockref.count "
    "fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 ino=dentry->d_inode:x64 "
    "mag=dentry->d_sb->s_magic:x32",
    "dentry_free dentry_free d=dentry:x64 n=dentry->d_name.name:string "
    "cnt=dentry->d_lockref.count fl=dentry->d_flags:x32 mag=dentry->d_sb->s_magic:x32",
    "iput iput inode=inode:x64 ino_nr=inode->i_ino icnt=inode->i_count.counter "
    "nlink=inode->__i_nlink st=inode->i_state:x32 mag=inode->i_sb->s_magic:x32",
    "drop_inode tracefs_drop_inode inode=inode:x64 ino_nr=inode->i_ino "
    "icnt=inode->i_count.counter nlink=inode->__i_nlink st=inode->i_state:x32 "
    "mag=inode->i_sb->s_magic:x32",
    "drop_inode_ret tracefs_drop_inode%return ret=$retval",
    "evict evict inode=inode:x64 ino_nr=inode->i_ino icnt=inode->i_count.counter "
    "nlink=inode->__i_nlink st=inode->i_state:x32 mag=inode->i_sb->s_magic:x32",
    "destroy_inode tracefs_destroy_inode inode=inode:x64 ino_nr=inode->i_ino",
    "free_inode tracefs_free_inode inode=inode:x64 ino_nr=inode->i_ino",
    "ev_iterate eventfs_iterate d=file->f_path.dentry:x64 "
    "n=file->f_path.dentry->d_name.name:string cnt=file->f_path.dentry->d_lockref.count "
    "pos=ctx->pos",
    "ev_iterate_ret eventfs_iterate%return ret=$retval",
    "dentry_open do_dentry_open d=f->f_path.dentry:x64 n=f->f_path.dentry->d_name.name:string "
    "cnt=f->f_path.dentry->d_lockref.count inode=f->f_inode:x64 "
    "mag=f->f_path.dentry->d_sb->s_magic:x32",
    "getattr vfs_getattr d=path->dentry:x64 n=path->dentry->d_name.name:string "
    "cnt=path->dentry->d_lockref.count mag=path->dentry->d_sb->s_magic:x32",
    "release_ei release_ei ref=ref:x64",
    "prune_dcache_sb prune_dcache_sb sb=sb:x64 mag=sb->s_magic:x32",
    "shrink_dentry_list shrink_dentry_list list=list:x64",
    "getname getname_flags%return path=$retval->name:string",
    "getname2 getname%return path=$retval->name:string",
};

// Syscall events enabled in both directions (sys_enter_*, sys_exit_*), where the kernel has them.
inline constexpr const char* kSyscalls[] = {"openat", "getdents64", "close",  "newfstatat", "statx",
                                            "fstat",  "access",     "statfs", "write"};

} // namespace ds::app::probes
