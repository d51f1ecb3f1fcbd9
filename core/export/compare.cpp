// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/compare.h"

#include "export/common.h"
#include "replay/dentry_class.h"
#include "replay/replay.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace ds::exporter {

namespace {

struct DentryAt {
    int count = 0;
    std::string state;
};
using DentryMap = std::map<std::string, DentryAt>;

// The dentries alive after event `seq` (cursors left out: they are per open file).
DentryMap dentriesAfter(const Replay& replay, uint32_t seq) {
    const StateAt s = replay.stateAt(seq + 1);
    DentryMap out;
    for (ObjId id = 1; id < s.objCapacity(); ++id) {
        const ObjState& o = s.obj(id);
        if (o.kind != ObjKind::Dentry || !o.alive() || o.has(ObjState::Cursor)) continue;
        out[dentryPath(s, id)] = {o.count, std::string(dentryClassName(dentryClass(o)))};
    }
    return out;
}

// The dentries the record's task allocated and freed during the call, by path.
void createdFreed(const Run& run, const Replay& replay, const SyscallRecord& r,
                  std::set<std::string>& created, std::set<std::string>& freed) {
    const StateAt s = replay.stateAt(r.exitSeq + 1);
    for (uint32_t i = r.enterSeq; i <= r.exitSeq && i < run.events.size(); ++i) {
        const Event& e = run.events[i];
        if (e.task != r.task || e.okind != ObjKind::Dentry) continue;
        if (s.obj(e.obj).has(ObjState::Cursor)) continue;
        if (e.kind == EventKind::Alloc) created.insert(dentryPath(s, e.obj));
        if (e.kind == EventKind::Free) freed.insert(dentryPath(s, e.obj));
    }
}

std::vector<std::string> minus(const std::set<std::string>& x, const std::set<std::string>& y) {
    std::vector<std::string> out;
    std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
    return out;
}

EntriesDiff compareEntries(const SyscallRecord& a, const SyscallRecord& b) {
    EntriesDiff d;
    std::vector<std::string> na, nb;
    std::map<std::string, int64_t> offA, offB;
    for (const DirEntry& e : a.entries) {
        na.push_back(e.name);
        offA[e.name] = e.off;
    }
    for (const DirEntry& e : b.entries) {
        nb.push_back(e.name);
        offB[e.name] = e.off;
    }
    d.orderDiffers = na != nb;
    for (const auto& n : na)
        if (!offB.count(n)) d.onlyA.push_back(n);
    for (const auto& n : nb)
        if (!offA.count(n)) d.onlyB.push_back(n);
    for (const auto& n : na)
        if (offB.count(n) && offB[n] != offA[n]) d.dOff.push_back({n, offA[n], offB[n]});
    // Only the order of the names both list counts as an order difference.
    std::vector<std::string> ca, cb;
    for (const auto& n : na)
        if (offB.count(n)) ca.push_back(n);
    for (const auto& n : nb)
        if (offA.count(n)) cb.push_back(n);
    d.orderDiffers = ca != cb;
    return d;
}

std::string result(const SyscallRecord* r) {
    if (!r) return "did not return";
    std::string s = r->ret < 0 ? std::to_string(r->ret) + " (" + errnoLabel(int(-r->ret)) + ")"
                               : std::to_string(r->ret);
    if (r->name == "getdents64") s += ", " + std::to_string(r->entries.size()) + " entries";
    return s;
}

std::string join(const std::vector<std::string>& v, size_t max = 8) {
    std::string s;
    for (size_t i = 0; i < v.size() && i < max; ++i)
        s += (i ? ", " : "") + v[i];
    if (v.size() > max) s += ", ... (" + std::to_string(v.size()) + " in all)";
    return s;
}

} // namespace

bool CompareRow::same() const {
    return a && b && a->ret == b->ret && createdOnlyA.empty() && createdOnlyB.empty() &&
           freedOnlyA.empty() && freedOnlyB.empty() && atExit.empty() && !entries.any();
}

