// SPDX-License-Identifier: GPL-2.0-or-later
#include "import/conform.h"

#include "import/dentry_view.h"
#include "scenario/parser.h"
#include "scenario/runner.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

namespace ds::import {

namespace {

const std::string kEvents = std::string(kTracefsRoot) + "/events";

bool onEventfs(const std::string& path) {
    return path == kEvents || path.starts_with(kEvents + "/");
}

bool isPathCall(const std::string& n) {
    return n == "openat" || n == "open" || n == "statx" || n == "newfstatat" || n == "stat" ||
           n == "newstat" || n == "lstat" || n == "newlstat";
}

// A syscall argument as the enter event printed it ("fd: 3" in hex, "0x3" from trace-cmd);
// nullopt when it is absent or not a number.
std::optional<int64_t> argHex(const std::string& args, const std::string& key) {
    size_t at = 0;
    if (args.starts_with(key + ": ")) {
        at = key.size() + 2;
    } else {
        at = args.find(", " + key + ": ");
        if (at == std::string::npos) return std::nullopt;
        at += key.size() + 4;
    }
    std::string_view v = std::string_view(args).substr(at);
    v = v.substr(0, v.find(','));
    if (v.starts_with("0x")) v.remove_prefix(2);
    uint64_t u = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), u, 16);
    if (ec != std::errc{} || p != v.data() + v.size() || v.empty()) return std::nullopt;
    return static_cast<int64_t>(u);
}

// One traced syscall replayed as one scenario call.
struct Replayed {
    size_t syscall = 0; // index into RealTrace::syscalls
    std::string label;  // "openat /sys/kernel/tracing/events/sched"
};

// The scenario of the traced eventfs syscalls, in trace order, all in task A (the traces come
// from one CPU: the calls ran one after the other).
std::string buildScenario(const RealTrace& t, const std::string& design,
                          std::vector<Replayed>& calls, int& skipped) {
    std::string text = "design " + design + "\ntree sched\nschedule sequential\n";
    std::map<std::pair<TaskId, int64_t>, std::string> fds; // (task, fd) -> fd name
    int names = 0;
    for (size_t i = 0; i < t.syscalls.size(); ++i) {
        const RealSyscall& s = t.syscalls[i];
        const SyscallRecord& rec = t.run.records[s.record];
        const std::string& n = rec.name;
        if (!s.exitLine) { // it had not returned when tracing stopped
            if (onEventfs(s.path)) ++skipped;
            continue;
        }
        std::string call;
        if (n == "newfstatat" && s.path.empty()) { // fstatat(fd, "", AT_EMPTY_PATH): fstat
            const auto fd = argHex(rec.args, "dfd");
            if (!fd) continue;
            const auto it = fds.find({rec.task, *fd});
            if (it == fds.end()) continue;
            call = "fstat(" + it->second + ")";
        } else if (isPathCall(n)) {
            if (!onEventfs(s.path)) continue;
            if (n == "openat" || n == "open") {
                const std::string fd = "r" + std::to_string(names++);
                const int64_t flags = argHex(rec.args, "flags").value_or(0);
                call = fd + " = open(\"" + s.path + "\", O_RDONLY" +
                       ((flags & 0x10000) ? "|O_DIRECTORY" : "") + ")";
                if (rec.ret >= 0) fds[{rec.task, rec.ret}] = fd;
            } else {
                call = "stat(\"" + s.path + "\")";
            }
        } else if (n == "getdents64" || n == "close" || n == "newfstat" || n == "fstat") {
            const auto fd = argHex(rec.args, "fd");
            if (!fd) continue;
            const auto it = fds.find({rec.task, *fd});
            if (it == fds.end()) continue;
            if (n == "getdents64") {
                const int64_t count = argHex(rec.args, "count").value_or(32768);
                call = "getdents64(" + it->second + ", " + std::to_string(count) + ")";
            } else if (n == "close") {
                call = "close(" + it->second + ")";
                fds.erase(it);
            } else {
                call = "fstat(" + it->second + ")";
            }
        } else {
            continue;
        }
        text += "task A: " + call + "\n";
        calls.push_back({i, n + (s.path.empty() ? "" : " " + s.path)});
    }
    return text;
}

std::string yesNo(bool b) {
    return b ? "yes" : "no";
}

class Comparer {
public:
    Comparer(const RealTrace& t, const Run& sim, ConformResult& out)
        : t_(t), real_(t.run.events), sim_(sim.events), out_(out) {}

    void fact(bool equal, int line, const std::string& call, const std::string& what,
              const std::string& real, const std::string& sim) {
        ++out_.total;
        if (equal) {
            ++out_.equal;
            return;
        }
        out_.diffs.push_back({line, call, what, real, sim, call_});
    }
    // The replayed call the facts from now on belong to (-1: the end of the trace).
    void setCall(int call) { call_ = call; }

