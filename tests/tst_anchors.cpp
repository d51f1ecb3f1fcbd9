// SPDX-License-Identifier: GPL-2.0-or-later
// Anchored switch points (`switch to B after A's open`): parsed and written back, found in the
// run under every design, reported (line and why) where the design has no such point, and
// written by branches and Copy scenario so that the text replays the run exactly.
#include "scenario/anchor.h"
#include "scenario/branch.h"
#include "scenario/parser.h"
#include "scenario/replayable.h"
#include "trace/symbols.h"

#include "scenario_parse.h"

#include <QtTest>

using namespace ds;
using namespace ds::scenario;

namespace {

const char* const kTwoReaders = "design next-20240104\n"
                                "task A: r0 = open(\"events/sched\")\n"
                                "task A: getdents64(r0, 4096)\n"
                                "task A: close(r0)\n"
                                "task B: r0 = open(\"events/sched\")\n"
                                "task B: getdents64(r0, 4096)\n"
                                "task B: close(r0)\n";

Scenario crash(std::string* text = nullptr) {
    std::vector<ParseError> errors;
    auto sc = loadScenario("d_instantiate-crash", errors, text);
    if (!sc) qFatal("d_instantiate-crash does not load");
    return *sc;
}

RunResult run(const Scenario& sc, const std::string& design = {}) {
    RunOptions o;
    o.designOverride = design;
    o.recordPoints = true;
    return runScenario(sc, o);
}

// "A openat", "B openat", ... in the order the calls returned.
std::vector<std::string> callOrder(const RunResult& r) {
    std::vector<const SyscallRecord*> recs;
    for (const SyscallRecord& rec : r.records)
        recs.push_back(&rec);
    std::sort(recs.begin(), recs.end(),
              [](const auto* x, const auto* y) { return x->exitSeq < y->exitSeq; });
    std::vector<std::string> out;
    for (const auto* rec : recs)
        out.push_back(r.taskNames.at(rec->task) + " " + rec->name);
    return out;
}

bool hasBug(const RunResult& r, const std::string& function) {
    return std::any_of(r.reports.begin(), r.reports.end(), [&](const Report& rep) {
        return rep.kind == Report::Kind::Bug && rep.function == function;
    });
}

bool sameEvents(const RunResult& a, const RunResult& b) {
    if (a.events.size() != b.events.size()) return false;
    for (size_t i = 0; i < a.events.size(); ++i) {
        const Event &x = a.events[i], &y = b.events[i];
        if (x.kind != y.kind || x.task != y.task || x.obj != y.obj || x.a != y.a || x.b != y.b ||
            x.sym != y.sym)
            return false;
    }
    return true;
}

// The text parsed back (with the real catalogue) and run as written.
RunResult replay(const std::string& text) {
    ParseResult p = parseScenario(text, "copy.scn", defaultParserContext());
    if (!p.ok()) qFatal("copied scenario does not parse: %s", p.errors.front().format().c_str());
    return runScenario(*p.scenario);
}

} // namespace

class TestAnchors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesAndWritesBack();
    void parseErrors();
    void crashScheduleReachesTheBug();
    void v68HonoursWhatExistsAndReportsTheRest();
    void syscallAnchorsMeanTheSameUnderEveryDesign();
    void branchesAreWrittenAnchored();
    void copiedScenarioKeepsOnlyMetExpectations();
};

void TestAnchors::parsesAndWritesBack() {
    const std::string text =
        std::string(kTwoReaders) +
        "switch to B before A's getdents64\n"
        "switch to A after B's 2nd in_lookup of /sys/kernel/tracing/events/sched/sched_switch\n"
        "switch to B after A's d_add of \"events/sched/sched_waking\"\n"
        "switch to A after B's lock_acquire of eventfs_mutex\n";
    const ParseResult r = dstest::parse(text);
    QVERIFY2(r.ok(), qPrintable(dstest::errorsText(r)));
    const auto& sw = r.scenario->schedule.switches;
    QCOMPARE(sw.size(), size_t(4));
    QVERIFY(sw[0].anchor && sw[0].anchor->when == Anchor::When::Before);
    QCOMPARE(sw[0].anchor->kind, Anchor::Kind::Syscall);
    QCOMPARE(sw[0].anchor->task, 0);
    QCOMPARE(sw[0].task, 1);
    QCOMPARE(sw[1].anchor->kind, Anchor::Kind::Event);
    QCOMPARE(sw[1].anchor->occurrence, 2);
    QCOMPARE(sw[1].anchor->object, std::string("/sys/kernel/tracing/events/sched/sched_switch"));
    QCOMPARE(sw[2].anchor->kind, Anchor::Kind::Function);
    QCOMPARE(sw[2].anchor->what, std::string("d_add"));
    QCOMPARE(sw[3].anchor->object, std::string("eventfs_mutex"));
    QCOMPARE(sw[1].pos.line, 9);
    // Written back as a kernel developer would write it, and parsed back the same.
    const std::string lines = formatSchedule(r.scenario->schedule, r.scenario->tasks);
    QVERIFY2(lines.find("switch to A after B's 2nd in_lookup of events/sched/sched_switch\n") !=
                 std::string::npos,
             lines.c_str());
    const ParseResult again = dstest::parse(std::string(kTwoReaders) + lines);
    QVERIFY2(again.ok(), qPrintable(dstest::errorsText(again)));
    QCOMPARE(again.scenario->schedule, r.scenario->schedule);
}

