// SPDX-License-Identifier: GPL-2.0-or-later
#include "explain/explain.h"

#include "explain/text.h"
#include "trace/symbols.h"
#include "trace/uapi.h"

#include <algorithm>

namespace ds::explain {

using namespace text;

bool changesState(const Event& e) {
    switch (e.kind) {
    case EventKind::FuncEnter:
    case EventKind::FuncExit:
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockBlock:
    // decisions and calls that change nothing the views show (what they decide follows)
    case EventKind::DDelete:
    case EventKind::DropInode:
    case EventKind::DestroyInode:
    case EventKind::DentryOpen:
    case EventKind::Getattr:
        return false;
    case EventKind::MarkDead:
    case EventKind::ShrinkList:
    case EventKind::SyscallEnter:
    case EventKind::SyscallExit:
    case EventKind::Alloc:
    case EventKind::Free:
    case EventKind::Get:
    case EventKind::Put:
    case EventKind::Hash:
    case EventKind::Unhash:
    case EventKind::LruAdd:
    case EventKind::LruDel:
    case EventKind::InLookup:
    case EventKind::LinkChild:
    case EventKind::UnlinkChild:
    case EventKind::Instantiate:
    case EventKind::Add:
    case EventKind::Revalidate:
    case EventKind::SetFsdata:
    case EventKind::Nlink:
    case EventKind::SetFlag:
    case EventKind::Wait:
    case EventKind::Wake:
    case EventKind::FilePos:
    case EventKind::DirEmit:
    case EventKind::DirSkip:
    case EventKind::CursorMove:
    case EventKind::Report:
    case EventKind::TaskExit:
    case EventKind::Count_:
        return true;
    }
    return true;
}

uint32_t nextChange(std::span<const Event> events, uint32_t from) {
    for (size_t i = from; i < events.size(); ++i)
        if (changesState(events[i])) return static_cast<uint32_t>(i);
    return kNever;
}

uint32_t previousChange(std::span<const Event> events, uint32_t before) {
    for (size_t i = std::min<size_t>(before, events.size()); i-- > 0;)
        if (changesState(events[i])) return static_cast<uint32_t>(i);
    return kNever;
}

Explainer::Explainer(const Run& run, const Replay& replay) : run_(run), replay_(replay) {
    for (const SyscallRecord& r : run.records)
        if (r.exitSeq) recordByEnter_.emplace(r.enterSeq, &r);
}

std::string_view Explainer::eventfsStruct(ObjId parent) const {
    return run_.eventfs.structOf(parent != 0);
}

std::string Explainer::taskName(TaskId t) const {
    if (t == kNoTask) return "boot";
    return t < run_.taskNames.size() ? run_.taskNames[t] : "task " + num(t);
}

std::string Explainer::function(const Event& e) const {
    const uint32_t node = replay_.frameAt(e.task, e.seq);
    return node ? std::string(sym(replay_.call(node).fn)) : std::string();
}

bool Explainer::inFunctions(const Event& e, std::initializer_list<std::string_view> names) const {
    for (uint32_t node = replay_.frameAt(e.task, e.seq); node; node = replay_.call(node).parent)
        if (std::find(names.begin(), names.end(), sym(replay_.call(node).fn)) != names.end())
            return true;
    return false;
}

std::string Explainer::objectName(ObjId id, const StateAt& s) const {
    if (!id) return "NULL";
    const ObjState& o = s.obj(id);
    ObjKind kind = o.kind;
    SymId name = o.name;
    int32_t ino = o.ino;
    ObjId parent = o.parent;
    if (kind == ObjKind::None) { // not allocated yet at this step: its Alloc says what it is
        const auto evs = replay_.eventsOf(id);
        if (evs.empty()) return "#" + num(id);
        const Event& a = replay_.event(evs.front());
        kind = a.okind;
        name = a.sym;
        ino = kind == ObjKind::Inode ? a.a : a.b;
        parent = static_cast<ObjId>(a.a);
    }
    switch (kind) {
    case ObjKind::Dentry:
        return std::string(sym(name));
    case ObjKind::Eventfs:
        return std::string(eventfsStruct(parent)) + " '" + std::string(sym(name)) + "'";
    case ObjKind::Inode:
        return "inode " + num(ino);
    case ObjKind::File:
        return "the file of " + objectName(o.parent, s);
    default:
        return std::string(objKindName(kind)) + " #" + num(id);
    }
}

std::string Explainer::holder(const Event& e) const {
    if (e.task == kNoTask) return "the mount";
    if (inFunctions(e, {"d_alloc_cursor", "dcache_dir_open"})) return "the open directory's cursor";
    if (inFunctions(e, {"do_dentry_open", "vfs_open"})) return "the file being opened";
    if (inFunctions(e, {"eventfs_iterate", "eventfs_start_creating", "create_dir_dentry",
                        "create_file_dentry"}))
        return "eventfs, which creates it while listing";
    if (inFunctions(e, {"path_openat", "path_lookupat", "filename_lookup", "link_path_walk",
                        "lookup_slow", "__lookup_slow", "lookup_open", "walk_component"}))
        return "this path walk";
    const std::string fn = function(e);
    return fn.empty() ? "its caller" : fn + "()";
}

std::string Explainer::sentence(uint32_t seq) const {
    if (seq >= replay_.size()) return {};
    return sentence(seq, replay_.stateAt(seq));
}

std::string Explainer::sentence(uint32_t seq, const StateAt& s) const {
    if (seq >= replay_.size()) return {};
    const Event& e = replay_.event(seq);
    switch (e.kind) {
    case EventKind::SyscallEnter:
    case EventKind::SyscallExit:
        return syscallSentence(e);
    case EventKind::FuncEnter:
        return std::string(sym(e.sym)) + "() is called.";
    case EventKind::FuncExit:
        return std::string(sym(e.sym)) + "() returns.";
    case EventKind::Alloc:
        return allocSentence(e, s);
    case EventKind::Free:
        return freeSentence(e, s);
    case EventKind::Get:
        return getSentence(e, s);
    case EventKind::Put:
        return putSentence(e, s);
    case EventKind::Report:
        return reportSentence(e, s);
    case EventKind::Hash:
    case EventKind::Unhash:
    case EventKind::LruAdd:
    case EventKind::LruDel:
    case EventKind::InLookup:
    case EventKind::LinkChild:
    case EventKind::UnlinkChild:
    case EventKind::Instantiate:
    case EventKind::Add:
    case EventKind::Revalidate:
    case EventKind::DDelete:
    case EventKind::MarkDead:
    case EventKind::ShrinkList:
    case EventKind::DentryOpen:
    case EventKind::SetFsdata:
        return dentrySentence(e, s);
    case EventKind::Nlink:
    case EventKind::SetFlag:
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockBlock:
    case EventKind::Wait:
    case EventKind::Wake:
    case EventKind::FilePos:
    case EventKind::DirEmit:
    case EventKind::DirSkip:
    case EventKind::CursorMove:
    case EventKind::TaskExit:
    case EventKind::DropInode:
    case EventKind::DestroyInode:
    case EventKind::Getattr:
    case EventKind::Count_:
        return otherSentence(e, s);
    }
    return {};
}

std::string Explainer::context(uint32_t seq) const {
    if (seq >= replay_.size()) return {};
    const Event& e = replay_.event(seq);
    std::string out = taskName(e.task);
    for (const SyscallSpan& sp : replay_.syscalls()) {
        if (sp.task != e.task || sp.enterSeq > seq || (sp.exitSeq != kNever && sp.exitSeq < seq))
            continue;
        const auto it = recordByEnter_.find(sp.enterSeq);
        out += ": " + (it != recordByEnter_.end() ? it->second->name + "(" + it->second->args + ")"
                                                  : std::string(sym(sp.name)) + "()");
        break;
    }
    const std::string fn = function(e);
    if (!fn.empty()) out += " \u203a " + fn + "()";
    return out;
}

std::string Explainer::syscallSentence(const Event& e) const {
    const std::string name(sym(e.sym));
    const auto it = recordByEnter_.find(e.seq);
    if (e.kind == EventKind::SyscallEnter)
        return "Task " + taskName(e.task) + " calls " +
               (it != recordByEnter_.end() ? it->second->name + "(" + it->second->args + ")"
                                           : name + "()") +
               ".";
    std::string out = name + "() returns " + num(e.a);
    if (e.a < 0) out += " (" + std::string(errnoName(-e.a)) + ")";
    // the call this exit ends: the task's calls are ordered by exit too (one at a time)
    const auto calls = replay_.syscallsOf(e.task);
    const auto call = std::partition_point(calls.begin(), calls.end(), [&](uint32_t i) {
        return replay_.syscalls()[i].exitSeq < e.seq;
    });
    const auto rec = call == calls.end() || replay_.syscalls()[*call].exitSeq != e.seq
                         ? recordByEnter_.end()
                         : recordByEnter_.find(replay_.syscalls()[*call].enterSeq);
    const SyscallRecord* r =
        rec != recordByEnter_.end() && rec->second->exitSeq == e.seq ? rec->second : nullptr;
    if (r && name == "read" && e.a > 0 && r->name == "read")
        return out +
               (r->data ? ": " + std::to_string(r->data->size()) + " bytes of the file"
                        : ": dentryscope does not simulate this file's contents; f_pos moves by " +
                              num(e.a)) +
               ".";
    if (r && r->counters) {
        const DentryState& c = *r->counters;
        out += ": nr_dentry " + num(c.nrDentry) + ", nr_unused " + num(c.nrUnused) +
               ", nr_negative " + num(c.nrNegative) + ", nr_inodes " + num(c.nrInodes);
    }
    return out + ".";
}

std::string Explainer::otherSentence(const Event& e, const StateAt& s) const {
    const std::string name = objectName(e.obj, s);
    switch (e.kind) {
    case EventKind::Nlink:
        return "i_nlink of " + name + ": " + arrow(e.a, e.b) + ".";
    case EventKind::SetFlag:
        switch (static_cast<Flag>(e.a)) {
        case Flag::Killed:
            return "__dentry_kill(" + name +
                   "): DCACHE_DENTRY_KILLED; nobody can take a reference now, and the dentry is "
                   "torn down: off the LRU, unhashed, its inode dropped, freed.";
        case Flag::Dead:
            return name + " is S_DEAD: its directory was removed.";
        case Flag::Freed:
            return name + " is_freed: it is being removed, and its dentries fail d_revalidate "
                          "from now on.";
        case Flag::CursorOnList:
            return e.b ? "The cursor " + name + " is linked into its directory's child list."
                       : "The cursor " + name + " leaves its directory's child list.";
        }
        return name + ": a flag changes.";
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockBlock: {
        const std::string lock =
            e.okind == ObjKind::Lock ? std::string(sym(e.sym)) : "the i_rwsem of " + name;
        const std::string mode = e.a == 1 ? " exclusive" : " shared";
        if (e.kind == EventKind::LockAcquire) return "Takes " + lock + mode + ".";
        if (e.kind == EventKind::LockRelease) return "Releases " + lock + mode + ".";
        return "Waits for " + lock + " (" + mode.substr(1) + "): another task holds it.";
    }
    case EventKind::Wait:
        return "Task " + taskName(e.task) + " waits for " + name +
               " to finish its lookup (d_wait_lookup).";
    case EventKind::Wake:
        return "Task " + taskName(static_cast<TaskId>(e.a)) + ", which waited on " + name +
               ", is woken.";
    case EventKind::FilePos:
        return "f_pos of " + name + ": " + arrow(e.a, e.b) + "; the next call goes on from there.";
    case EventKind::DirEmit:
        if (dirEmitFits(e))
            return "filldir64 writes '" + std::string(sym(e.sym)) + "' (" +
                   std::string(dtypeName(dirEmitType(e))) + ") at buffer offset " + num(e.b) +
                   ", for slot " + num(e.a) + ".";
        return "'" + std::string(sym(e.sym)) +
               "' does not fit in what is left of the buffer: getdents64 stops here and starts "
               "from slot " +
               num(e.a) + " next time.";
    case EventKind::DirSkip:
        return "Slot " + num(e.a) + ", '" + std::string(sym(e.sym)) + "', gives no record: " +
               (static_cast<DirSkipWhy>(e.aux) == DirSkipWhy::Removed
                    ? "it is being removed (is_freed)."
                    : "its callback hides it (it still takes its position).");
    case EventKind::CursorMove:
        return "dcache_readdir moves the cursor " +
               (e.a ? "before " + objectName(static_cast<ObjId>(e.a), s)
                    : "to the end of the list of " + objectName(static_cast<ObjId>(e.b), s)) +
               ": the next call starts there.";
    case EventKind::DropInode:
        return "iput_final: ->drop_inode(" + name + ") returns " + num(e.a) +
               (e.a ? ": evict it now (tracefs keeps no unused inodes)."
                    : ": keep it in the inode cache.");
    case EventKind::DestroyInode:
        return "destroy_inode(" + name +
               "): the inode is gone for the VFS (nr_inodes \u2212 1); its memory goes back in "
               "an RCU callback after a grace period (free_inode).";
    case EventKind::Getattr:
        return "vfs_getattr(" + name + "): stat reads the inode's attributes (no reference).";
    case EventKind::TaskExit:
        return e.a ? "Task " + taskName(static_cast<TaskId>(e.obj)) +
                         " dies: do_exit closes its files, but what it held in the kernel at the "
                         "BUG stays held."
                   : "Task " + taskName(static_cast<TaskId>(e.obj)) + " has finished its calls.";
    default:
        return std::string(eventKindName(e.kind)) + " " + name + ".";
    }
}

std::string Explainer::reportSentence(const Event& e, const StateAt& s) const {
    if (e.a < 0 || static_cast<size_t>(e.a) >= run_.reports.size())
        return "The kernel reports: " + std::string(sym(e.sym)) + ".";
    const Report& r = run_.reports[static_cast<size_t>(e.a)];
    // The report's own reason: the line after "RIP:" (an oops), else its second line.
    std::string detail;
    size_t at = r.text.find("\nRIP:");
    at = at == std::string::npos ? r.text.find('\n') : r.text.find('\n', at + 1);
    if (at != std::string::npos) {
        const size_t end = r.text.find('\n', at + 1);
        detail = r.text.substr(at + 1, end == std::string::npos ? end : end - at - 1);
    }
    std::string out;
    switch (r.kind) {
    case Report::Kind::Bug:
        out = "BUG in " + r.function + "(): " + r.headline;
        break;
    case Report::Kind::Warn:
        out = "WARN in " + r.function + "(): " + r.headline;
        break;
    case Report::Kind::Kasan:
        out = "KASAN in " + r.function + "(): " + r.headline;
        break;
    case Report::Kind::Leak:
    case Report::Kind::Hang:
        out = r.headline;
        break;
    }
    if (!detail.empty() && detail.find("Call Trace") == std::string::npos) out += " " + detail;
    if (out.back() != '.' && out.back() != '!') out += '.';
    if (r.kind == Report::Kind::Bug)
        out += " The oops kills task " + taskName(r.task) + " here" +
               (r.obj ? " (on " + objectName(r.obj, s) + ")." : ".");
    return out;
}

std::string formatExplain(const Run& run) {
    const Replay replay(run.events);
    const Explainer ex(run, replay);
    std::string out = "# " + run.design + " on tree " + run.tree +
                      ": one sentence per state change; #N is event N, and step N is the state "
                      "right after it\n";
    StateAt s = replay.stateAt(0);
    for (uint32_t i = 0; i < replay.size(); ++i) {
        const Event& e = replay.event(i);
        if (changesState(e)) {
            out += "#" + num(i) + " [" + ex.taskName(e.task) + "] " + ex.sentence(i, s) + "\n";
        }
        replay.apply(s, e);
    }
    return out;
}

} // namespace ds::explain