    void compareCall(const Replayed& c, const SyscallRecord& simRec);
    void compareEnd(int lastLine);

private:
    // Paths of dentries that went through `what` in (from, to], in order; their lines.
    std::vector<std::pair<std::string, uint32_t>>
    happened(const DentryView& v, Happening::What what, uint32_t from, uint32_t to) const {
        std::vector<std::pair<std::string, uint32_t>> out;
        for (const Happening& h : v.happenings()) {
            if (h.what != what || h.seq < from || h.seq > to) continue;
            const std::string p = v.path(h.id);
            if (onEventfs(p)) out.emplace_back(p, h.seq);
        }
        return out;
    }
    void compareSets(const Replayed& c, const char* what, Happening::What w, uint32_t rf,
                     uint32_t rt, uint32_t sf, uint32_t st, int exitLine);

    const RealTrace& t_;
    DentryView real_, sim_;
    ConformResult& out_;
    std::set<std::string> simCreated_; // paths the simulation created while replaying
    int call_ = -1;
};

void Comparer::compareSets(const Replayed& c, const char* what, Happening::What w, uint32_t rf,
                           uint32_t rt, uint32_t sf, uint32_t st, int exitLine) {
    const auto real = happened(real_, w, rf, rt);
    const auto sim = happened(sim_, w, sf, st);
    std::map<std::string, int> realLine;
    for (const auto& [p, seq] : real)
        realLine[p] = t_.line[seq];
    std::set<std::string> simPaths;
    for (const auto& [p, seq] : sim)
        simPaths.insert(p);
    if (w == Happening::What::Alloc) simCreated_.insert(simPaths.begin(), simPaths.end());
    std::set<std::string> all = simPaths;
    for (const auto& [p, line] : realLine)
        all.insert(p);
    for (const std::string& p : all) {
        const bool r = realLine.count(p) != 0, s = simPaths.count(p) != 0;
        fact(r == s, r ? realLine[p] : exitLine, c.label, std::string(what) + " " + p, yesNo(r),
             yesNo(s));
    }
    if (w == Happening::What::Kill && (real.size() > 1 || sim.size() > 1)) {
        std::string ro, so;
        for (const auto& [p, seq] : real)
            ro += (ro.empty() ? "" : ", ") + p.substr(kEvents.size());
        for (const auto& [p, seq] : sim)
            so += (so.empty() ? "" : ", ") + p.substr(kEvents.size());
        fact(ro == so, real.empty() ? exitLine : t_.line[real.front().second], c.label,
             "kill order", ro, so);
    }
}

void Comparer::compareCall(const Replayed& c, const SyscallRecord& simRec) {
    const RealSyscall& rs = t_.syscalls[c.syscall];
    const SyscallRecord& rr = t_.run.records[rs.record];
    const bool open = rr.name == "openat" || rr.name == "open";
    const bool retEqual =
        open ? (rr.ret >= 0) == (simRec.ret >= 0) && (rr.ret >= 0 || rr.ret == simRec.ret)
             : rr.ret == simRec.ret;
    fact(retEqual, rs.exitLine, c.label, "return value", std::to_string(rr.ret),
         std::to_string(simRec.ret));
    compareSets(c, "created", Happening::What::Alloc, rr.enterSeq, rr.exitSeq, simRec.enterSeq,
                simRec.exitSeq, rs.exitLine);
    compareSets(c, "killed", Happening::What::Kill, rr.enterSeq, rr.exitSeq, simRec.enterSeq,
                simRec.exitSeq, rs.exitLine);
    compareSets(c, "freed", Happening::What::Free, rr.enterSeq, rr.exitSeq, simRec.enterSeq,
                simRec.exitSeq, rs.exitLine);
    real_.advanceTo(rr.exitSeq);
    sim_.advanceTo(simRec.exitSeq);
    const auto real = real_.alive();
    const auto sim = sim_.alive();
    std::set<std::string> paths;
    // The dentries the call changed on either side (a difference is reported once, where it
    // arises, not again at every later call); dentries of the boot that the trace never saw
    // are not facts.
    for (const auto& [p, d] : real)
        if (onEventfs(p) && d.lastSeq >= rr.enterSeq) paths.insert(p);
    for (const auto& [p, d] : sim)
        if (onEventfs(p) && simCreated_.count(p) && d.lastSeq >= simRec.enterSeq) paths.insert(p);
    for (const std::string& p : paths) {
        const auto r = real.find(p);
        const auto s = sim.find(p);
        const int line = r != real.end() ? t_.line[r->second.lastSeq] : rs.exitLine;
        const std::string rc = r != real.end() ? std::to_string(r->second.count) : "not cached";
        const std::string sc = s != sim.end() ? std::to_string(s->second.count) : "not cached";
        fact(rc == sc, line, c.label, "count at exit of " + p, rc, sc);
        if (r != real.end() && s != sim.end())
            fact(r->second.lru == s->second.lru, line, c.label, "on the LRU at exit: " + p,
                 yesNo(r->second.lru), yesNo(s->second.lru));
    }
}

