// SPDX-License-Identifier: GPL-2.0-or-later
#include "import/real_trace.h"

#include "trace/symbols.h"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

namespace ds::import {

const RealDentry* RealTrace::dentry(ObjId id) const {
    const auto it = std::lower_bound(dentries.begin(), dentries.end(), id,
                                     [](const RealDentry& d, ObjId v) { return d.id < v; });
    return it != dentries.end() && it->id == id ? &*it : nullptr;
}

std::string RealTrace::path(ObjId id) const {
    std::string p;
    for (int guard = 0; guard < 256; ++guard) {
        const RealDentry* d = dentry(id);
        if (!d) break;
        if (d->parent == 0 && d->name == "/") return std::string(kTracefsRoot) + p;
        p = "/" + d->name + p;
        if (d->parent == 0) return p; // parent never seen
        id = d->parent;
    }
    return p;
}

namespace {

constexpr uint32_t kParLookup = 0x10000000;

int32_t clamp32(int64_t v) {
    return static_cast<int32_t>(std::clamp<int64_t>(v, std::numeric_limits<int32_t>::min(),
                                                    std::numeric_limits<int32_t>::max()));
}

// What the builder knows of a live object.
struct Live {
    ObjKind kind = ObjKind::None;
    int32_t count = 0;
    size_t allocEvent = 0; // inode: patched with i_ino and mode when d_add shows them
    uint64_t lastTouch = 0;
};

class Builder {
public:
    explicit Builder(RealTrace& out) : out_(out) {}

    void record(const TraceRecord& r);
    void finish();

private:
    void emit(EventKind kind, ObjKind okind, ObjId obj, int64_t a = 0, int64_t b = 0, SymId sym = 0,
              uint8_t aux = 0);
    void call(std::string_view fn, ObjKind okind = ObjKind::None, ObjId obj = 0) {
        emit(EventKind::FuncEnter, okind, obj, 0, 0, intern(fn));
        emit(EventKind::FuncExit, okind, obj, 0, 0, intern(fn));
    }
    void probe(const TraceRecord& r);
    void dentryProbe(const TraceRecord& r, ObjId d);
    void inodeProbe(const TraceRecord& r);
    void syscallEnter(const TraceRecord& r);
    void syscallExit(const TraceRecord& r);

    ObjId newObject(ObjKind kind, uint64_t addr);
    ObjId dentry(const TraceRecord& r);
    ObjId inode(uint64_t addr);
    ObjId parentByName(const std::string& name, ObjId child);
    void syncCount(ObjId id, int64_t observed);
    void linkParent(ObjId d, const TraceRecord& r);

