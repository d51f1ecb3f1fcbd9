// SPDX-License-Identifier: GPL-2.0-or-later
#include "explain/kernel_source.h"

#include <array>
#include <utility>

namespace ds::explain {

namespace {

using Entry = std::pair<std::string_view, std::string_view>; // function, file

constexpr std::array kFiles{
    // fs/dcache.c
    Entry{"__dentry_kill", "fs/dcache.c"},
    Entry{"d_add", "fs/dcache.c"},
    Entry{"d_alloc", "fs/dcache.c"},
    Entry{"d_alloc_cursor", "fs/dcache.c"},
    Entry{"d_alloc_parallel", "fs/dcache.c"},
    Entry{"d_instantiate", "fs/dcache.c"},
    Entry{"d_lookup", "fs/dcache.c"},
    Entry{"d_lookup_done", "include/linux/dcache.h"},
    Entry{"d_wait_lookup", "fs/dcache.c"},
    Entry{"d_invalidate", "fs/dcache.c"},
    Entry{"d_make_root", "fs/dcache.c"},
    Entry{"dput", "fs/dcache.c"},
    Entry{"prune_dcache_sb", "fs/dcache.c"},
    Entry{"shrink_dcache_parent", "fs/dcache.c"},
    Entry{"shrink_dentry_list", "fs/dcache.c"},
    // fs/namei.c
    Entry{"do_filp_open", "fs/namei.c"},
    Entry{"path_openat", "fs/namei.c"},
    Entry{"path_lookupat", "fs/namei.c"},
    Entry{"filename_lookup", "fs/namei.c"},
    Entry{"link_path_walk", "fs/namei.c"},
    Entry{"walk_component", "fs/namei.c"},
    Entry{"lookup_fast", "fs/namei.c"},
    Entry{"lookup_slow", "fs/namei.c"},
    Entry{"__lookup_slow", "fs/namei.c"},
    Entry{"lookup_open", "fs/namei.c"},
    Entry{"open_last_lookups", "fs/namei.c"},
    Entry{"do_open", "fs/namei.c"},
    Entry{"terminate_walk", "fs/namei.c"},
    Entry{"lookup_one_len", "fs/namei.c"},
    Entry{"lookup_dcache", "fs/namei.c"},
    // fs/open.c, fs/file_table.c, fs/stat.c, fs/readdir.c, fs/inode.c, fs/libfs.c
    Entry{"do_dentry_open", "fs/open.c"},
    Entry{"vfs_open", "fs/open.c"},
    Entry{"do_sys_openat2", "fs/open.c"},
    Entry{"__x64_sys_openat", "fs/open.c"},
    Entry{"__x64_sys_close", "fs/open.c"},
    Entry{"__fput", "fs/file_table.c"},
    Entry{"____fput", "fs/file_table.c"},
    Entry{"task_work_run", "kernel/task_work.c"},
    Entry{"exit_to_user_mode_loop", "kernel/entry/common.c"},
    Entry{"vfs_fstatat", "fs/stat.c"},
    Entry{"vfs_statx", "fs/stat.c"},
    Entry{"vfs_fstat", "fs/stat.c"},
    Entry{"__x64_sys_newfstatat", "fs/stat.c"},
    Entry{"__x64_sys_newfstat", "fs/stat.c"},
    Entry{"iterate_dir", "fs/readdir.c"},
    Entry{"__x64_sys_getdents64", "fs/readdir.c"},
    Entry{"filldir64", "fs/readdir.c"},
    Entry{"new_inode", "fs/inode.c"},
    Entry{"iput", "fs/inode.c"},
    Entry{"evict", "fs/inode.c"},
    Entry{"destroy_inode", "fs/inode.c"},
    Entry{"i_callback", "fs/inode.c"},
    Entry{"free_inode_nonrcu", "fs/inode.c"},
    Entry{"generic_delete_inode", "fs/inode.c"},
    Entry{"rcu_do_batch", "kernel/rcu/tree.c"},
    Entry{"tracefs_free_inode", "fs/tracefs/inode.c"},
    Entry{"vfs_getattr", "fs/stat.c"},
    Entry{"do_statx", "fs/stat.c"},
    Entry{"__x64_sys_statx", "fs/stat.c"},
    Entry{"__x64_sys_newlstat", "fs/stat.c"},
    Entry{"simple_lookup", "fs/libfs.c"},
    Entry{"dcache_readdir", "fs/libfs.c"},
    Entry{"dcache_dir_open", "fs/libfs.c"},
    Entry{"dcache_dir_close", "fs/libfs.c"},
    Entry{"dcache_dir_lseek", "fs/libfs.c"},
    Entry{"do_exit", "kernel/exit.c"},
    Entry{"exit_files", "fs/file.c"},
    Entry{"update_inode_attr", "fs/tracefs/event_inode.c"},
    Entry{"dcache_dir_open_wrapper", "fs/tracefs/event_inode.c"},
    Entry{"dcache_readdir_wrapper", "fs/tracefs/event_inode.c"},
    Entry{"unhook_dentry", "fs/tracefs/event_inode.c"},
    Entry{"__x64_sys_lseek", "fs/read_write.c"},
    Entry{"always_delete_dentry", "fs/libfs.c"},
    Entry{"find_next_child", "fs/libfs.c"},
    Entry{"scan_positives", "fs/libfs.c"},
    Entry{"simple_recursive_removal", "fs/libfs.c"},
    Entry{"event_trace_add_tracer", "kernel/trace/trace_events.c"},
    Entry{"create_event_toplevel_files", "kernel/trace/trace_events.c"}, // not event_inode.c's
    Entry{"event_create_dir", "kernel/trace/trace_events.c"},
    Entry{"trace_add_event_call", "kernel/trace/trace_events.c"},
    Entry{"trace_remove_event_call", "kernel/trace/trace_events.c"},
    Entry{"events_callback", "kernel/trace/trace_events.c"},
    Entry{"system_callback", "kernel/trace/trace_events.c"},
    Entry{"event_callback", "kernel/trace/trace_events.c"},
    Entry{"event_enable_read", "kernel/trace/trace_events.c"},
    Entry{"system_enable_read", "kernel/trace/trace_events.c"},
    Entry{"event_filter_read", "kernel/trace/trace_events.c"},
    Entry{"__x64_sys_read", "fs/read_write.c"},
    Entry{"ksys_read", "fs/read_write.c"},
    Entry{"vfs_read", "fs/read_write.c"},
    Entry{"generic_read_dir", "fs/libfs.c"},
    Entry{"simple_read_from_buffer", "fs/libfs.c"},
    Entry{"drop_caches_sysctl_handler", "fs/drop_caches.c"},
    // tracefs: the superblock, its inodes and dentry operations live in inode.c
    Entry{"eventfs_start_creating", "fs/tracefs/inode.c"},
    Entry{"eventfs_end_creating", "fs/tracefs/inode.c"},
    Entry{"eventfs_failed_creating", "fs/tracefs/inode.c"},
};

// The frames the robot's report of the linux-next crash decoded (its tree, 6.7.0-rc2 with the
// eventfs patches of linux-next 493ec81a8fb8): the function, the call it was making, the line.
struct RobotLine {
    std::string_view function, callee;
    int line;
};
constexpr std::array kRobotLines{
    RobotLine{"d_instantiate", "", 2031}, // the BUG_ON on d_u.d_alias (§3.4; the only BUG there)
    RobotLine{"eventfs_start_creating", "lookup_one_len", 536},
    RobotLine{"lookup_one_len", "__lookup_slow", 2746},
    RobotLine{"__lookup_slow", "eventfs_root_lookup", 1694}, // the ->lookup call
    RobotLine{"iterate_dir", "eventfs_iterate", 106},        // the ->iterate_shared call
    RobotLine{"eventfs_iterate", "create_dir_dentry", 701},
};
constexpr std::string_view kRobotDesign = "next-20240104";

} // namespace

KernelSource kernelSource(std::string_view function, std::string_view callee,
                          std::string_view design) {
    KernelSource out;
    out.function = function;
    for (const auto& [fn, file] : kFiles)
        if (fn == function) out.file = file;
    if (out.file.empty()) {
        if (function.starts_with("eventfs_") || function.starts_with("create_") ||
            function.starts_with("lookup_dir_entry") || function.starts_with("lookup_file") ||
            function == "put_ei" || function == "release_ei" || function == "free_ei")
            out.file = "fs/tracefs/event_inode.c";
        else if (function.starts_with("tracefs_"))
            out.file = "fs/tracefs/inode.c";
    }
    if (design == kRobotDesign)
        for (const RobotLine& r : kRobotLines)
            if (r.function == function && r.callee == callee) out.line = r.line;
    return out;
}

std::string kernelSourceText(std::string_view function, std::string_view callee,
                             std::string_view design) {
    const KernelSource k = kernelSource(function, callee, design);
    if (k.file.empty()) return {};
    std::string out(k.file);
    if (k.line) out += ":" + std::to_string(k.line);
    return out + " " + std::string(k.function);
}

} // namespace ds::explain
