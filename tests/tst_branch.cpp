// SPDX-License-Identifier: GPL-2.0-or-later
// core/scenario/branch: choices come from the scheduler's preemption points; a branched schedule
// keeps the run identical up to the branch step and has the chosen task run next; its scenario
// text replays it exactly; branching back reproduces the original run.
#include "scenario/branch.h"
#include "scenario/parser.h"

#include <QtTest>

using namespace ds;
using namespace ds::scenario;

namespace {

Scenario load(const std::string& name) {
    std::vector<ParseError> errors;
    return *loadScenario(name, errors);
}

RunResult runWith(const Scenario& sc, std::optional<ds::Schedule> schedule = {}) {
    RunOptions opts;
    opts.recordPoints = true;
    opts.schedule = std::move(schedule);
    return runScenario(sc, opts);
}

bool same(const Event& x, const Event& y) {
    return x.seq == y.seq && x.kind == y.kind && x.task == y.task && x.okind == y.okind &&
           x.obj == y.obj && x.a == y.a && x.b == y.b && x.sym == y.sym && x.src == y.src;
}

bool samePrefix(const RunResult& a, const RunResult& b, size_t n) {
    if (a.events.size() < n || b.events.size() < n) return false;
    for (size_t i = 0; i < n; ++i)
        if (!same(a.events[i], b.events[i])) return false;
    return true;
}

} // namespace

class TestBranch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void choicesArePreemptionPoints();
    void branchEverywhere();
    void scenarioTextReplays();
    void branchBackToTheCrash();
    void switchAtBootEventIsSkipped();
};

void TestBranch::choicesArePreemptionPoints() {
    const Scenario sc = load("two-readers-v6.8");
    const RunResult r = runWith(sc);
    QVERIFY(!r.points.empty());
    QVERIFY(!choiceAt(r, 0));
    int choices = 0;
    for (uint32_t k = 0; k <= r.events.size(); ++k) {
        const auto c = choiceAt(r, k);
        if (!c) continue;
        ++choices;
        QCOMPARE(c->step, k);
        QCOMPARE(c->current, int(r.events[k - 1].task));
        QVERIFY(c->canRun(c->current));
        QVERIFY(std::popcount(c->runnable) >= 2);
        QVERIFY(c->canRun(r.events[k].task)); // what did run was one of them
    }
    QCOMPARE(size_t(choices), r.points.size());
    // Navigation between choices.
    const auto first = nextChoice(r, 0);
    QVERIFY(first);
    QCOMPARE(*first, r.points.front().seq + 1);
    QCOMPARE(nextChoice(r, *first - 1).value(), *first);
    QVERIFY(!prevChoice(r, *first));
    const auto second = nextChoice(r, *first);
    QVERIFY(second && *second > *first);
    QCOMPARE(prevChoice(r, *second).value(), *first);
}

void TestBranch::branchEverywhere() {
    const Scenario sc = load("two-readers-v6.8");
    const RunResult r = runWith(sc);
    int branched = 0;
    for (const auto& p : r.points) {
        const auto c = choiceAt(r, p.seq + 1);
        QVERIFY(c);
        for (int t = 0; t < int(sc.tasks.size()); ++t) {
            if (!c->canRun(t)) continue;
            const ds::Schedule s = branchSchedule(r.schedule, *c, t);
            const RunResult b = runWith(sc, s);
            QVERIFY2(samePrefix(r, b, c->step), qPrintable(QStringLiteral("step %1").arg(c->step)));
            QCOMPARE(int(b.events[c->step].task), t);
            QCOMPARE(b.impossibleSwitches, 0);
            if (t == c->current) QVERIFY(s.switches.empty());
            ++branched;
        }
    }
    QVERIFY(branched > 2);
}