void TestAnchors::parseErrors() {
    struct Case {
        const char* line;
        const char* message;
    };
    const Case cases[] = {
        {"switch to B after A's 3rd getdents64", "task A has 1 getdents64 call"},
        {"switch to B after C's open", "anchor on unknown task 'C'"},
        {"switch to B before A's d_add", "'before' anchors on a call"},
        {"switch to B after A's 2th open", "expected an ordinal"},
        {"switch to B after A open", "expected the task whose call"},
        {"switch to B when A's open", "expected 'after' or 'before'"},
        {"switch to B after A's close of events", "takes no object"},
        {"switch to B after A's d_add of ../x", "path contains '..'"},
    };
    for (const Case& c : cases) {
        const ParseResult r = dstest::parse(std::string(kTwoReaders) + c.line + "\n");
        QVERIFY2(!r.ok(), c.line);
        const ParseError& e = r.errors.front();
        QCOMPARE(e.line, 8);
        QVERIFY2(e.message.find(c.message) != std::string::npos, e.format().c_str());
    }
}

void TestAnchors::crashScheduleReachesTheBug() {
    const Scenario sc = crash();
    QCOMPARE(sc.design, std::string("next-20240104"));
    QCOMPARE(sc.schedule.switches.size(), size_t(3));
    for (const auto& sw : sc.schedule.switches)
        QVERIFY(sw.anchor);
    const RunResult r = run(sc);
    QVERIFY(r.anchorMisses.empty());
    QVERIFY(hasBug(r, "d_instantiate"));
    QVERIFY(r.expectationsOk);
    // Each switch happened where its anchor says.
    QCOMPARE(r.switchPoints.size(), size_t(3));
    const Event& e0 = r.events[*r.switchPoints[0]];
    QCOMPARE(e0.kind, EventKind::SyscallExit);
    QCOMPARE(symbol(e0.sym), std::string_view("openat"));
    QCOMPARE(int(e0.task), 0);
    const Event& e2 = r.events[*r.switchPoints[2]];
    QCOMPARE(e2.kind, EventKind::FuncExit);
    QCOMPARE(symbol(e2.sym), std::string_view("eventfs_start_creating"));
    QCOMPARE(int(r.events[*r.switchPoints[2] + 1].task), 1); // B ran next
}

void TestAnchors::v68HonoursWhatExistsAndReportsTheRest() {
    const Scenario sc = crash();
    const RunResult r = run(sc, "v6.8");
    QVERIFY(!hasBug(r, "d_instantiate"));
    // Both opens happen under v6.8 too: A's first, then B's, then A lists.
    QCOMPARE(r.switchPoints.size(), size_t(3));
    QVERIFY(r.switchPoints[0] && r.switchPoints[1]);
    const auto order = callOrder(r);
    QCOMPARE(order.at(0), std::string("A openat"));
    QCOMPARE(order.at(1), std::string("B openat"));
    QCOMPARE(order.at(2), std::string("A getdents64"));
    // v6.8 creates nothing in iterate: no eventfs_start_creating, and the run says so.
    QVERIFY(!r.switchPoints[2]);
    QCOMPARE(r.anchorMisses.size(), size_t(1));
    const AnchorMiss& m = r.anchorMisses.front();
    QCOMPARE(m.pos.line, sc.schedule.switches[2].pos.line);
    QVERIFY2(m.why.find("never") != std::string::npos &&
                 m.why.find("eventfs_start_creating") != std::string::npos,
             m.why.c_str());
    const std::string shown = formatMiss("d_instantiate-crash.scn", r.design, m);
    QVERIFY2(shown.find("d_instantiate-crash.scn:" + std::to_string(m.pos.line) +
                        ":1: warning: switch not taken under v6.8") == 0,
             shown.c_str());
}

