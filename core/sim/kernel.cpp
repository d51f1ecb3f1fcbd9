#include "sim/kernel.h"

#include "tracefs/design.h"
#include "tracefs/layout.h"

#include <algorithm>
#include <map>

namespace ds {

Kernel::Kernel(const Design& design, const tracefs::Layout& layout) : design_(design), layout_(&layout) {
    mount();
}

Kernel::~Kernel() = default;

tracefs::Layout& Kernel::mutableLayout() {
    if (!ownedLayout_) {
        ownedLayout_ = std::make_unique<tracefs::Layout>(*layout_);
        layout_ = ownedLayout_.get();
    }
    return *ownedLayout_;
}

int Kernel::addTask(std::string name) {
    TaskState t;
    t.name = std::move(name);
    tasks_.push_back(std::move(t));
    return static_cast<int>(tasks_.size() - 1);
}

uint32_t Kernel::currentStack() const {
    const int t = currentTask();
    return t >= 0 ? tasks_[t].stackNode : bootStack_;
}

std::vector<SymId> Kernel::stackFrames(uint32_t stackId) const {
    std::vector<SymId> out;
    for (uint32_t n = stackId; n != 0; n = stackNodes_[n].parent) out.push_back(stackNodes_[n].fn);
    std::reverse(out.begin(), out.end());
    return out;
}

std::string Kernel::formatStack(uint32_t stackId, std::string_view indent) const {
    std::vector<SymId> frames = stackFrames(stackId);
    std::string out;
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) out += std::string(indent) + std::string(symbol(*it)) + "\n";
    return out;
}

namespace {
std::string taskLabel(const std::vector<TaskState>& tasks, int t) {
    return t >= 0 && t < static_cast<int>(tasks.size()) ? tasks[t].name : std::string("boot");
}
}  // namespace

void Kernel::bugOn(bool cond, std::string_view function, std::string_view where, ObjKind okind, ObjId obj,
                   std::string_view detail, SrcId src) {
    if (!cond) return;
    const int t = currentTask();
    Report r;
    r.kind = Report::Kind::Bug;
    r.function = std::string(function);
    r.headline = "kernel BUG at " + std::string(where) + "!";
    r.seq = nextSeq();
    r.task = static_cast<TaskId>(t < 0 ? kNoTask : t);
    r.obj = obj;
    const std::vector<SymId> frames = stackFrames(currentStack());
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) r.stack.emplace_back(symbol(*it));
    r.text = r.headline + "\n";
    r.text += "invalid opcode: 0000 [#" + std::to_string(reports_.size() + 1) + "] PREEMPT SMP\n";
    r.text += "Comm: " + taskLabel(tasks_, t) + " (simulated by dentryscope)\n";
    r.text += "RIP: 0010:" + std::string(function) + " (" + std::string(where) + ")\n";
    r.text += std::string(detail) + "\n";
    r.text += "Call Trace:\n <TASK>\n";
    for (const std::string& f : r.stack) r.text += " " + f + "\n";
    r.text += " </TASK>\n";
    (void)okind;
    reports_.push_back(r);
    emit(EventKind::Report, okind, obj, static_cast<int32_t>(reports_.size() - 1), 0, intern(r.headline), src);
    if (t >= 0) {
        tasks_[t].dead = true;
        emit(EventKind::TaskExit, ObjKind::Task, static_cast<ObjId>(t), 1, 0, 0, src);
        sched_->die();
    }
}

void Kernel::warn(std::string_view function, std::string headline, std::string detail, ObjKind okind, ObjId obj,
                  SrcId src) {
    const int t = currentTask();
    Report r;
    r.kind = Report::Kind::Warn;
    r.function = std::string(function);
    r.headline = std::move(headline);
    r.seq = nextSeq();
    r.task = static_cast<TaskId>(t < 0 ? kNoTask : t);
    r.obj = obj;
    const std::vector<SymId> frames = stackFrames(currentStack());
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) r.stack.emplace_back(symbol(*it));
    r.text = "------------[ cut here ]------------\n" + r.headline + "\n";
    r.text += "WARNING: at " + std::string(function) + " (task " + taskLabel(tasks_, t) + ")\n";
    r.text += detail;
    r.text += "Call Trace:\n";
    for (const std::string& f : r.stack) r.text += " " + f + "\n";
    r.text += "---[ end trace ]---\n";
    reports_.push_back(r);
    emit(EventKind::Report, okind, obj, static_cast<int32_t>(reports_.size() - 1), 0, intern(r.headline), src);
}