// When both runs are over (work deferred past a syscall's exit, such as the __fput of a
// close, has happened by then): every eventfs dentry's count and LRU membership.
void Comparer::compareEnd(int lastLine) {
    real_.advanceTo(UINT32_MAX);
    sim_.advanceTo(UINT32_MAX);
    const auto real = real_.alive();
    const auto sim = sim_.alive();
    std::set<std::string> paths;
    for (const auto& [p, d] : real)
        if (onEventfs(p)) paths.insert(p);
    for (const auto& [p, d] : sim)
        if (onEventfs(p) && simCreated_.count(p)) paths.insert(p);
    for (const std::string& p : paths) {
        const auto r = real.find(p);
        const auto s = sim.find(p);
        const int line = r != real.end() ? t_.line[r->second.lastSeq] : lastLine;
        const std::string rc = r != real.end() ? std::to_string(r->second.count) : "not cached";
        const std::string sc = s != sim.end() ? std::to_string(s->second.count) : "not cached";
        fact(rc == sc, line, "end of trace", "count of " + p, rc, sc);
        if (r != real.end() && s != sim.end())
            fact(r->second.lru == s->second.lru, line, "end of trace", "on the LRU: " + p,
                 yesNo(r->second.lru), yesNo(s->second.lru));
    }
}

} // namespace

ConformResult conform(const RealTrace& trace, const std::string& design) {
    ConformResult out;
    out.design = design;
    std::vector<Replayed> calls;
    out.scenario = buildScenario(trace, design, calls, out.skipped);
    const auto parsed =
        scenario::parseScenario(out.scenario, "conform", scenario::defaultParserContext());
    if (!parsed.ok()) {
        out.error = "the replayed syscalls do not parse as a scenario";
        if (!parsed.errors.empty()) out.error += ": " + parsed.errors.front().message;
        return out;
    }
    scenario::RunOptions opts;
    opts.designOverride = design;
    opts.checkLeaks = false;
    scenario::RunResult sim = scenario::runScenario(*parsed.scenario, opts);
    if (!sim.error.empty()) {
        out.error = sim.error;
        return out;
    }
    std::map<int, const SyscallRecord*> byCall;
    for (const SyscallRecord& r : sim.records)
        if (r.exitSeq) byCall[r.callIndex] = &r;
    Comparer cmp(trace, sim, out);
    for (size_t i = 0; i < calls.size(); ++i) {
        const auto it = byCall.find(static_cast<int>(i));
        const RealSyscall& rs = trace.syscalls[calls[i].syscall];
        out.calls.push_back(
            {calls[i].syscall, calls[i].label, trace.run.records[rs.record].exitSeq,
             it == byCall.end() ? std::nullopt : std::optional<uint32_t>(it->second->exitSeq)});
        cmp.setCall(static_cast<int>(i));
        if (it == byCall.end()) {
            cmp.fact(false, trace.syscalls[calls[i].syscall].exitLine, calls[i].label, "returned",
                     "yes", "no");
            continue;
        }
        cmp.compareCall(calls[i], *it->second);
        ++out.replayed;
    }
    cmp.setCall(-1);
    cmp.compareEnd(trace.lines);
    out.sim = std::move(static_cast<Run&>(sim)); // cmp is done with it
    return out;
}

std::string formatConformText(const ConformResult& r, const std::string& fileName) {
    std::string out;
    for (const ConformDiff& d : r.diffs)
        out += fileName + ":" + std::to_string(d.line) + ": " + d.syscall + ": " + d.fact +
               ": real " + d.real + ", " + r.design + " " + d.sim + "\n";
    out += "syscalls replayed: " + std::to_string(r.replayed) + "\n";
    out += "facts equal: " + std::to_string(r.equal) + "/" + std::to_string(r.total) + " (" +
           r.design + ")\n";
    return out;
}

std::string formatConformJsonl(const ConformResult& r, const std::string& fileName) {
    std::string out;
    for (const ConformDiff& d : r.diffs) {
        nlohmann::ordered_json j = {{"type", "difference"}, {"file", fileName}, {"line", d.line},
                                    {"syscall", d.syscall}, {"fact", d.fact},   {"real", d.real},
                                    {"sim", d.sim}};
        out += j.dump() + "\n";
    }
    nlohmann::ordered_json s = {{"type", "score"},        {"file", fileName}, {"design", r.design},
                                {"replayed", r.replayed}, {"equal", r.equal}, {"total", r.total}};
    out += s.dump() + "\n";
    return out;
}

} // namespace ds::import
