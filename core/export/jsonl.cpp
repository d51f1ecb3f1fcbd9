// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/jsonl.h"

#include "export/common.h"
#include "trace/symbols.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace ds::exporter {

namespace {

using ordered = nlohmann::ordered_json;

ordered taskValue(const Run& run, TaskId t) {
    const std::string name = taskName(run, t);
    return name.empty() ? ordered(nullptr) : ordered(name);
}

ordered eventJson(const Run& run, const Event& e) {
    ordered j;
    j["type"] = "event";
    j["seq"] = e.seq;
    j["kind"] = eventKindName(e.kind);
    j["task"] = taskValue(run, e.task);
    j["obj_kind"] = objKindName(e.okind);
    j["obj"] = e.obj;
    j["a"] = e.a;
    j["b"] = e.b;
    j["sym"] = e.sym ? ordered(std::string(symbol(e.sym))) : ordered(nullptr);
    j["src"] = e.src ? ordered(srcText(e.src)) : ordered(nullptr);
    // a and b spelled out for the getdents64 records (see the kinds in trace/event.h)
    if (e.kind == EventKind::DirEmit) {
        j["d_name"] = std::string(symbol(e.sym));
        j["pos"] = e.a;
        j["buf_off"] = e.b;
        j["d_reclen"] = dirent64Reclen(symbol(e.sym).size());
        j["d_type"] = dtypeLabel(dirEmitType(e));
        j["fits"] = dirEmitFits(e);
    } else if (e.kind == EventKind::DirSkip) {
        j["d_name"] = std::string(symbol(e.sym));
        j["pos"] = e.a;
        j["why"] = std::string(dirSkipWhyName(static_cast<DirSkipWhy>(e.aux)));
    }
    return j;
}

ordered syscallJson(const Run& run, const SyscallAt& c) {
    ordered j;
    j["type"] = "syscall";
    if (!c.rec) {
        j["task"] = taskValue(run, c.enter->task);
        j["call"] = std::string(symbol(c.enter->sym));
        j["unfinished"] = true;
        j["enter_seq"] = c.enter->seq;
        return j;
    }
    const SyscallRecord& r = *c.rec;
    j["task"] = taskValue(run, r.task);
    j["call"] = r.name;
    j["args"] = r.args;
    j["ret"] = r.ret;
    j["enter_seq"] = r.enterSeq;
    j["exit_seq"] = r.exitSeq;
    if (r.ret < 0 && r.ret >= -4095) j["errno"] = errnoLabel(static_cast<int>(-r.ret));
    if (r.name == "getdents64") {
        ordered entries = ordered::array();
        for (const DirEntry& e : r.entries) {
            ordered x;
            x["d_ino"] = e.ino;
            x["d_off"] = e.off;
            x["d_reclen"] = e.reclen;
            x["d_type"] = dtypeLabel(e.type);
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

ordered reportJson(const Run& run, const Report& r) {
    ordered j;
    j["type"] = "report";
    j["kind"] = reportKindName(r.kind);
    j["seq"] = r.seq;
    j["task"] = taskValue(run, r.task);
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

void writeJsonl(const Run& run, std::ostream& out) {
    {
        ordered j;
        j["type"] = "run";
        j["design"] = run.design;
        j["tree"] = run.tree;
        j["tasks"] = run.taskNames;
        j["events"] = run.events.size();
        j["boot_events"] = run.bootEvents;
        if (!run.error.empty()) j["error"] = run.error;
        line(out, j);
    }
    const std::vector<SyscallAt> calls = syscallsInOrder(run);
    size_t c = 0;
    std::vector<bool> reportDone(run.reports.size(), false);
    auto flushCalls = [&](uint32_t upTo) {
        // Unfinished calls sit at their enter (printed after that event); finished ones at their
        // exit.
        while (c < calls.size() && calls[c].seq <= upTo)
            line(out, syscallJson(run, calls[c++]));
    };
    for (const Event& e : run.events) {
        line(out, eventJson(run, e));
        flushCalls(e.seq);
        if (e.kind == EventKind::Report && e.a >= 0 &&
            static_cast<size_t>(e.a) < run.reports.size()) {
            line(out, reportJson(run, run.reports[e.a]));
            reportDone[e.a] = true;
        }
    }
    flushCalls(UINT32_MAX);
    for (size_t i = 0; i < run.reports.size(); ++i)
        if (!reportDone[i]) line(out, reportJson(run, run.reports[i]));
    for (const ExpectationResult& x : run.expectations) {
        ordered j;
        j["type"] = "expectation";
        j["text"] = x.text;
        j["line"] = x.pos.line;
        j["ok"] = x.ok;
        j["detail"] = x.detail;
        line(out, j);
    }
}

std::string formatJsonl(const Run& run) {
    std::ostringstream out;
    writeJsonl(run, out);
    return out.str();
}

} // namespace ds::exporter
