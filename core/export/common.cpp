#include "export/common.h"

#include "scenario/parser.h"
#include "trace/symbols.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <optional>

namespace ds::exporter {

std::string taskName(const scenario::RunResult& res, TaskId t) {
    if (t == kNoTask || t >= res.taskNames.size()) return {};
    return res.taskNames[t];
}

std::string errnoLabel(int err) {
    const std::string_view name = ds::errnoName(err);
    return name.empty() ? "E" + std::to_string(err) : std::string(name);
}

namespace {

// Records the engine keeps for a macro that makes syscalls of its own and emits no syscall
// events itself (ls expands into openat/getdents64/close).
bool isMacro(std::string_view record) {
    return record == "ls" || record == "ls -R";
}

struct Span {
    uint32_t enter = 0, exit = 0;
    bool finished = false;
    std::string name;
    int32_t fd = -1;
};

} // namespace

std::vector<PlacedSyscall> placeSyscalls(const scenario::RunResult& res) {
    // Syscall spans of every task, in order.
    std::vector<std::vector<Span>> spans(res.taskNames.size());
    std::vector<std::vector<size_t>> open(res.taskNames.size());
    for (const Event& e : res.events) {
        if (e.task == kNoTask || e.task >= spans.size()) continue;
        if (e.kind == EventKind::SyscallEnter) {
            open[e.task].push_back(spans[e.task].size());
            spans[e.task].push_back(Span{e.seq, e.seq, false, std::string(symbol(e.sym)), e.a});
        } else if (e.kind == EventKind::SyscallExit && !open[e.task].empty()) {
            Span& s = spans[e.task][open[e.task].back()];
            open[e.task].pop_back();
            s.exit = e.seq;
            s.finished = true;
        }
    }

    // Records are kept in completion order: match them with the finished spans by exit.
    std::vector<std::vector<const Span*>> done(spans.size());
    for (size_t t = 0; t < spans.size(); ++t) {
        for (const Span& s : spans[t])
            if (s.finished) done[t].push_back(&s);
        std::stable_sort(done[t].begin(), done[t].end(),
                         [](const Span* a, const Span* b) { return a->exit < b->exit; });
    }
    std::vector<PlacedSyscall> out;
    std::vector<size_t> next(spans.size(), 0);
    std::vector<uint32_t> last(spans.size(), res.bootEvents);
    std::vector<std::optional<uint32_t>> macroStart(
        spans.size()); // first enter since the last macro
    for (const SyscallRecord& rec : res.records) {
        PlacedSyscall p;
        p.rec = &rec;
        p.task = rec.task;
        if (rec.task == kNoTask || rec.task >= spans.size()) {
            p.hasEvents = false;
            p.enterSeq = p.exitSeq = p.seq = res.events.empty() ? 0 : res.events.back().seq;
            out.push_back(std::move(p));
            continue;
        }
        const size_t t = rec.task;
        const size_t i = next[t];
        const bool eventless =
            isMacro(rec.name) && !(i < done[t].size() && isMacro(done[t][i]->name));
        if (!eventless && i < done[t].size()) {
            const Span& s = *done[t][i];
            p.enterSeq = s.enter;
            p.exitSeq = p.seq = s.exit;
            p.eventName = s.name;
            p.fdArg = s.fd;
            next[t] = i + 1;
            last[t] = s.exit;
            if (!macroStart[t]) macroStart[t] = s.enter;
        } else {
            p.hasEvents = false;
            p.exitSeq = p.seq = last[t];
            p.enterSeq = macroStart[t].value_or(last[t]);
            macroStart[t].reset();
        }
        out.push_back(std::move(p));
    }
    for (size_t t = 0; t < spans.size(); ++t) {
        for (const Span& s : spans[t]) {
            if (s.finished) continue;
            PlacedSyscall p;
            p.task = static_cast<TaskId>(t);
            p.enterSeq = p.exitSeq = p.seq = s.enter;
            p.finished = false;
            p.eventName = s.name;
            p.fdArg = s.fd;
            out.push_back(std::move(p));
        }
    }
    for (size_t i = 0; i < out.size(); ++i)
        out[i].order = i;
    std::stable_sort(out.begin(), out.end(), [](const PlacedSyscall& a, const PlacedSyscall& b) {
        return a.seq != b.seq ? a.seq < b.seq : a.order < b.order;
    });
    for (size_t i = 0; i < out.size(); ++i)
        out[i].order = i;
    return out;
}

std::vector<std::string> dentryPaths(const scenario::RunResult& res) {
    std::vector<std::string> name, path;
    std::vector<ObjId> parent;
    auto grow = [&](ObjId id) {
        if (id >= name.size()) {
            name.resize(id + 1);
            path.resize(id + 1);
            parent.resize(id + 1, 0);
        }
    };
    std::vector<bool> isDentry;
    for (const Event& e : res.events) {
        if (e.okind != ObjKind::Dentry) continue;
        if (e.kind == EventKind::Alloc) {
            grow(e.obj);
            if (e.obj >= isDentry.size()) isDentry.resize(e.obj + 1, false);
            isDentry[e.obj] = true;
            name[e.obj] = std::string(symbol(e.sym));
            if (e.a > 0) parent[e.obj] = static_cast<ObjId>(e.a);
            // A root until linked.
            path[e.obj] = name[e.obj] == "/" ? std::string(scenario::kTracefsRoot) : name[e.obj];
        } else if (e.kind == EventKind::LinkChild && e.obj < name.size() &&
                   path[e.obj] == name[e.obj]) {
            const auto p = static_cast<ObjId>(e.a);
            parent[e.obj] = p;
            const std::string base =
                p < path.size() && !path[p].empty() ? path[p] : std::string("?");
            path[e.obj] = base + "/" + name[e.obj];
        }
    }
    for (size_t i = 0; i < path.size(); ++i)
        if (i >= isDentry.size() || !isDentry[i]) path[i].clear();
    return path;
}

} // namespace ds::exporter
