// SPDX-License-Identifier: GPL-2.0-or-later
// fs/tracefs/event_inode.c's data: struct eventfs_inode and its tree, the kref every design
// after v6.8 keeps on it, and the entry points a module load or unload calls
// (eventfs_create_dir, eventfs_remove_dir). The VFS never sees these: they hang off d_fsdata
// and i_private.
#pragma once

#include "sim/lifetime.h"
#include "trace/event.h"
#include "trace/run.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ds {

struct Dentry;
struct Tracefs;
struct EventfsFile;

// One entry of an eventfs directory's static file table (ei->entries[]).
struct EventfsEntry {
    SymId name = 0;
    uint16_t mode = 0;
    bool skip = false; // the callback returns 0: the file is hidden
};

// struct eventfs_inode, superset of the fields every design uses.
struct EventfsInode {
    ObjId id = 0;
    SymId name = 0;
    EventfsInode* parent = nullptr;
    std::vector<EventfsInode*> children; // ei->children, list_add_tail order
    std::vector<EventfsEntry> entries;   // ei->entries
    uint16_t mode = 0755;
    bool isFreed = false;           // ei->is_freed
    bool isEvents = false;          // the top "events" ei
    int kref = 0;                   // v6.8: kref
    uint64_t ino = 0;               // v6.8: eventfs_dir_ino(), 0 until first asked
    Dentry* dentry = nullptr;       // v6.6-v6.7: ei->dentry (no reference)
    std::vector<Dentry*> dChildren; // v6.6-v6.7: d_children[] (no references)
    int layoutDir = -1;             // index into the tree layout
    // v6.6-rc1: ei->e_top_files, the directory's files and dirs in the order they were added,
    // and the directory's own eventfs_file (null for events).
    std::vector<EventfsFile*> topFiles;
    EventfsFile* ef = nullptr;
    Lifetime life;
};

// v6.6-rc1's struct eventfs_file: one per eventfs file and directory, on its parent's
// e_top_files. A directory's ef and its ef->ei are one object in the event stream (same id).
struct EventfsFile {
    ObjId id = 0;
    SymId name = 0;
    uint16_t mode = 0;
    EventfsInode* ei = nullptr;     // ef->ei: directories only
    EventfsInode* parent = nullptr; // whose e_top_files holds it
    Dentry* dentry = nullptr;       // ef->dentry (no reference)
    Dentry* dParent = nullptr;      // ef->d_parent
    Lifetime life;                  // files only (a directory's is its ei's)
};

// alloc_ei: kref 1 (its existence reference), linked at the tail of parent's children. Where
// the design has no eventfs (v6.5) the object is kept but its Alloc and Free are not emitted.
EventfsInode* alloc_ei(Tracefs& fs, SymId name, EventfsInode* parent);
// The memory goes (kfree / kfree_rcu); once only.
void free_ei(Tracefs& fs, EventfsInode* ei);
void kref_get(EventfsInode* ei);
bool kref_put(EventfsInode* ei); // true when it dropped to zero
// "events/sched": the ei's path below the tracefs root.
std::string eventfsPath(const EventfsInode* ei);
// A live eventfs directory by its path below the tracefs root, or null.
EventfsInode* findEventfs(Tracefs& fs, std::string_view relPath);
// Builds the eventfs_inode tree of the layout (every eventfs design's boot:
// eventfs_create_events_dir).
EventfsInode* buildEventfsTree(Tracefs& fs);
// The same tree without the function's frame: v6.5's table of event directories (its
// trace_subsystem_dir and trace_event_file structures, which the engine does not trace).
EventfsInode* buildEventTable(Tracefs& fs);
// Every ei of the subtree, breadth first, `ei` first.
std::vector<EventfsInode*> eventfsSubtree(EventfsInode* ei);

// What module unload, instance rmdir or a dynamic-event delete does: remove the eventfs
// directory at `path` (-ENOENT when there is none).
int64_t sys_eventfs_remove(Tracefs& fs, std::string_view path, SyscallRecord& rec);
// What registering an event does: add an event directory with the standard event files.
int64_t sys_eventfs_add(Tracefs& fs, std::string_view path, SyscallRecord& rec);

} // namespace ds