Comparison compareRuns(const Run& a, const Run& b) {
    Comparison c;
    c.designA = a.design;
    c.designB = b.design;
    const Replay ra({a.events.data(), a.events.size()});
    const Replay rb({b.events.data(), b.events.size()});
    // (call, k-th record of it) -> record, per side.
    auto index = [](const Run& run) {
        std::map<std::pair<int, int>, const SyscallRecord*> out;
        std::map<int, int> seen;
        for (const SyscallRecord& r : run.records)
            out[{r.callIndex, seen[r.callIndex]++}] = &r;
        return out;
    };
    const auto ia = index(a), ib = index(b);
    std::vector<std::pair<int, int>> order;
    std::map<int, int> seen;
    for (const SyscallRecord& r : a.records)
        order.push_back({r.callIndex, seen[r.callIndex]++});
    seen.clear();
    for (const SyscallRecord& r : b.records) {
        const std::pair<int, int> key{r.callIndex, seen[r.callIndex]++};
        if (!ia.count(key)) order.push_back(key);
    }
    for (const auto& key : order) {
        CompareRow row;
        row.callIndex = key.first;
        row.occurrence = key.second;
        row.a = ia.count(key) ? ia.at(key) : nullptr;
        row.b = ib.count(key) ? ib.at(key) : nullptr;
        const SyscallRecord* any = row.a ? row.a : row.b;
        row.task = any->task;
        row.call = any->name;
        row.args = any->args;
        std::set<std::string> ca, fa, cb, fb;
        if (row.a) createdFreed(a, ra, *row.a, ca, fa);
        if (row.b) createdFreed(b, rb, *row.b, cb, fb);
        row.createdOnlyA = minus(ca, cb);
        row.createdOnlyB = minus(cb, ca);
        row.freedOnlyA = minus(fa, fb);
        row.freedOnlyB = minus(fb, fa);
        row.createdBoth = static_cast<int>(ca.size() - row.createdOnlyA.size());
        row.freedBoth = static_cast<int>(fa.size() - row.freedOnlyA.size());
        if (row.a && row.b) {
            const DentryMap da = dentriesAfter(ra, row.a->exitSeq);
            const DentryMap db = dentriesAfter(rb, row.b->exitSeq);
            std::set<std::string> paths;
            for (const auto& [p, _] : da)
                paths.insert(p);
            for (const auto& [p, _] : db)
                paths.insert(p);
            for (const auto& p : paths) {
                DentryDiff d{p};
                if (const auto it = da.find(p); it != da.end())
                    d.countA = it->second.count, d.stateA = it->second.state;
                if (const auto it = db.find(p); it != db.end())
                    d.countB = it->second.count, d.stateB = it->second.state;
                if (d.countA != d.countB || d.stateA != d.stateB) row.atExit.push_back(d);
            }
            if (row.call == "getdents64") row.entries = compareEntries(*row.a, *row.b);
        }
        c.rows.push_back(std::move(row));
    }
    return c;
}

std::vector<AlignedPoint> alignedPoints(const Comparison& c, const Run& a, const Run& b,
                                        const std::vector<std::optional<uint32_t>>& switchA,
                                        const std::vector<std::optional<uint32_t>>& switchB) {
    // Where a call that never returned stopped: its task's report (the BUG that killed it).
    auto died = [](const Run& run, TaskId task, uint32_t fallback) {
        for (const Report& r : run.reports)
            if (r.task == task && r.seq >= fallback) return r.seq;
        return fallback;
    };
    std::vector<AlignedPoint> out;
    uint32_t lastA = a.bootEvents ? a.bootEvents - 1 : 0;
    uint32_t lastB = b.bootEvents ? b.bootEvents - 1 : 0;
    for (size_t i = 0; i < c.rows.size(); ++i) {
        const CompareRow& row = c.rows[i];
        const uint32_t sa = row.a ? row.a->exitSeq : died(a, row.task, lastA);
        const uint32_t sb = row.b ? row.b->exitSeq : died(b, row.task, lastB);
        out.push_back({sa, sb, "[" + taskName(row.a ? a : b, row.task) + "] " + row.call,
                       static_cast<int>(i)});
        lastA = std::max(lastA, sa);
        lastB = std::max(lastB, sb);
    }
    const size_t rows = out.size();
    for (size_t i = 0; i < switchA.size() && i < switchB.size(); ++i) {
        if (!switchA[i] || !switchB[i]) continue;
        const std::string label = "switch " + std::to_string(i + 1);
        // A switch right at a call's exit (`after A's open`) is that call's point.
        const auto same = std::find_if(out.begin(), out.begin() + long(rows), [&](const auto& p) {
            return p.seqA == *switchA[i] && p.seqB == *switchB[i];
        });
        if (same != out.begin() + long(rows))
            same->label += ", " + label;
        else
            out.push_back({*switchA[i], *switchB[i], label, -1});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const AlignedPoint& x, const AlignedPoint& y) { return x.seqA < y.seqA; });
    return out;
}