bool Kernel::checkAlive(const Lifetime& life, ObjKind okind, ObjId obj, std::string_view what, SrcId src) {
    if (!life.freed) return true;
    const int t = currentTask();
    Report r;
    r.kind = Report::Kind::Kasan;
    r.function = std::string(what);
    r.headline = "BUG: KASAN: slab-use-after-free in " + std::string(what);
    r.seq = nextSeq();
    r.task = static_cast<TaskId>(t < 0 ? kNoTask : t);
    r.obj = obj;
    const std::vector<SymId> frames = stackFrames(currentStack());
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) r.stack.emplace_back(symbol(*it));
    r.text = "==================================================================\n" + r.headline + "\n";
    r.text += "Access to " + std::string(objKindName(okind)) + " #" + std::to_string(obj) + " by task " +
              taskLabel(tasks_, t) + ":\n";
    for (const std::string& f : r.stack) r.text += " " + f + "\n";
    r.text += "\nAllocated by task " + taskLabel(tasks_, life.allocTask == kNoTask ? -1 : life.allocTask) +
              " (event #" + std::to_string(life.allocSeq) + "):\n" + formatStack(life.allocStack, " ");
    r.text += "\nFreed by task " + taskLabel(tasks_, life.freeTask == kNoTask ? -1 : life.freeTask) + " (event #" +
              std::to_string(life.freeSeq) + "):\n" + formatStack(life.freeStack, " ");
    r.text += "==================================================================\n";
    reports_.push_back(r);
    emit(EventKind::Report, okind, obj, static_cast<int32_t>(reports_.size() - 1), 0, intern(r.headline), src);
    return false;
}

// Like ref_tracker at unmount: every reference still held, grouped by the stack that took it.
void Kernel::reportLeaks() {
    std::map<std::pair<uint32_t, TaskId>, std::vector<const Dentry*>> byStack;
    int held = 0;
    for (const Dentry& d : dentries_) {
        if (d.life.freed || d.pinnedByFs || d.isRoot()) continue;
        for (const HeldRef& r : d.refs) {
            byStack[{r.stack, r.task}].push_back(&d);
            ++held;
        }
    }
    if (held == 0) return;
    Report r;
    r.kind = Report::Kind::Leak;
    r.function = "umount";
    r.headline = "ref_tracker: " + std::to_string(held) + " dentry reference(s) still held at unmount";
    r.seq = nextSeq();
    r.text = r.headline + "\n";
    for (const auto& [key, list] : byStack) {
        r.text += "ref_tracker: " + std::to_string(list.size()) + " reference(s) taken by task " +
                  taskLabel(tasks_, key.second == kNoTask ? -1 : key.second) + " at:\n" + formatStack(key.first, "  ");
        r.text += "  on:";
        for (size_t i = 0; i < list.size() && i < 8; ++i) r.text += " '" + std::string(symbol(list[i]->name)) + "'";
        if (list.size() > 8) r.text += " ...";
        r.text += "\n";
        if (r.stack.empty()) {
            const std::vector<SymId> frames = stackFrames(key.first);
            for (auto it = frames.rbegin(); it != frames.rend(); ++it) r.stack.emplace_back(symbol(*it));
        }
    }
    reports_.push_back(r);
    emit(EventKind::Report, ObjKind::None, 0, static_cast<int32_t>(reports_.size() - 1), 0, intern(r.headline), DS_HERE);
}

void Kernel::reportHang(const std::vector<int>& blockedTasks) {
    for (int t : blockedTasks) {
        Report r;
        r.kind = Report::Kind::Hang;
        const std::vector<SymId> frames = stackFrames(tasks_[t].stackNode);  // outermost first
        r.function = frames.empty() ? std::string("schedule") : std::string(symbol(frames.back()));
        r.headline = "INFO: task " + tasks_[t].name + " blocked for more than 120 seconds.";
        r.seq = nextSeq();
        r.task = static_cast<TaskId>(t);
        for (auto it = frames.rbegin(); it != frames.rend(); ++it) r.stack.emplace_back(symbol(*it));
        r.text = r.headline + "\nCall Trace:\n";
        for (const std::string& f : r.stack) r.text += " " + f + "\n";
        reports_.push_back(r);
        emit(EventKind::Report, ObjKind::Task, static_cast<ObjId>(t), static_cast<int32_t>(reports_.size() - 1), 0,
             intern(r.headline), DS_HERE);
    }
}

EventfsInode* Kernel::newEventfsInode(SymId name, EventfsInode* parent) {
    EventfsInode* ei = &eventfs_.emplace_back();
    ei->id = newId();
    ei->name = name;
    ei->parent = parent;
    ei->kref = 1;  // alloc_ei: the existence reference
    ei->life.allocSeq = nextSeq();
    emit(EventKind::Alloc, ObjKind::Eventfs, ei->id, static_cast<int32_t>(parent ? parent->id : 0), 0, name, DS_HERE);
    if (parent) parent->children.push_back(ei);
    if (eventfsPathsBuilt_) eventfsByPath_[eventfsPath(ei)] = ei;
    return ei;
}

void Kernel::freeEventfsInode(EventfsInode* ei) {
    if (ei->life.freed) return;
    ei->life.freed = true;
    ei->life.freeSeq = nextSeq();
    if (eventfsPathsBuilt_) eventfsByPath_.erase(eventfsPath(ei));
    emit(EventKind::Free, ObjKind::Eventfs, ei->id, 0, 0, 0, DS_HERE);
}

