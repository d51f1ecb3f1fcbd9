// The simulated machine: one tracefs super block, its objects, the tasks and their file
// tables, the event log and the checker. VFS functions are members named as in the kernel
// and defined in core/vfs/*.cpp; filesystem behaviour comes from the Design (core/tracefs).
#pragma once

#include "trace/report.h"
#include "sim/scheduler.h"
#include "trace/event.h"
#include "trace/event_log.h"
#include "trace/run.h"
#include "trace/symbols.h"
#include "vfs/objects.h"

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ds {

class Design;
namespace tracefs { struct Layout; }

// The per-task view the engine keeps: its name, file table and kernel call stack.
struct TaskState {
    std::string name;
    std::map<int, File*> fds;
    int nextFd = 3;
    uint32_t stackNode = 0;      // its kernel call stack: a node of the call-stack trie
    bool dead = false;
};

class Kernel;

// Enters a kernel function for the function-graph events; exits on scope end unless the task
// is unwinding because it died (its stack then stays as the oops shows it).
class FuncScope {
public:
    FuncScope(Kernel& k, SymId fn, SrcId src);
    ~FuncScope();
    FuncScope(const FuncScope&) = delete;
    FuncScope& operator=(const FuncScope&) = delete;

private:
    Kernel& k_;
    SymId fn_;
    SrcId src_;
};

#define DS_CAT2(a, b) a##b
#define DS_CAT(a, b) DS_CAT2(a, b)
// KFUNC(name) inside a Kernel member; KFUNC_K(k, name) elsewhere.
#define KFUNC_K(k, fn) ::ds::FuncScope DS_CAT(ds_func_, __LINE__)((k), DS_SYM(#fn), DS_HERE)
#define KFUNC(fn) KFUNC_K(*this, fn)

class Kernel {
public:
    Kernel(const Design& design, const tracefs::Layout& layout);
    ~Kernel();
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    const Design& design() const { return design_; }
    const tracefs::Layout& layout() const { return *layout_; }
    tracefs::Layout& mutableLayout();  // copied on first change (add)

    // ---- events ----
    void emit(EventKind kind, ObjKind okind, ObjId obj, int32_t a, int32_t b, SymId sym, SrcId src) {
        const int t = currentTask();
        const Event e{static_cast<uint32_t>(events_.size()), kind, static_cast<TaskId>(t < 0 ? kNoTask : t), okind, 0,
                      obj, a, b, sym, src};
        events_.push_back(e);
        if (sched_ && t >= 0) sched_->afterEvent(e);
    }
    const EventLog& events() const { return events_; }
    EventLog takeEvents() {
        events_.shrinkToFit();
        return std::move(events_);
    }
    uint32_t nextSeq() const { return static_cast<uint32_t>(events_.size()); }

    // ---- tasks ----
    int addTask(std::string name);
    TaskState& task(int t) { return tasks_[t]; }
    const std::vector<TaskState>& tasks() const { return tasks_; }
    int currentTask() const { return sched_ ? sched_->current() : -1; }
    // Lock owner id of the running context: the task, or a boot owner outside tasks.
    TaskId lockOwner() const { const int t = currentTask(); return t < 0 ? TaskId(0xfe) : static_cast<TaskId>(t); }
    TaskState* current() { const int t = currentTask(); return t >= 0 ? &tasks_[t] : nullptr; }
    void setScheduler(Scheduler* s) { sched_ = s; }
    Scheduler* scheduler() { return sched_; }
    // True while the running task unwinds: it died (BUG) or the run is being torn down.
    bool unwinding() const {
        if (!sched_) return false;
        if (sched_->aborting()) return true;
        const int t = sched_->current();
        return t >= 0 && tasks_[t].dead;
    }
    // Call-stack trie: ids of stacks for reports.
    uint32_t currentStack() const;
    std::vector<SymId> stackFrames(uint32_t stackId) const;  // outermost first
    void pushFrame(SymId fn);
    void popFrame();

    // ---- checker ----
    const std::vector<Report>& reports() const { return reports_; }
    // BUG_ON(cond): raises an oops and kills the current task.
    void bugOn(bool cond, std::string_view function, std::string_view where, ObjKind okind, ObjId obj,
               std::string_view detail, SrcId src);
    void warn(std::string_view function, std::string headline, std::string detail, ObjKind okind,
              ObjId obj, SrcId src);
    // Use of a freed object: KASAN-style report (the access does not happen).
    bool checkAlive(const Lifetime& life, ObjKind okind, ObjId obj, std::string_view what, SrcId src);
    // At unmount: every live object and every reference still held, grouped by call site.
    void reportLeaks();
    void reportHang(const std::vector<int>& blockedTasks);
    std::string formatStack(uint32_t stackId, std::string_view indent = "  ") const;

    // ---- syscalls (core/vfs/syscalls.cpp) ----
    int64_t sys_open(std::string_view path, SyscallRecord& rec);
    int64_t sys_getdents64(int fd, int64_t count, SyscallRecord& rec);
    int64_t sys_lseek(int fd, int64_t offset, SyscallRecord& rec);
    int64_t sys_close(int fd, SyscallRecord& rec);
    int64_t sys_stat(std::string_view path, SyscallRecord& rec);
    int64_t sys_fstat(int fd, SyscallRecord& rec);
    int64_t sys_ls(std::string_view path, bool recursive, SyscallRecord& rec);
    int64_t sys_remove(std::string_view path, SyscallRecord& rec);
    int64_t sys_add(std::string_view path, SyscallRecord& rec);
    int64_t sys_drop_caches(SyscallRecord& rec);
    int64_t sys_dentry_state(SyscallRecord& rec);
    std::deque<SyscallRecord>& records() { return records_; }
    // Emit the syscall's enter/exit events and note their sequence numbers in `rec`.
    void syscallEnter(SymId name, int32_t a, SyscallRecord& rec, SrcId src);
    void syscallExit(SymId name, int64_t ret, SyscallRecord& rec, SrcId src);

    // ---- dcache (core/vfs/dcache.cpp) ----
    Dentry* __d_alloc(SymId name);
    Dentry* d_alloc(Dentry* parent, SymId name);
    Dentry* d_alloc_cursor(Dentry* parent);
    Dentry* d_alloc_parallel(Dentry* parent, SymId name);
    void d_lookup_done(Dentry* d);
    Dentry* d_lookup(Dentry* parent, SymId name);
    void d_instantiate(Dentry* d, Inode* inode);
    void d_add(Dentry* d, Inode* inode);
    Dentry* dget(Dentry* d);
    void dget_dlock_pin(Dentry* parent);  // the parent pin of d_alloc
    void dput(Dentry* d);
    void dropParentPin(Dentry* parent);
    void __dentry_kill(Dentry* d);
    void __d_drop(Dentry* d);
    void d_rehash(Dentry* d);
    void d_invalidate(Dentry* d);
    void shrink_dcache_parent(Dentry* d);
    void d_lru_add(Dentry* d);
    void d_lru_del(Dentry* d);
    int d_revalidate(Dentry* d);
    void prune_dcache_sb();   // drop_caches / shrinker: kill unused LRU dentries
    void d_set_fsdata(Dentry* d, EventfsInode* ei);
    // child list helpers
    void linkChild(Dentry* parent, Dentry* d);
    void unlinkChild(Dentry* d);
    void listMoveTail(Dentry* cursor, Dentry* before);  // list_move_tail(cursor, before)

    // ---- inodes (core/vfs/inode.cpp) ----
    Inode* new_inode(uint64_t ino, uint32_t mode);
    void iput(Inode* inode);
    void ihold(Inode* inode);
    void evict(Inode* inode);
    void set_nlink(Inode* inode, int nlink);
    void inc_nlink(Inode* inode);
    void clear_nlink(Inode* inode);
    uint64_t get_next_ino() { return nextIno_++; }
    void set_dead(Inode* inode);
    // i_rwsem
    void inode_lock(Inode* inode);
    void inode_unlock(Inode* inode);
    void inode_lock_shared(Inode* inode);
    void inode_unlock_shared(Inode* inode);
    bool inode_is_locked(Inode* inode) const;

    // ---- a global mutex (eventfs_mutex) ----
    struct Mutex {
        ObjId id = 0;
        SymId name = 0;
        TaskId owner = kNoTask;
    };
    Mutex& newMutex(std::string_view name);
    void mutex_lock(Mutex& m);
    void mutex_unlock(Mutex& m);

    // ---- namei (core/vfs/namei.cpp) ----
    struct Path {
        Dentry* dentry = nullptr;
    };
    // Walks `path` (absolute under /sys/kernel/tracing or relative to it); on success the
    // returned dentry carries a reference the caller must put. Returns -errno on failure.
    int path_lookupat(std::string_view path, Path& out);
    Dentry* lookup_fast(Dentry* parent, SymId name, int& err);
    Dentry* lookup_slow(Dentry* parent, SymId name, int& err);
    Dentry* __lookup_slow(Dentry* parent, SymId name, int& err);
    Dentry* lookup_one_len(SymId name, Dentry* base, int& err);
    Dentry* lookup_dcache(SymId name, Dentry* base, int& err);

    // ---- files and readdir (core/vfs/readdir.cpp, core/vfs/open.cpp) ----
    File* alloc_file(Dentry* d);
    void fput(File* f);
    File* fdget(int fd);
    struct DirContext {
        int64_t pos = 0;
        // filldir64 state
        int64_t count = 0;      // bytes left
        int64_t error = 0;
        std::vector<DirEntry>* out = nullptr;
        int64_t written = 0;
    };
    int iterate_dir(File* f, DirContext& ctx);
    bool dir_emit(DirContext& ctx, SymId name, uint64_t ino, uint8_t type);
    bool dir_emit_dots(File* f, DirContext& ctx);
    bool filldir64(DirContext& ctx, std::string_view name, int64_t offset, uint64_t ino, uint8_t type);
    int dcache_dir_open(Inode* inode, File* f);
    int dcache_dir_close(Inode* inode, File* f);
    int dcache_readdir(File* f, DirContext& ctx);
    Dentry* scan_positives(Dentry* cursor, Dentry* start, int count, Dentry* last);
    void simple_recursive_removal(Dentry* root);

    // ---- super block ----
    Dentry* root() const { return root_; }
    Dentry* eventsDentry() const { return events_dentry_; }
    void setEventsDentry(Dentry* d) { events_dentry_ = d; }
    DentryState dentryState() const { return counters_; }
    EventfsInode* newEventfsInode(SymId name, EventfsInode* parent);
    void freeEventfsInode(EventfsInode* ei);
    void kref_get(EventfsInode* ei);
    bool kref_put(EventfsInode* ei);  // true when it dropped to zero
    // Design-private hook: the eventfs root (events) ei.
    EventfsInode* eventsEi = nullptr;
    Mutex* eventfsMutex = nullptr;

    // Looks an eventfs directory up by its path relative to the tracefs root.
    EventfsInode* findEventfs(std::string_view relPath);
    std::string eventfsPath(const EventfsInode* ei) const;
    // Builds the eventfs_inode tree of the layout (every design's boot).
    EventfsInode* buildEventfsTree();

private:
    void mount();
    ObjId newId() { return ++lastId_; }
    void dputChain(Dentry* d, bool pin);
    void pushRef(Dentry* d);
    void popRef(Dentry* d);
    void wakeAll(ObjId obj, std::vector<TaskId>& waiters);
    void wakeWaiters(ObjId lock);

    const Design& design_;
    const tracefs::Layout* layout_;
    std::unique_ptr<tracefs::Layout> ownedLayout_;
    Scheduler* sched_ = nullptr;
    EventLog events_;
    std::vector<TaskState> tasks_;
    std::vector<Report> reports_;
    std::deque<SyscallRecord> records_;  // a deque: appending never moves the old records
    ObjId lastId_ = 0;
    uint64_t nextIno_ = 1000;
    DentryState counters_;

    // every object of the run, freed or not (ids are never reused); a deque never moves them
    std::deque<Dentry> dentries_;
    std::deque<Inode> inodes_;
    std::deque<File> files_;
    std::deque<EventfsInode> eventfs_;
    std::deque<Mutex> mutexes_;
    std::unordered_map<ObjId, std::vector<TaskId>> lockWaiters_;

    struct HashKey {
        ObjId parent;
        SymId name;
        bool operator==(const HashKey&) const = default;
    };
    struct HashKeyHash {
        size_t operator()(const HashKey& k) const { return (uint64_t(k.parent) << 32) ^ k.name; }
    };
    std::unordered_map<HashKey, Dentry*, HashKeyHash> dentryHash_;     // primary hash
    std::unordered_map<HashKey, Dentry*, HashKeyHash> inLookupHash_;   // d_alloc_parallel
    std::vector<Dentry*> lru_;  // in insertion order; entries may be stale (checked on use)

    Dentry* root_ = nullptr;
    Dentry* events_dentry_ = nullptr;
    // path -> live eventfs_inode, built on the first findEventfs (only add/remove need it)
    std::unordered_map<std::string, EventfsInode*> eventfsByPath_;
    bool eventfsPathsBuilt_ = false;

    // call-stack trie
    // call-stack trie; a node's children are a sibling list (a node has a handful of callees)
    struct StackNode {
        uint32_t parent;
        SymId fn;
        uint32_t firstChild = 0;
        uint32_t nextSibling = 0;
    };
    std::vector<StackNode> stackNodes_{{0, 0}};
    uint32_t bootStack_ = 0;  // call stack of work done outside tasks (mount)

    friend class FuncScope;
};

// Entering a function moves the task to the trie node (its stack, fn); children are found on a
// short sibling list and made on first use, so ids are deterministic.
inline void Kernel::pushFrame(SymId fn) {
    const int t = currentTask();
    uint32_t& node = t >= 0 ? tasks_[t].stackNode : bootStack_;
    uint32_t child = stackNodes_[node].firstChild;
    while (child && stackNodes_[child].fn != fn) child = stackNodes_[child].nextSibling;
    if (!child) {
        child = static_cast<uint32_t>(stackNodes_.size());
        stackNodes_.push_back(StackNode{node, fn, 0, stackNodes_[node].firstChild});
        stackNodes_[node].firstChild = child;
    }
    node = child;
}

inline void Kernel::popFrame() {
    const int t = currentTask();
    uint32_t& node = t >= 0 ? tasks_[t].stackNode : bootStack_;
    node = stackNodes_[node].parent;
}

inline FuncScope::FuncScope(Kernel& k, SymId fn, SrcId src) : k_(k), fn_(fn), src_(src) {
    k_.emit(EventKind::FuncEnter, ObjKind::None, 0, 0, 0, fn_, src_);
    k_.pushFrame(fn_);
}

inline FuncScope::~FuncScope() {
    // A task that died keeps its stack as the oops shows it: no exits while unwinding.
    if (k_.unwinding()) return;
    k_.popFrame();
    k_.emit(EventKind::FuncExit, ObjKind::None, 0, 0, 0, fn_, src_);
}

}  // namespace ds
