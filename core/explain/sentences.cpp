// SPDX-License-Identifier: GPL-2.0-or-later
// The sentences of the events that change objects: alloc, free, get, put and the dentry events.
#include "explain/explain.h"

#include "explain/text.h"
#include "trace/symbols.h"
#include "trace/uapi.h"

namespace ds::explain {

using namespace text;

std::string Explainer::allocSentence(const Event& e, const StateAt& s) const {
    const std::string name(sym(e.sym));
    switch (e.okind) {
    case ObjKind::Dentry: {
        // d_alloc takes its pin on the parent right after (the Alloc itself names no parent).
        const Event* pin = nullptr;
        for (uint32_t i = e.seq + 1; i < replay_.size() && i <= e.seq + 4 && !pin; ++i) {
            const Event& p = replay_.event(i);
            if (p.task == e.task && p.kind == EventKind::Get && p.okind == ObjKind::Dentry &&
                isPin(p))
                pin = &p;
        }
        if (!pin) return "d_make_root(" + name + "): the root dentry, count 1, held by the mount.";
        const std::string parent = objectName(pin->obj, s);
        if (static_cast<uint32_t>(e.b) & kDentryCursor)
            return "d_alloc_cursor(" + parent +
                   "): a cursor dentry for the open directory, count 1; dcache_readdir moves it "
                   "along the child list to remember where the listing is.";
        return "d_alloc(" + name + "): new dentry, count 1, held by " + holder(e) +
               "; it pins its parent " + parent + " (count " + arrow(pin->a, pin->b) + ").";
    }
    case ObjKind::Inode:
        return "new_inode(): inode " + num(e.a) + ", a " +
               (isDirMode(static_cast<uint32_t>(e.b)) ? "directory" : "file") +
               ", i_count 1; the dentry it is attached to will hold it.";
    case ObjKind::File:
        return "alloc_file(): a new struct file on " + objectName(static_cast<ObjId>(e.a), s) +
               "; the open takes the file's own dentry reference next.";
    case ObjKind::Eventfs:
        if (eventfsStruct(static_cast<ObjId>(e.a)) == "eventfs_file")
            return "eventfs_file '" + name + "' is added at the tail of the e_top_files of " +
                   objectName(static_cast<ObjId>(e.a), s) + ".";
        {
            const std::string kref = run_.eventfs.kref ? " (kref 1)" : "";
            return e.a ? "eventfs_inode '" + name + "' is created below " +
                             objectName(static_cast<ObjId>(e.a), s) + kref + "."
                       : "eventfs_inode '" + name + "', the events directory's, is created" + kref +
                             ".";
        }
    default:
        return "A new " + std::string(objKindName(e.okind)) + " #" + num(e.obj) + ".";
    }
}

std::string Explainer::freeSentence(const Event& e, const StateAt& s) const {
    const std::string name = objectName(e.obj, s);
    switch (e.okind) {
    case ObjKind::Dentry:
        return "dentry_free(" + name + "): the dentry is freed (nr_dentry \u2212 1).";
    case ObjKind::Inode:
        return "i_callback: " + name +
               "'s memory goes back, an RCU grace period after destroy_inode (softirq, no task).";
    case ObjKind::File:
        return "__fput: " + name + " is freed.";
    case ObjKind::Eventfs:
        if (eventfsStruct(s.obj(e.obj).parent) == "eventfs_file")
            return "free_ef: " + name + " is freed, after eventfs_srcu's grace period.";
        if (!run_.eventfs.kref)
            return "free_ei: " + name +
                   " is freed: it was removed, and no dentry points at it any more (d_fsdata "
                   "holds no reference in this era).";
        return "release_ei: " + name + " is freed, its last kref is gone.";
    default:
        return name + " is freed.";
    }
}

std::string Explainer::getSentence(const Event& e, const StateAt& s) const {
    const std::string name = objectName(e.obj, s);
    switch (e.okind) {
    case ObjKind::Dentry: {
        if (isPin(e))
            return "d_alloc() pins the parent " + name + " for its new child: count " +
                   arrow(e.a, e.b) + ".";
        std::string out = "dget(" + name + "): " + arrow(e.a, e.b) + ", held by " + holder(e) + ".";
        if (e.a == 0 && s.obj(e.obj).has(ObjState::OnLru))
            out +=
                " It stays on the LRU while in use: the LRU is lazy (DCACHE_LRU_LIST stays set).";
        return out;
    }
    case ObjKind::Inode:
        return "ihold(" + name + "): i_count " + arrow(e.a, e.b) + ".";
    case ObjKind::Eventfs:
        return "get_ei(" + name + "): kref " + arrow(e.a, e.b) +
               ", for the dentry whose d_fsdata will point to it.";
    default:
        return "A reference on " + name + ": " + arrow(e.a, e.b) + ".";
    }
}

std::string Explainer::putSentence(const Event& e, const StateAt& s) const {
    const std::string name = objectName(e.obj, s);
    switch (e.okind) {
    case ObjKind::Dentry: {
        if (e.b < 0)
            return "dput(" + name + "): " + arrow(e.a, e.b) +
                   ". One dput too many: the count underflows (a lockref, so nothing stops it).";
        if (e.b == 0) return lastPutReason(e, s);
        if (isPin(e))
            return name + " loses a child's pin (the child was killed): count " + arrow(e.a, e.b) +
                   ".";
        std::string why;
        if (inFunctions(e, {"__fput"}))
            why = "; close drops the file's reference";
        else if (inFunctions(e, {"terminate_walk"}))
            why = "; the walk drops its reference, the file keeps its own";
        else if (inFunctions(
                     e, {"walk_component", "link_path_walk", "lookup_fast", "open_last_lookups"}))
            why = "; the walk moves on from it";
        return "dput(" + name + "): " + arrow(e.a, e.b) + why + ".";
    }
    case ObjKind::Inode:
        return "iput(" + name + "): i_count " + arrow(e.a, e.b) +
               (e.b == 0 ? "; the last reference, so evict() tears the inode down." : ".");
    case ObjKind::Eventfs:
        return "put_ei(" + name + "): kref " + arrow(e.a, e.b) +
               (e.b == 0 ? "; the last one, so release_ei frees it." : ".");
    default:
        return "A reference on " + name + " goes: " + arrow(e.a, e.b) + ".";
    }
}

// The count reached 0: what retain_dentry() decides, read from the events that follow in the
// same task (the ->d_delete call, then d_lru_add, nothing, or __dentry_kill).
std::string Explainer::lastPutReason(const Event& e, const StateAt& s) const {
    const ObjState& o = s.obj(e.obj);
    const std::string name = objectName(e.obj, s);
    std::string out = isPin(e)
                          ? name + " loses its last child's pin: count " + arrow(e.a, e.b) + "."
                          : "dput(" + name + "): " + arrow(e.a, e.b) + ".";
    std::string dDelete;
    enum { Unknown, LruNext, Kept, Killed } outcome = Unknown;
    for (uint32_t i = e.seq + 1; i < replay_.size() && outcome == Unknown; ++i) {
        const Event& n = replay_.event(i);
        if (n.task != e.task) continue;
        if (n.kind == EventKind::FuncEnter) {
            const std::string_view fn = sym(n.sym);
            if (fn.ends_with("d_delete") || fn == "always_delete_dentry") dDelete = fn;
            if (fn == "__dentry_kill") outcome = Killed;
            continue;
        }
        if (!changesState(n)) continue;
        if (n.kind == EventKind::LruAdd && n.obj == e.obj)
            outcome = LruNext;
        else if (n.kind == EventKind::SetFlag && n.obj == e.obj &&
                 n.a == static_cast<int32_t>(Flag::Killed))
            outcome = Killed;
        else
            outcome = Kept;
    }
    const std::string eventfs = o.fsdata ? " (it is an eventfs dentry)" : "";
    if (outcome == LruNext || outcome == Kept) {
        out += dDelete.empty() ? " It is hashed and its filesystem has no ->d_delete, so"
                               : " " + dDelete + "() returns 0" + eventfs + ", so";
        out += " retain_dentry() keeps it hashed";
        out += outcome == LruNext ? "; it joins the LRU next."
                                  : "; it is still on the LRU from before (the LRU is lazy).";
        return out;
    }
    if (o.has(ObjState::Cursor)) return out + " A cursor is never kept: __dentry_kill follows.";
    if (isPin(e) &&
        inFunctions(e, {"shrink_dentry_list", "prune_dcache_sb", "shrink_dcache_parent"}))
        return out + " Its last child died in this shrink pass, so the shrinker kills it too "
                     "(no d_lru_add).";
    if (!o.has(ObjState::Hashed))
        return out + " It is unhashed" + (o.inode ? "" : " and negative") +
               ", so retain_dentry() lets it go: __dentry_kill follows.";
    if (!dDelete.empty())
        return out + " " + dDelete +
               "() returns 1, so retain_dentry() lets it go: "
               "__dentry_kill follows.";
    return out + " __dentry_kill follows.";
}

std::string Explainer::dentrySentence(const Event& e, const StateAt& s) const {
    const ObjState& o = s.obj(e.obj);
    const std::string name = objectName(e.obj, s);
    const std::string parent = objectName(static_cast<ObjId>(e.a), s);
    switch (e.kind) {
    case EventKind::Hash:
        return "__d_rehash(" + name +
               "): it enters the dcache hash; path walks find it from now on.";
    case EventKind::Unhash:
        return "__d_drop(" + name + "): it leaves the dcache hash; no lookup finds it any more" +
               (inFunctions(e, {"d_invalidate"})    ? " (d_invalidate: it is stale)."
                : inFunctions(e, {"__dentry_kill"}) ? " (it is being killed)."
                                                    : ".");
    case EventKind::LruAdd:
        return "d_lru_add(" + name +
               "): unused but kept, it joins the superblock's LRU "
               "(DCACHE_LRU_LIST, nr_unused + 1); the shrinker may free it later.";
    case EventKind::LruDel:
        return "d_lru_del(" + name + "): it leaves the LRU (nr_unused \u2212 1)" +
               (inFunctions(e, {"prune_dcache_sb"}) ? "; the shrinker takes it to kill it."
                : inFunctions(e, {"d_invalidate", "shrink_dcache_parent"})
                    ? "; d_invalidate moves it to a shrink list."
                    : ".");
    case EventKind::InLookup:
        if (e.a)
            return "d_alloc_parallel(): " + name +
                   " is in lookup (DCACHE_PAR_LOOKUP); another lookup of the same name waits "
                   "until it is done.";
        return name + " is no longer in lookup (" +
               (inFunctions(e, {"d_add"}) ? "__d_add clears DCACHE_PAR_LOOKUP first"
                                          : "d_lookup_done") +
               "); waiters wake next.";
    case EventKind::LinkChild:
        return name + " joins the child list of " + parent + " (at the head, newest first).";
    case EventKind::UnlinkChild:
        return "dentry_unlist(" + name + "): it leaves the child list of " + parent + ".";
    case EventKind::Instantiate:
        if (e.a)
            return "d_instantiate(" + name + ", " + objectName(static_cast<ObjId>(e.a), s) +
                   "): the dentry becomes positive.";
        return "dentry_unlink_inode(" + name + "): it lets go of " +
               objectName(static_cast<ObjId>(e.b), s) + " (d_inode = NULL); iput follows.";
    case EventKind::Add:
        if (e.a)
            return "d_add(" + name + ", " + objectName(static_cast<ObjId>(e.a), s) +
                   "): the lookup found it; the dentry gets its inode and is hashed next.";
        return "d_add(" + name +
               ", NULL): a negative dentry; the dcache remembers that the name "
               "does not exist.";
    case EventKind::Revalidate: {
        if (e.a) return "d_revalidate(" + name + ") returns 1: the cached dentry is still good.";
        const bool freed = o.fsdata && s.obj(o.fsdata).has(ObjState::IsFreed);
        return "d_revalidate(" + name + ") returns 0: the dentry is stale" +
               (freed ? " (its eventfs_inode is being removed)" : "") +
               ", so the walk d_invalidates it and looks the name up afresh.";
    }
    case EventKind::DDelete:
        return "->d_delete(" + name + ") returns " + num(e.a) +
               (e.a ? ": do not keep it, so retain_dentry() lets it go."
                    : ": keep it cached, so retain_dentry() keeps it.");
    case EventKind::MarkDead:
        return "lockref_mark_dead(" + name + "): the count becomes " + num(e.b) +
               ", lockref's dead marker; from now on nobody can take a reference "
               "(__dentry_kill has started).";
    case EventKind::ShrinkList:
        return e.a ? "d_shrink_add(" + name +
                         "): it goes onto a private shrink list (DCACHE_SHRINK_LIST), to be "
                         "killed once the walk is done."
                   : "d_shrink_del(" + name + "): shrink_dentry_list takes it off the list" +
                         (o.count > 0 ? "; it is in use again, so it survives." : " to kill it.");
    case EventKind::DentryOpen:
        return "do_dentry_open(" + name +
               "): the new file is set up on it; it takes the file's own reference next "
               "(path_get).";
    case EventKind::SetFsdata:
        return e.a ? name + "'s d_fsdata now points to " + parent + "; the dentry finds its " +
                         std::string(eventfsStruct(s.obj(static_cast<ObjId>(e.a)).parent)) +
                         " through it."
                   : name + "'s d_fsdata is cleared.";
    default:
        return name + ": " + std::string(eventKindName(e.kind)) + ".";
    }
}

} // namespace ds::explain