std::vector<DentryDiff> dentriesSideBySide(const Run& a, uint32_t seqA, const Run& b,
                                           uint32_t seqB) {
    const Replay ra({a.events.data(), a.events.size()});
    const Replay rb({b.events.data(), b.events.size()});
    const DentryMap da = dentriesAfter(ra, seqA), db = dentriesAfter(rb, seqB);
    std::map<std::string, DentryDiff> all;
    for (const auto& [p, d] : da)
        all[p] = {p, d.count, -1, d.state, {}};
    for (const auto& [p, d] : db) {
        auto& x = all.try_emplace(p, DentryDiff{p}).first->second;
        x.countB = d.count;
        x.stateB = d.state;
    }
    std::vector<DentryDiff> out;
    for (auto& [p, d] : all)
        out.push_back(std::move(d));
    return out;
}

namespace {

std::string dentryDiffText(const DentryDiff& d, const std::string& nameA,
                           const std::string& nameB) {
    auto side = [](int count, const std::string& state) {
        return count < 0 ? std::string("absent") : "count " + std::to_string(count) + ", " + state;
    };
    return d.path + ": " + nameA + " " + side(d.countA, d.stateA) + " | " + nameB + " " +
           side(d.countB, d.stateB);
}

std::string reportLine(const Run& run, const Report& r) {
    return std::string(reportKindName(r.kind)) + " at event " + std::to_string(r.seq) +
           (r.task == kNoTask ? std::string() : " in task " + taskName(run, r.task)) + ": " +
           r.headline;
}

} // namespace

std::string formatCompareText(const Comparison& c, const Run& a, const Run& b,
                              const std::string& verdictA, const std::string& verdictB) {
    const std::string& na = c.designA;
    const std::string& nb = c.designB == c.designA ? c.designB + " (B)" : c.designB;
    std::ostringstream out;
    out << "compare: " << na << " vs " << nb << "\n";
    int n = 0;
    for (const CompareRow& row : c.rows) {
        out << "\n#" << ++n << " [" << taskName(row.a ? a : b, row.task) << "] " << row.call << "("
            << row.args << ")" << (row.same() ? "  — same on both sides" : "") << "\n";
        out << "  " << na << ": " << result(row.a) << "\n";
        out << "  " << nb << ": " << result(row.b) << "\n";
        if (!row.createdOnlyA.empty())
            out << "  created only under " << na << ": " << join(row.createdOnlyA) << "\n";
        if (!row.createdOnlyB.empty())
            out << "  created only under " << nb << ": " << join(row.createdOnlyB) << "\n";
        if (!row.freedOnlyA.empty())
            out << "  freed only under " << na << ": " << join(row.freedOnlyA) << "\n";
        if (!row.freedOnlyB.empty())
            out << "  freed only under " << nb << ": " << join(row.freedOnlyB) << "\n";
        if (row.entries.orderDiffers) out << "  entry order differs\n";
        if (!row.entries.onlyA.empty())
            out << "  listed only under " << na << ": " << join(row.entries.onlyA) << "\n";
        if (!row.entries.onlyB.empty())
            out << "  listed only under " << nb << ": " << join(row.entries.onlyB) << "\n";
        if (!row.entries.dOff.empty()) {
            out << "  d_off differs for " << row.entries.dOff.size() << " entries:";
            for (size_t i = 0; i < row.entries.dOff.size() && i < 6; ++i)
                out << (i ? "," : "") << " " << row.entries.dOff[i].name << " "
                    << row.entries.dOff[i].a << " vs " << row.entries.dOff[i].b;
            out << (row.entries.dOff.size() > 6 ? ", ..." : "") << "\n";
        }
        if (!row.atExit.empty()) {
            out << "  at exit, " << row.atExit.size() << " dentries differ:\n";
            for (size_t i = 0; i < row.atExit.size() && i < 12; ++i)
                out << "    " << dentryDiffText(row.atExit[i], na, nb) << "\n";
            if (row.atExit.size() > 12) out << "    ...\n";
        }
    }
    out << "\nreports:\n";
    for (const auto& [run, name] : {std::pair{&a, na}, std::pair{&b, nb}}) {
        if (run->reports.empty()) out << "  " << name << ": none\n";
        for (const Report& r : run->reports)
            out << "  " << name << ": " << reportLine(*run, r) << "\n";
    }
    if (!verdictA.empty() || !verdictB.empty()) {
        out << "\nverdicts:\n";
        out << "  " << na << ": " << verdictA << "\n";
        out << "  " << nb << ": " << verdictB << "\n";
    }
    return out.str();
}

