#include "export/jsonl.h"

#include "export/common.h"
#include "trace/symbols.h"
#include "vfs/objects.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace ds::exporter {

namespace {

using ordered = nlohmann::ordered_json;

ordered taskValue(const scenario::RunResult& res, TaskId t) {
    const std::string name = taskName(res, t);
    return name.empty() ? ordered(nullptr) : ordered(name);
}

std::string dtype(uint8_t t) {
    const std::string_view name = dtypeName(t);
    return name.empty() ? std::to_string(t) : std::string(name);
}

ordered eventJson(const scenario::RunResult& res, const Event& e) {
    ordered j;
    j["type"] = "event";
    j["seq"] = e.seq;
    j["kind"] = eventKindName(e.kind);
    j["task"] = taskValue(res, e.task);
    j["obj_kind"] = objKindName(e.okind);
    j["obj"] = e.obj;
    j["a"] = e.a;
    j["b"] = e.b;
    j["sym"] = e.sym ? ordered(std::string(symbol(e.sym))) : ordered(nullptr);
    if (e.src) {
        const SourceLoc& loc = sourceLoc(e.src);
        j["src"] = loc.file + ":" + std::to_string(loc.line);
    } else {
        j["src"] = nullptr;
    }
    return j;
}

ordered syscallJson(const scenario::RunResult& res, const PlacedSyscall& p) {
    ordered j;
    j["type"] = "syscall";
    j["task"] = taskValue(res, p.task);
    if (!p.rec) {
        j["call"] = p.eventName;
        j["unfinished"] = true;
        j["enter_seq"] = p.enterSeq;
        return j;
    }
    const SyscallRecord& r = *p.rec;
    j["call"] = r.name;
    j["args"] = r.args;
    j["ret"] = r.ret;
    j["enter_seq"] = p.enterSeq;
    j["exit_seq"] = p.exitSeq;
    if (r.ret < 0 && r.ret >= -4095) j["errno"] = errnoLabel(static_cast<int>(-r.ret));
    if (r.name == "getdents64") {
        ordered entries = ordered::array();
        for (const DirEntry& e : r.entries) {
            ordered x;
            x["d_ino"] = e.ino;
            x["d_off"] = e.off;
            x["d_reclen"] = e.reclen;
            x["d_type"] = dtype(e.type);
            x["d_name"] = e.name;
            entries.push_back(std::move(x));
        }
        j["entries"] = std::move(entries);
    }
    if (r.stat) {
        j["st_ino"] = r.stat->ino;
        j["st_mode"] = r.stat->mode;
        j["st_nlink"] = r.stat->nlink;
    }
    if (r.counters) {
        j["nr_dentry"] = r.counters->nrDentry;
        j["nr_unused"] = r.counters->nrUnused;
        j["nr_inodes"] = r.counters->nrInodes;
        j["nr_free_inodes"] = r.counters->nrFreeInodes;
        j["bytes"] = r.counters->bytes(); // dentries * 192 + inodes * 656
    }
    if (!r.lines.empty()) j["lines"] = r.lines;
    return j;
}

ordered reportJson(const scenario::RunResult& res, const Report& r) {
    ordered j;
    j["type"] = "report";
    j["kind"] = reportKindName(r.kind);
    j["seq"] = r.seq;
    j["task"] = taskValue(res, r.task);
    j["function"] = r.function;
    j["headline"] = r.headline;
    j["text"] = r.text;
    j["stack"] = r.stack;
    return j;
}

void line(std::ostream& out, const ordered& j) {
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace

void writeJsonl(const scenario::RunResult& res, std::ostream& out) {
    {
        ordered j;
        j["type"] = "run";
        j["design"] = res.design;
        j["tree"] = res.tree;
        j["tasks"] = res.taskNames;
        j["events"] = res.events.size();
        j["boot_events"] = res.bootEvents;
        if (!res.error.empty()) j["error"] = res.error;
        line(out, j);
    }
    const std::vector<PlacedSyscall> calls = placeSyscalls(res);
    size_t c = 0;
    std::vector<bool> reportDone(res.reports.size(), false);
    auto flushCalls = [&](uint32_t upTo) {
        // Unfinished calls sit at their enter (printed after that event); finished ones at their
        // exit.
        while (c < calls.size() && calls[c].seq <= upTo)
            line(out, syscallJson(res, calls[c++]));
    };
    for (const Event& e : res.events) {
        line(out, eventJson(res, e));
        flushCalls(e.seq);
        if (e.kind == EventKind::Report && e.a >= 0 &&
            static_cast<size_t>(e.a) < res.reports.size()) {
            line(out, reportJson(res, res.reports[e.a]));
            reportDone[e.a] = true;
        }
    }
    flushCalls(UINT32_MAX);
    for (size_t i = 0; i < res.reports.size(); ++i)
        if (!reportDone[i]) line(out, reportJson(res, res.reports[i]));
    for (const scenario::ExpectationResult& x : res.expectations) {
        ordered j;
        j["type"] = "expectation";
        j["text"] = x.text;
        j["line"] = x.pos.line;
        j["ok"] = x.ok;
        j["detail"] = x.detail;
        line(out, j);
    }
}

std::string formatJsonl(const scenario::RunResult& res) {
    std::ostringstream out;
    writeJsonl(res, out);
    return out.str();
}

} // namespace ds::exporter