void TestBranch::scenarioTextReplays() {
    std::string source;
    std::vector<ParseError> errors;
    const Scenario sc = *loadScenario("d_instantiate-crash", errors, &source);
    const RunResult r = runWith(sc);
    const auto c = nextChoice(r, 100);
    QVERIFY(c);
    const auto choice = *choiceAt(r, *c);
    const int other = choice.current == 0 ? 1 : 0;
    QVERIFY(choice.canRun(other));
    const ds::Schedule s = branchSchedule(r.schedule, choice, other);
    const std::string text = scenarioWithSchedule(source, sc.tasks, s, "", "branched");
    QVERIFY(text.find("# branched\n") != std::string::npos);
    QVERIFY(text.find("switch at 229 to B") == std::string::npos || *c > 230);
    const ParseResult parsed = parseScenario(text, "b.scn", defaultParserContext());
    QVERIFY2(parsed.ok(), text.c_str());
    QCOMPARE(parsed.scenario->calls, sc.calls); // the calls come before the schedule lines
    QCOMPARE(parsed.scenario->expectations.size(), sc.expectations.size());
    QCOMPARE(parsed.scenario->expectations.front().text, sc.expectations.front().text);
    const RunResult again = runScenario(*parsed.scenario);
    const RunResult b = runWith(sc, s);
    QCOMPARE(again.events.size(), b.events.size());
    QVERIFY(samePrefix(again, b, b.events.size()));
    // A design override replaces the design line.
    const std::string v68 = scenarioWithSchedule(source, sc.tasks, s, "v6.8");
    const ParseResult p2 = parseScenario(v68, "c.scn", defaultParserContext());
    QVERIFY(p2.ok());
    QCOMPARE(p2.scenario->design, std::string("v6.8"));
    // The engine schedule and its scenario form convert both ways.
    ds::Schedule fixed;
    fixed.base = ds::Schedule::Base::Fixed;
    fixed.fixed = {1, 0, 1};
    fixed.switches = {{5, 0}, {9, 1}};
    const std::string lines = formatSchedule(toScenarioSchedule(fixed), {"A", "B"});
    QCOMPARE(lines, std::string("schedule B A B\nswitch at 5 to A\nswitch at 9 to B\n"));
}

// The crash needs the scenario's switch at 229: at that choice, A going on has no BUG, and
// choosing B again is the original run.
void TestBranch::branchBackToTheCrash() {
    const Scenario sc = load("d_instantiate-crash");
    const RunResult r = runWith(sc);
    QVERIFY(!r.reports.empty());
    const auto c = choiceAt(r, 230);
    QVERIFY(c);
    QCOMPARE(c->current, 0);
    QVERIFY(c->canRun(1));
    const RunResult a = runWith(sc, branchSchedule(r.schedule, *c, 0));
    QVERIFY(samePrefix(r, a, 230));
    QCOMPARE(int(a.events[230].task), 0);
    for (const Report& rep : a.reports)
        QVERIFY(rep.kind != Report::Kind::Bug);
    const auto back = choiceAt(a, 230);
    QVERIFY(back);
    const RunResult b = runWith(sc, branchSchedule(a.schedule, *back, 1));
    QCOMPARE(b.events.size(), r.events.size());
    QVERIFY(samePrefix(r, b, r.events.size()));
}

// Boot events (mounting, before any task runs) are no decision points: a switch after one cannot
// be taken, and it must not hold back the switches after it.
void TestBranch::switchAtBootEventIsSkipped() {
    const Scenario sc = load("d_instantiate-crash");
    const RunResult r = runWith(sc);
    QVERIFY(r.bootEvents > 3);
    ds::Schedule s = r.schedule;
    QCOMPARE(s.switches.size(), size_t(1)); // switch at 229 to B
    s.switches.insert(s.switches.begin(), ds::Schedule::Switch{2, 0});
    const RunResult b = runWith(sc, s);
    QCOMPARE(b.impossibleSwitches, 1);
    QCOMPARE(b.events.size(), r.events.size());
    QVERIFY(samePrefix(r, b, r.events.size())); // the switch at 229 still crashes it
}

QTEST_GUILESS_MAIN(TestBranch)
#include "tst_branch.moc"