std::string formatCompareJsonl(const Comparison& c, const Run& a, const Run& b,
                               const std::string& verdictA, const std::string& verdictB) {
    using nlohmann::json;
    std::ostringstream out;
    out << json{{"type", "compare"}, {"a", c.designA}, {"b", c.designB}}.dump() << "\n";
    auto side = [](const SyscallRecord* r) {
        if (!r) return json{{"returned", false}};
        json j{{"returned", true},
               {"ret", r->ret},
               {"enter_seq", r->enterSeq},
               {"exit_seq", r->exitSeq}};
        if (r->name == "getdents64") {
            json entries = json::array();
            for (const DirEntry& e : r->entries)
                entries.push_back({{"d_name", e.name}, {"d_off", e.off}, {"d_ino", e.ino}});
            j["entries"] = entries;
        }
        return j;
    };
    for (const CompareRow& row : c.rows) {
        json j{{"type", "syscall"},
               {"task", taskName(row.a ? a : b, row.task)},
               {"call", row.call},
               {"args", row.args},
               {"call_index", row.callIndex},
               {"same", row.same()},
               {"a", side(row.a)},
               {"b", side(row.b)},
               {"created_only_a", row.createdOnlyA},
               {"created_only_b", row.createdOnlyB},
               {"freed_only_a", row.freedOnlyA},
               {"freed_only_b", row.freedOnlyB}};
        json diffs = json::array();
        for (const DentryDiff& d : row.atExit)
            diffs.push_back({{"path", d.path},
                             {"count_a", d.countA},
                             {"count_b", d.countB},
                             {"state_a", d.stateA},
                             {"state_b", d.stateB}});
        j["at_exit"] = diffs;
        if (row.call == "getdents64" && row.a && row.b) {
            json off = json::array();
            for (const auto& o : row.entries.dOff)
                off.push_back({{"d_name", o.name}, {"a", o.a}, {"b", o.b}});
            j["entries_diff"] = {{"order_differs", row.entries.orderDiffers},
                                 {"only_a", row.entries.onlyA},
                                 {"only_b", row.entries.onlyB},
                                 {"d_off", off}};
        }
        out << j.dump() << "\n";
    }
    for (const auto& [run, name] : {std::pair{&a, "a"}, std::pair{&b, "b"}})
        for (const Report& r : run->reports)
            out << json{{"type", "report"},       {"side", name},
                        {"design", run->design},  {"kind", reportKindName(r.kind)},
                        {"seq", r.seq},           {"task", taskName(*run, r.task)},
                        {"function", r.function}, {"headline", r.headline}}
                       .dump()
                << "\n";
    if (!verdictA.empty() || !verdictB.empty())
        for (const auto& [name, design, text] :
             {std::tuple{"a", c.designA, verdictA}, std::tuple{"b", c.designB, verdictB}})
            out << json{{"type", "verdict"}, {"side", name}, {"design", design}, {"text", text}}
                       .dump()
                << "\n";
    return out.str();
}

} // namespace ds::exporter