    RealTrace& out_;
    const TraceRecord* cur_ = nullptr;
    TaskId task_ = kNoTask;
    int stackLine_ = 0;
    ObjId nextId_ = 1;
    uint64_t touch_ = 0;
    std::unordered_map<uint64_t, ObjId> dentries_, inodes_; // live, by address
    std::unordered_map<uint64_t, ObjId> byInode_;           // inode address -> its dentry
    std::unordered_map<ObjId, Live> live_;
    std::map<std::string, TaskId> tasks_;
    std::map<TaskId, std::vector<size_t>> open_; // per task: syscalls not yet returned
};

void Builder::emit(EventKind kind, ObjKind okind, ObjId obj, int64_t a, int64_t b, SymId sym,
                   uint8_t aux) {
    Event e{};
    e.seq = static_cast<uint32_t>(out_.run.events.size());
    e.kind = kind;
    e.task = task_;
    e.okind = okind;
    e.aux = aux;
    e.obj = obj;
    e.a = clamp32(a);
    e.b = clamp32(b);
    e.sym = sym;
    e.src = 0;
    out_.run.events.push_back(e);
    out_.timeNs.push_back(cur_ ? cur_->ns : 0);
    out_.line.push_back(cur_ ? cur_->line : 0);
    int32_t st = -1;
    if (cur_ && !cur_->stack.empty()) {
        if (stackLine_ != cur_->line) out_.stacks.push_back(cur_->stack); // once per record
        stackLine_ = cur_->line;
        st = static_cast<int32_t>(out_.stacks.size() - 1);
    }
    out_.stack.push_back(st);
}

ObjId Builder::newObject(ObjKind kind, uint64_t addr) {
    const ObjId id = nextId_++;
    live_[id] = Live{kind, 1, out_.run.events.size(), ++touch_};
    (kind == ObjKind::Dentry ? dentries_ : inodes_)[addr] = id;
    return id;
}

void Builder::syncCount(ObjId id, int64_t observed) {
    auto it = live_.find(id);
    if (it == live_.end() || observed < 0) return;
    Live& o = it->second;
    if (observed == o.count) return;
    const EventKind k = observed > o.count ? EventKind::Get : EventKind::Put;
    emit(k, o.kind, id, o.count, observed, 0, kInferred);
    ++out_.inferred;
    o.count = static_cast<int32_t>(observed);
}

ObjId Builder::parentByName(const std::string& name, ObjId child) {
    // The most recently touched live dentry of that name: the walk just passed through it.
    ObjId best = 0;
    uint64_t bestTouch = 0;
    for (const RealDentry& d : out_.dentries) {
        if (d.name != name || d.id == child || d.freeLine) continue;
        const auto it = live_.find(d.id);
        if (it != live_.end() && it->second.lastTouch >= bestTouch) {
            best = d.id;
            bestTouch = it->second.lastTouch;
        }
    }
    return best;
}

// The dentry a probe names: the live one at that address, or one that existed before tracing.
ObjId Builder::dentry(const TraceRecord& r) {
    const auto addr = r.number("d", true).value_or(0);
    if (const auto it = dentries_.find(static_cast<uint64_t>(addr)); it != dentries_.end()) {
        live_[it->second].lastTouch = ++touch_;
        return it->second;
    }
    const std::string* n = r.field("n");
    const std::string name = n ? *n : std::string("?");
    const std::string* par = r.field("par");
    ObjId parent = 0;
    if (par && !(name == "/" && *par == "/")) {
        parent = parentByName(*par, 0);
        if (!parent && *par == "/") { // the root, not probed yet: its address comes later
            parent = newObject(ObjKind::Dentry, 0);
            out_.dentries.push_back({parent, 0, "/", 0, true, r.line, 0, 0});
            emit(EventKind::Alloc, ObjKind::Dentry, parent, 0, 0, intern("/"));
            emit(EventKind::Hash, ObjKind::Dentry, parent);
        }
    }
    if (name == "/" && par && *par == "/") {
        if (const auto it = dentries_.find(0); it != dentries_.end()) { // the placeholder root
            const ObjId root = it->second;
            dentries_.erase(it);
            dentries_[static_cast<uint64_t>(addr)] = root;
            for (RealDentry& d : out_.dentries)
                if (d.id == root) d.addr = static_cast<uint64_t>(addr);
            return root;
        }
    }
    const ObjId id = newObject(ObjKind::Dentry, static_cast<uint64_t>(addr));
    out_.dentries.push_back({id, static_cast<uint64_t>(addr), name, parent, true, r.line, 0, 0});
    emit(EventKind::Alloc, ObjKind::Dentry, id, parent, 0, intern(name));
    const auto fl = r.number("fl", true).value_or(0);
    if (fl & (0x200000 | 0x400000)) emit(EventKind::Hash, ObjKind::Dentry, id);
    if (const auto ino = r.number("ino", true); ino && *ino) {
        emit(EventKind::Add, ObjKind::Dentry, id, inode(static_cast<uint64_t>(*ino)));
        byInode_[static_cast<uint64_t>(*ino)] = id;
    }
    return id;
}

ObjId Builder::inode(uint64_t addr) {
    if (const auto it = inodes_.find(addr); it != inodes_.end()) return it->second;
    const ObjId id = newObject(ObjKind::Inode, addr);
    emit(EventKind::Alloc, ObjKind::Inode, id);
    return id;
}

void Builder::linkParent(ObjId d, const TraceRecord& r) {
    auto it = std::find_if(out_.dentries.begin(), out_.dentries.end(),
                           [&](const RealDentry& x) { return x.id == d; });
    const std::string* par = r.field("par");
    if (it == out_.dentries.end() || it->parent || !par || it->name == "/") return;
    const ObjId p = parentByName(*par, d);
    if (!p) return;
    it->parent = p;
    emit(EventKind::LinkChild, ObjKind::Dentry, d, p, 1);
}

void Builder::dentryProbe(const TraceRecord& r, ObjId d) {
    const std::string& ev = r.event;
    const auto cnt = r.number("cnt");
    const auto fl = static_cast<uint32_t>(r.number("fl", true).value_or(0));
    auto rd = std::find_if(out_.dentries.begin(), out_.dentries.end(),
                           [&](const RealDentry& x) { return x.id == d; });
    if (ev == "d_alloc_parallel") {
        linkParent(d, r);
        if (cnt) syncCount(d, *cnt);
        if (fl & kParLookup) emit(EventKind::InLookup, ObjKind::Dentry, d, 1);
    } else if (ev == "d_add" || ev == "d_instantiate") {
        linkParent(d, r);
        if (cnt) syncCount(d, *cnt);
        const auto ia = r.number("inode", true).value_or(0);
        ObjId in = 0;
        if (ia) {
            in = inode(static_cast<uint64_t>(ia));
            Live& li = live_[in];
            Event& alloc = out_.run.events[li.allocEvent];
            if (alloc.kind == EventKind::Alloc && alloc.obj == in && alloc.a == 0) {
                alloc.a = clamp32(r.number("ino_nr").value_or(0));
                alloc.b = clamp32(r.number("mode", true).value_or(0));
            }
            if (const auto ic = r.number("icnt")) syncCount(in, *ic);
        }
        if (ev == "d_instantiate") {
            emit(EventKind::Instantiate, ObjKind::Dentry, d, in);
            return;
        }
        emit(EventKind::Add, ObjKind::Dentry, d, in);
        emit(EventKind::Hash, ObjKind::Dentry, d);
        if (ia) byInode_[static_cast<uint64_t>(ia)] = d;
        if (fl & kParLookup) emit(EventKind::InLookup, ObjKind::Dentry, d, 0);
    } else if (ev == "dput") {
        if (cnt) {
            syncCount(d, *cnt);
            emit(EventKind::Put, ObjKind::Dentry, d, *cnt, *cnt - 1, intern("dput"));
            live_[d].count = static_cast<int32_t>(*cnt - 1);
        }
    } else if (ev == "dentry_free") {
        emit(EventKind::Free, ObjKind::Dentry, d);
        if (rd != out_.dentries.end()) rd->freeLine = r.line;
        dentries_.erase(rd != out_.dentries.end() ? rd->addr : 0);
        live_.erase(d);
    } else {
        if (cnt && ev != "dentry_kill") syncCount(d, *cnt);
        if (ev == "d_lru_add") {
            emit(EventKind::LruAdd, ObjKind::Dentry, d);
        } else if (ev == "d_lru_del") {
            emit(EventKind::LruDel, ObjKind::Dentry, d);
        } else if (ev == "dentry_kill") {
            emit(EventKind::SetFlag, ObjKind::Dentry, d, static_cast<int>(Flag::Killed), 1);
            if (rd != out_.dentries.end()) rd->killLine = r.line;
        } else if (ev == "ev_lookup") {
            emit(EventKind::FuncEnter, ObjKind::Dentry, d, 0, 0, intern("eventfs_root_lookup"));
        } else if (ev == "d_delete") {
            emit(EventKind::FuncEnter, ObjKind::Dentry, d, 0, 0, intern("tracefs_d_delete"));
        } else if (ev == "ev_iterate") {
            emit(EventKind::FuncEnter, ObjKind::Dentry, d, 0, 0, intern("eventfs_iterate"));
        } else {
            static const std::map<std::string, std::string, std::less<>> kFn = {
                {"revalidate", "tracefs_d_revalidate"},
                {"dentry_open", "do_dentry_open"},
                {"getattr", "vfs_getattr"},
                {"d_release", "tracefs_d_release"},
                {"ev_d_release", "eventfs_d_release"}};
            const auto f = kFn.find(ev);
            call(f != kFn.end() ? f->second : ev, ObjKind::Dentry, d);
        }
    }
}

void Builder::inodeProbe(const TraceRecord& r) {
    const auto addr = static_cast<uint64_t>(r.number("inode", true).value_or(0));
    const std::string& ev = r.event;
    if (ev == "tr_alloc_inode_ret") {
        if (inodes_.count(addr)) { // reused without a free seen: a new inode all the same
            live_.erase(inodes_[addr]);
            inodes_.erase(addr);
        }
        inode(addr);
        return;
    }
    const ObjId in = inode(addr);
    const auto icnt = r.number("icnt");
    if (ev == "iput") {
        if (icnt) {
            syncCount(in, *icnt);
            emit(EventKind::Put, ObjKind::Inode, in, *icnt, *icnt - 1, intern("iput"));
            live_[in].count = static_cast<int32_t>(*icnt - 1);
        }
    } else if (ev == "free_inode") {
        emit(EventKind::Free, ObjKind::Inode, in);
        inodes_.erase(addr);
        live_.erase(in);
    } else if (ev == "drop_inode") {
        emit(EventKind::FuncEnter, ObjKind::Inode, in, 0, 0, intern("tracefs_drop_inode"));
    } else if (ev == "evict") {
        call("evict", ObjKind::Inode, in);
    } else if (ev == "destroy_inode") {
        call("tracefs_destroy_inode", ObjKind::Inode, in);
    } else if (ev == "ev_get_inode_ret") {
        call("eventfs_get_inode", ObjKind::Inode, in);
    }
}

void Builder::syscallEnter(const TraceRecord& r) {
    const auto fd = r.number("fd", true);
    const auto count = r.number("count", true);
    emit(EventKind::SyscallEnter, ObjKind::None, 0, fd ? *fd : -1,
         r.event == "getdents64" && count ? *count : 0, intern(r.event));
    SyscallRecord rec;
    rec.enterSeq = out_.run.events.back().seq;
    rec.task = task_;
    rec.name = r.event;
    for (const auto& [k, v] : r.fields)
        rec.args += (rec.args.empty() ? "" : ", ") + k + ": " + v;
    out_.run.records.push_back(std::move(rec));
    out_.syscalls.push_back({out_.run.records.size() - 1, r.line, 0, {}});
    open_[task_].push_back(out_.syscalls.size() - 1);
}

void Builder::syscallExit(const TraceRecord& r) {
    auto& pending = open_[task_];
    const auto it = std::find_if(pending.rbegin(), pending.rend(), [&](size_t i) {
        return out_.run.records[out_.syscalls[i].record].name == r.event;
    });
    if (it == pending.rend()) {
        ++out_.unpairedExits; // it entered before tracing started
        return;
    }
    RealSyscall& sc = out_.syscalls[*it];
    pending.erase(std::next(it).base());
    emit(EventKind::SyscallExit, ObjKind::None, 0, r.ret, 0, intern(r.event));
    SyscallRecord& rec = out_.run.records[sc.record];
    rec.exitSeq = out_.run.events.back().seq;
    rec.ret = r.ret;
    sc.exitLine = r.line;
}

void Builder::probe(const TraceRecord& r) {
    const std::string& ev = r.event;
    if (ev == "getname" || ev == "getname2") {
        // The path of the syscall this task is in (the first name it copies in).
        const std::string* p = r.field("path");
        auto& pending = open_[task_];
        if (p && !pending.empty() && out_.syscalls[pending.back()].path.empty()) {
            RealSyscall& sc = out_.syscalls[pending.back()];
            sc.path = *p;
            SyscallRecord& rec = out_.run.records[sc.record];
            rec.args = "\"" + *p + "\"" + (rec.args.empty() ? "" : ", ") + rec.args;
        }
        return;
    }
    if (r.field("inode") && !r.field("d")) return inodeProbe(r);
    if (ev == "ev_lookup_ret" || ev == "d_delete_ret" || ev == "ev_iterate_ret" ||
        ev == "drop_inode_ret") {
        static const std::map<std::string, std::string, std::less<>> kFn = {
            {"ev_lookup_ret", "eventfs_root_lookup"},
            {"d_delete_ret", "tracefs_d_delete"},
            {"ev_iterate_ret", "eventfs_iterate"},
            {"drop_inode_ret", "tracefs_drop_inode"}};
        const auto ret = r.number("ret", true).value_or(0);
        emit(EventKind::FuncExit, ObjKind::None, 0, ret, 0, intern(kFn.at(ev)));
        return;
    }
    if (r.field("d")) {
        if (r.number("d", true).value_or(0) == 0) {
            // The probe read d as 0 but its other fields as a live dentry's (seen on dput of
            // 6.12): its d_inode names the dentry when one live dentry has that inode.
            ++out_.nullDentryProbes;
            const auto ino = static_cast<uint64_t>(r.number("ino", true).value_or(0));
            const auto it = byInode_.find(ino);
            if (!ino || it == byInode_.end() || !live_.count(it->second)) {
                call(ev);
                return;
            }
            ++out_.nullDentryResolved;
            return dentryProbe(r, it->second);
        }
        if (ev == "d_alloc") {
            const auto addr = static_cast<uint64_t>(*r.number("d", true));
            if (const auto it = dentries_.find(addr); it != dentries_.end()) {
                live_.erase(it->second); // its dentry_free was not seen
                dentries_.erase(it);
            }
            const ObjId id = newObject(ObjKind::Dentry, addr);
            const std::string* n = r.field("n");
            out_.dentries.push_back({id, addr, n ? *n : "?", 0, false, r.line, 0, 0});
            emit(EventKind::Alloc, ObjKind::Dentry, id, 0, 0, intern(n ? *n : "?"));
            if (const auto cnt = r.number("cnt")) syncCount(id, *cnt);
            return;
        }
        return dentryProbe(r, dentry(r));
    }
    static const std::map<std::string, std::string, std::less<>> kFn = {
        {"release_ei", "release_ei"},
        {"prune_dcache_sb", "prune_dcache_sb"},
        {"shrink_dentry_list", "shrink_dentry_list"}};
    if (!kFn.count(ev)) ++out_.otherEvents;
    call(ev);
}

void Builder::record(const TraceRecord& r) {
    cur_ = &r;
    const std::string task = r.comm + "-" + std::to_string(r.pid);
    auto t = tasks_.find(task);
    if (t == tasks_.end()) {
        if (tasks_.size() >= kNoTask) {
            out_.unreadable.push_back({r.line, "more than 254 tasks: '" + task + "' left out"});
            return;
        }
        t = tasks_.emplace(task, static_cast<TaskId>(out_.run.taskNames.size())).first;
        out_.run.taskNames.push_back(task);
    }
    task_ = t->second;
    ++out_.records;
    switch (r.kind) {
    case TraceRecord::Kind::SyscallEnter:
        return syscallEnter(r);
    case TraceRecord::Kind::SyscallExit:
        return syscallExit(r);
    case TraceRecord::Kind::Probe:
        return probe(r);
    case TraceRecord::Kind::Other:
        if (r.event == "tracing_mark_write") {
            out_.markers.push_back({static_cast<uint32_t>(out_.run.events.size()), r.line, r.text});
            return;
        }
        ++out_.otherEvents;
        call(r.event);
        return;
    }
}

void Builder::finish() {
    std::sort(out_.dentries.begin(), out_.dentries.end(),
              [](const RealDentry& a, const RealDentry& b) { return a.id < b.id; });
}

} // namespace

RealTrace importFtrace(std::string_view text) {
    RealTrace out;
    ParsedTrace parsed = parseFtraceText(text);
    out.unreadable = std::move(parsed.unreadable);
    out.lines = parsed.lines;
    out.lost = parsed.lost;
    Builder b(out);
    for (const TraceRecord& r : parsed.records)
        b.record(r);
    b.finish();
    std::sort(out.unreadable.begin(), out.unreadable.end(),
              [](const UnreadableLine& a, const UnreadableLine& b) { return a.line < b.line; });
    out.run.design = "real";
    return out;
}

} // namespace ds::import