void Kernel::kref_get(EventfsInode* ei) {
    checkAlive(ei->life, ObjKind::Eventfs, ei->id, "get_ei", DS_HERE);
    const int before = ei->kref++;
    emit(EventKind::Get, ObjKind::Eventfs, ei->id, before, ei->kref, 0, DS_HERE);
}

bool Kernel::kref_put(EventfsInode* ei) {
    if (!checkAlive(ei->life, ObjKind::Eventfs, ei->id, "put_ei", DS_HERE)) return false;
    const int before = ei->kref;
    if (before <= 0) {
        warn("kref_put", "refcount_t: underflow; use-after-free.", "eventfs_inode '" + std::string(symbol(ei->name)) + "'\n",
             ObjKind::Eventfs, ei->id, DS_HERE);
        return false;
    }
    --ei->kref;
    emit(EventKind::Put, ObjKind::Eventfs, ei->id, before, ei->kref, 0, DS_HERE);
    return ei->kref == 0;
}

std::string Kernel::eventfsPath(const EventfsInode* ei) const {
    std::string path;
    for (const EventfsInode* e = ei; e; e = e->parent)
        path = std::string(symbol(e->name)) + (path.empty() ? "" : "/") + path;
    return path;
}

EventfsInode* Kernel::findEventfs(std::string_view relPath) {
    while (relPath.ends_with('/')) relPath.remove_suffix(1);
    if (!eventfsPathsBuilt_) {
        for (EventfsInode& ei : eventfs_)  // in creation order: a newer one with the same path wins
            if (!ei.life.freed) eventfsByPath_[eventfsPath(&ei)] = &ei;
        eventfsPathsBuilt_ = true;
    }
    auto it = eventfsByPath_.find(std::string(relPath));
    return it == eventfsByPath_.end() ? nullptr : it->second;
}

// The eventfs_inode tree is built when events register (boot): one ei per directory, each
// with its static file table (entries) and its child directories in list order.
EventfsInode* Kernel::buildEventfsTree() {
    KFUNC(eventfs_create_events_dir);
    const tracefs::Layout& lay = *layout_;
    std::vector<EventfsInode*> byDir(lay.dirs.size(), nullptr);
    for (size_t i = 0; i < lay.dirs.size(); ++i) {
        const tracefs::LayoutDir& dir = lay.dirs[i];
        EventfsInode* parent = dir.parent >= 0 ? byDir[dir.parent] : nullptr;
        EventfsInode* ei = newEventfsInode(dir.sym ? dir.sym : intern(dir.name), parent);
        ei->mode = dir.mode;
        ei->layoutDir = static_cast<int>(i);
        ei->isEvents = dir.parent < 0;
        const auto sym = [](const tracefs::LayoutFile& f) { return f.sym ? f.sym : intern(f.name); };
        if (dir.depth == 2) {
            // An event directory's entries are the kernel's event_entries table; a file the
            // layout does not list was hidden by event_callback (e.g. enable/filter/trigger
            // of the ftrace events) and still takes its slot in getdents64's positions.
            const std::vector<tracefs::LayoutFile>& table = tracefs::standardEventFiles();
            ei->entries.reserve(table.size());
            for (const tracefs::LayoutFile& t : table) {
                auto it = std::find_if(dir.files.begin(), dir.files.end(),
                                       [&](const tracefs::LayoutFile& f) { return f.name == t.name; });
                ei->entries.push_back(it == dir.files.end() ? EventfsEntry{sym(t), t.mode, true}
                                                            : EventfsEntry{sym(*it), it->mode, false});
            }
            for (const tracefs::LayoutFile& f : dir.files)  // files beyond the table, in layout order
                if (std::none_of(table.begin(), table.end(), [&](const tracefs::LayoutFile& t) { return t.name == f.name; }))
                    ei->entries.push_back(EventfsEntry{sym(f), f.mode, false});
        } else {
            ei->entries.reserve(dir.files.size());
            for (const tracefs::LayoutFile& f : dir.files) ei->entries.push_back(EventfsEntry{sym(f), f.mode, false});
        }
        ei->dChildren.assign(ei->entries.size(), nullptr);
        byDir[i] = ei;
    }
    return byDir.empty() ? nullptr : byDir[0];
}

// Mount: the tracefs root, then the design creates the permanent events directory.
void Kernel::mount() {
    KFUNC(tracefs_fill_super);
    Inode* rootInode = new_inode(get_next_ino(), S_IFDIR_ | 0755);
    set_nlink(rootInode, 2);
    root_ = __d_alloc(DS_SYM("/"));  // d_make_root: the super block holds its reference
    root_->pinnedByFs = true;
    d_instantiate(root_, rootInode);
    eventfsMutex = &newMutex("eventfs_mutex");
    design_.createEventsDir(*this);
}

}  // namespace ds