void TestAnchors::syscallAnchorsMeanTheSameUnderEveryDesign() {
    // "B runs after A's open" puts B's open second under every design, whatever the event
    // numbers are.
    const ParseResult p = parseScenario(std::string(kTwoReaders) + "switch to B after A's open\n",
                                        "t.scn", defaultParserContext());
    QVERIFY(p.ok());
    for (const char* design : {"v6.5-static", "v6.7", "next-20240104", "v6.8"}) {
        const RunResult r = run(*p.scenario, design);
        QVERIFY2(r.anchorMisses.empty(), design);
        const auto order = callOrder(r);
        QCOMPARE(order.at(0), std::string("A openat"));
        QCOMPARE(order.at(1), std::string("B openat"));
    }
}

void TestAnchors::branchesAreWrittenAnchored() {
    std::string text;
    const Scenario sc = crash(&text);
    const RunResult r = run(sc, "v6.8");
    // Every choice of the v6.8 run: branch there, write the branch as scenario text, replay it.
    int anchored = 0, choices = 0;
    int seen = 0;
    for (auto step = nextChoice(r, 0); step; step = nextChoice(r, *step)) {
        if (seen++ % 5) continue; // every 5th choice keeps the test short
        const auto c = choiceAt(r, *step);
        if (!c) continue;
        const int other = c->canRun(0) && c->current != 0 ? 0 : 1;
        if (!c->canRun(other) || other == c->current) continue;
        RunOptions o;
        o.designOverride = "v6.8";
        o.recordPoints = true;
        o.schedule = branchSchedule(r.schedule, *c, other);
        const RunResult b = runScenario(sc, o);
        const std::string copy = replayableScenario(text, sc, b);
        const scenario::Schedule written = anchoredSchedule(sc, b);
        anchored += static_cast<int>(std::count_if(written.switches.begin(), written.switches.end(),
                                                   [](const auto& s) { return bool(s.anchor); }));
        ++choices;
        const RunResult back = replay(copy);
        QVERIFY2(sameEvents(back, b),
                 (copy.substr(copy.find("design v6.8")) + "\nengine switches:" +
                  [&] {
                      std::string s;
                      for (const auto& w : b.schedule.switches)
                          s += " " + std::to_string(w.afterEvent) + "->" + std::to_string(w.task);
                      s += "; replayed:";
                      for (const auto& w : back.schedule.switches)
                          s += " " + std::to_string(w.afterEvent) + "->" + std::to_string(w.task);
                      for (const auto& m : back.anchorMisses)
                          s += "\nmiss: " + m.why;
                      return s;
                  }())
                     .c_str());
    }
    QVERIFY(choices > 3);
    QVERIFY(anchored >= choices); // the branch's own switch is written anchored at least
}

void TestAnchors::copiedScenarioKeepsOnlyMetExpectations() {
    std::string text;
    const Scenario sc = crash(&text);
    // Under v6.8 the crash does not happen: the copy says v6.8, keeps the switches that were
    // taken, and drops `expect bug d_instantiate`.
    const RunResult r = run(sc, "v6.8");
    QVERIFY(!r.expectationsOk);
    const std::string copy = replayableScenario(text, sc, r);
    QVERIFY(copy.find("design v6.8\n") != std::string::npos);
    QVERIFY(copy.find("design next-20240104") == std::string::npos);
    QVERIFY(copy.find("expect bug d_instantiate") == std::string::npos);
    QVERIFY(copy.find("switch to B after A's eventfs_start_creating") == std::string::npos);
    QVERIFY(copy.find("switch to B after A's open\n") != std::string::npos);
    const RunResult back = replay(copy);
    QVERIFY(back.expectationsOk);
    QVERIFY(back.anchorMisses.empty());
    QVERIFY(sameEvents(back, r));
    // Under its own design it keeps the expectation it meets.
    const RunResult n = run(sc);
    const std::string copyN = replayableScenario(text, sc, n);
    QVERIFY(copyN.find("expect bug d_instantiate") != std::string::npos);
    // ... and the file's own anchored lines, as written.
    QVERIFY(copyN.find("switch to B after A's eventfs_start_creating of "
                       "events/sched/sched_wake_idle_without_ipi\n") != std::string::npos);
    QVERIFY(copyN.find("switch at") == std::string::npos);
    QVERIFY(sameEvents(replay(copyN), n));
}

QTEST_GUILESS_MAIN(TestAnchors)
#include "tst_anchors.moc"
