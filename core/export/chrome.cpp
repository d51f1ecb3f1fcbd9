// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/chrome.h"

#include "export/common.h"
#include "replay/replay.h"
#include "trace/symbols.h"

#include <nlohmann/json.hpp>

#include <sstream>
#include <unordered_map>

namespace ds::exporter {

namespace {

using ordered = nlohmann::ordered_json;

constexpr int kTasksPid = 1;
constexpr int kDcachePid = 2;

class Writer {
public:
    explicit Writer(std::ostream& out) : out_(out) {
        out_ << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
    }
    void add(const ordered& j) {
        if (!first_) out_ << ",\n";
        first_ = false;
        out_ << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    void finish() { out_ << "\n]}\n"; }

private:
    std::ostream& out_;
    bool first_ = true;
};

ordered tsValue(double ts) {
    const auto whole = static_cast<uint64_t>(ts);
    if (static_cast<double>(whole) == ts) return ordered(whole);
    return ordered(ts);
}

ordered base(std::string_view name, const char* ph, double ts, int pid, int tid) {
    ordered j;
    j["name"] = name;
    j["ph"] = ph;
    j["ts"] = tsValue(ts);
    j["pid"] = pid;
    j["tid"] = tid;
    return j;
}

ordered meta(const char* what, int pid, int tid, const ordered& args) {
    ordered j;
    j["name"] = what;
    j["ph"] = "M";
    j["ts"] = 0;
    j["pid"] = pid;
    j["tid"] = tid;
    j["args"] = args;
    return j;
}

struct DentryLane {
    int tid = 0;
    uint32_t alloc = 0;
    uint32_t free = 0;
    bool freed = false;
    std::string name;
};

} // namespace

void writeChromeTrace(const Run& run, std::ostream& out) {
    Writer w(out);
    const int nTasks = static_cast<int>(run.taskNames.size());
    const int bootTid = nTasks + 1;
    auto taskTid = [&](TaskId t) { return t == kNoTask || t >= nTasks ? bootTid : int(t) + 1; };
    const uint32_t endSeq = run.events.empty() ? 1 : run.events.back().seq + 1;

    // Dentry lanes and lifetimes; paths as the end of the run links them, below the mount.
    Replay replay(run.events, UINT32_MAX); // one pass to the end: no checkpoints
    const StateAt& end = replay.seek(replay.size());
    auto pathOf = [&](ObjId id) {
        const std::string p = dentryPath(end, id);
        if (p == "/") return std::string(kTracefsRoot);
        return p.starts_with('/') ? std::string(kTracefsRoot) + p : p;
    };
    std::unordered_map<ObjId, DentryLane> lanes;
    std::vector<ObjId> laneOrder;
    for (const Event& e : run.events) {
        if (e.okind != ObjKind::Dentry) continue;
        if (e.kind == EventKind::Alloc) {
            DentryLane l;
            l.tid = static_cast<int>(laneOrder.size()) + 1;
            l.alloc = e.seq;
            l.name = std::string(symbol(e.sym));
            lanes.emplace(e.obj, l);
            laneOrder.push_back(e.obj);
        } else if (e.kind == EventKind::Free) {
            if (auto it = lanes.find(e.obj); it != lanes.end()) {
                it->second.freed = true;
                it->second.free = e.seq;
            }
        }
    }
    // Lane names: the path, made unique by " #n" when a path comes back.
    std::unordered_map<std::string, int> pathUses;
    std::unordered_map<ObjId, std::string> laneName;
    for (ObjId id : laneOrder) {
        const std::string p = pathOf(id);
        const int n = ++pathUses[p];
        laneName[id] = n == 1 ? p : p + " #" + std::to_string(n);
    }

    // Metadata.
    w.add(meta("process_name", kTasksPid, 0, {{"name", "tasks"}}));
    w.add(meta("process_sort_index", kTasksPid, 0, {{"sort_index", 1}}));
    w.add(meta("process_name", kDcachePid, 0, {{"name", "dcache"}}));
    w.add(meta("process_sort_index", kDcachePid, 0, {{"sort_index", 2}}));
    for (int t = 0; t < nTasks; ++t) {
        w.add(meta("thread_name", kTasksPid, t + 1, {{"name", run.taskNames[t]}}));
        w.add(meta("thread_sort_index", kTasksPid, t + 1, {{"sort_index", t + 1}}));
    }
    w.add(meta("thread_name", kTasksPid, bootTid, {{"name", "boot"}}));
    w.add(meta("thread_sort_index", kTasksPid, bootTid, {{"sort_index", bootTid}}));
    for (ObjId id : laneOrder) {
        const DentryLane& l = lanes[id];
        w.add(meta("thread_name", kDcachePid, l.tid, {{"name", laneName[id]}}));
        w.add(meta("thread_sort_index", kDcachePid, l.tid, {{"sort_index", l.tid}}));
    }

    // Open B spans per task lane, to close them where a task dies and at the end.
    std::unordered_map<int, std::vector<std::string>> stacks;
    auto closeAll = [&](int tid, double ts) {
        auto& st = stacks[tid];
        for (int i = 0; !st.empty(); ++i) {
            ordered j = base(st.back(), "E", ts + 0.001 * i, kTasksPid, tid);
            j["args"] = {{"unwound", true}};
            w.add(j);
            st.pop_back();
        }
    };
    auto currentFunction = [&](int tid) -> std::string {
        auto& st = stacks[tid];
        return st.empty() ? std::string() : st.back();
    };
    auto dentryInstant = [&](const Event& e, std::string name, ordered args) {
        auto it = lanes.find(e.obj);
        if (it == lanes.end()) return;
        ordered j = base(name, "i", e.seq, kDcachePid, it->second.tid);
        j["s"] = "t";
        j["cat"] = "dentry";
        args["task"] = taskName(run, e.task);
        const std::string caller = currentFunction(taskTid(e.task));
        if (!caller.empty()) args["caller"] = caller;
        args["src"] = srcText(e.src);
        j["args"] = std::move(args);
        w.add(j);
    };
    auto refcount = [&](const Event& e, int value) {
        ordered j = base("refcount " + laneName[e.obj], "C", e.seq, kDcachePid, 0);
        j["args"] = {{"value", value}};
        w.add(j);
    };
    int64_t liveDentries = 0, liveInodes = 0;
    auto live = [&](const char* name, uint32_t seq, int64_t v) {
        ordered j = base(name, "C", seq, kDcachePid, 0);
        j["args"] = {{"value", v}};
        w.add(j);
    };

    for (const Event& e : run.events) {
        const int tid = taskTid(e.task);
        switch (e.kind) {
        case EventKind::SyscallEnter:
        case EventKind::FuncEnter: {
            const bool sys = e.kind == EventKind::SyscallEnter;
            const std::string name(symbol(e.sym));
            ordered j = base(name, "B", e.seq, kTasksPid, tid);
            j["cat"] = sys ? "syscall" : "function";
            ordered args;
            if (sys && e.a >= 0) args["fd"] = e.a;
            args["src"] = srcText(e.src);
            j["args"] = std::move(args);
            w.add(j);
            stacks[tid].push_back(name);
            break;
        }
        case EventKind::SyscallExit:
        case EventKind::FuncExit: {
            auto& st = stacks[tid];
            if (st.empty()) break; // unbalanced input: never emit an unmatched E
            const bool sys = e.kind == EventKind::SyscallExit;
            ordered j = base(st.back(), "E", e.seq, kTasksPid, tid);
            if (sys) j["args"] = {{"ret", e.a}};
            w.add(j);
            st.pop_back();
            break;
        }
        case EventKind::TaskExit: {
            const int t = taskTid(static_cast<TaskId>(e.obj));
            ordered j = base(e.a ? "killed" : "exit", "i", e.seq, kTasksPid, t);
            j["s"] = "t";
            w.add(j);
            if (e.a) closeAll(t, e.seq + 0.1);
            break;
        }
        case EventKind::Report: {
            if (e.a < 0 || static_cast<size_t>(e.a) >= run.reports.size()) break;
            const Report& r = run.reports[e.a];
            ordered j = base(r.headline, "I", e.seq, kTasksPid, tid);
            j["s"] = r.task == kNoTask ? "g" : "t";
            j["cat"] = "report";
            j["args"] = {
                {"kind", reportKindName(r.kind)}, {"function", r.function}, {"text", r.text}};
            w.add(j);
            if (e.okind == ObjKind::Dentry)
                dentryInstant(e, r.headline, {{"kind", reportKindName(r.kind)}});
            break;
        }
        case EventKind::LockBlock:
        case EventKind::Wait:
        case EventKind::Wake: {
            ordered j = base(std::string(eventKindName(e.kind)) +
                                 (e.sym ? " " + std::string(symbol(e.sym)) : ""),
                             "i", e.seq, kTasksPid, tid);
            j["s"] = "t";
            j["args"] = {{"obj_kind", objKindName(e.okind)}, {"obj", e.obj}};
            w.add(j);
            break;
        }
        case EventKind::DirEmit:
        case EventKind::DirSkip: {
            // One instant per getdents64 slot on the task's track: the record or the gap.
            const std::string name(symbol(e.sym));
            ordered j =
                base(std::string(eventKindName(e.kind)) + " " + name, "i", e.seq, kTasksPid, tid);
            j["s"] = "t";
            j["cat"] = "getdents";
            if (e.kind == EventKind::DirEmit)
                j["args"] = {{"pos", e.a},
                             {"buf_off", e.b},
                             {"d_reclen", dirent64Reclen(name.size())},
                             {"d_type", dtypeLabel(dirEmitType(e))},
                             {"fits", dirEmitFits(e)}};
            else
                j["args"] = {{"pos", e.a}, {"why", dirSkipWhyName(static_cast<DirSkipWhy>(e.aux))}};
            w.add(j);
            break;
        }
        default:
            break;
        }

        if (e.okind == ObjKind::Inode &&
            (e.kind == EventKind::Alloc || e.kind == EventKind::Free)) {
            liveInodes += e.kind == EventKind::Alloc ? 1 : -1;
            live("live inodes", e.seq, liveInodes);
        }
        if (e.okind != ObjKind::Dentry || e.kind == EventKind::Report) continue;
        switch (e.kind) {
        case EventKind::Alloc: {
            const DentryLane& l = lanes[e.obj];
            ordered j = base(l.name, "X", e.seq, kDcachePid, l.tid);
            j["dur"] = (l.freed ? l.free : endSeq) - l.alloc;
            j["cat"] = "dentry";
            j["args"] = {{"path", laneName[e.obj]},
                         {"id", e.obj},
                         {"freed", l.freed},
                         {"task", taskName(run, e.task)}};
            w.add(j);
            refcount(e, 1);
            live("live dentries", e.seq, ++liveDentries);
            break;
        }
        case EventKind::Free:
            refcount(e, 0);
            live("live dentries", e.seq, --liveDentries);
            dentryInstant(e, "free", {});
            break;
        case EventKind::Get:
        case EventKind::Put:
            refcount(e, e.b);
            dentryInstant(e,
                          std::string(e.kind == EventKind::Get ? "dget" : "dput") +
                              (e.sym ? " (" + std::string(symbol(e.sym)) + ")" : std::string()),
                          {{"before", e.a}, {"after", e.b}});
            break;
        case EventKind::Instantiate:
        case EventKind::Add:
        case EventKind::Hash:
        case EventKind::Unhash:
        case EventKind::LruAdd:
        case EventKind::LruDel:
        case EventKind::InLookup:
        case EventKind::Revalidate:
        case EventKind::SetFlag:
        case EventKind::CursorMove:
            dentryInstant(e, std::string(eventKindName(e.kind)), {{"a", e.a}, {"b", e.b}});
            break;
        default:
            break;
        }
    }
    // Deterministic order for the final closes.
    for (int t = 1; t <= bootTid; ++t)
        if (stacks.count(t)) closeAll(t, endSeq);
    w.finish();
}

std::string formatChromeTrace(const Run& run) {
    std::ostringstream out;
    writeChromeTrace(run, out);
    return out.str();
}

} // namespace ds::exporter
