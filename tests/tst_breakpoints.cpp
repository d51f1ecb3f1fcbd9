// SPDX-License-Identifier: GPL-2.0-or-later
// core/replay/breakpoints: continue forwards and backwards lands where a plain scan of the log
// says (event kinds, functions, objects, reports, disabled ones ignored), hit counts match, and on
// a million-event run a continue is one pass (timings reported, not asserted).
#include "replay/breakpoints.h"
#include "scenario/parser.h"
#include "scenario/runner.h"
#include "trace/symbols.h"

#include <QtTest>

#include <chrono>
#include <random>

using namespace ds;

namespace {

scenario::RunResult run(const std::string& nameOrText, bool isText = false) {
    if (isText) {
        auto r = scenario::parseScenario(nameOrText, "t.scn", scenario::defaultParserContext());
        return scenario::runScenario(*r.scenario);
    }
    std::vector<scenario::ParseError> errors;
    return scenario::runScenario(*scenario::loadScenario(nameOrText, errors));
}

bool hit(const std::vector<Breakpoint>& bps, const Event& e, bool reports) {
    if (reports && e.kind == EventKind::Report) return true;
    for (const Breakpoint& b : bps)
        if (b.enabled && b.matches(e)) return true;
    return false;
}

uint32_t scanNext(const Replay& rp, const std::vector<Breakpoint>& bps, uint32_t step,
                  bool reports) {
    for (uint32_t j = step; j < rp.size(); ++j)
        if (hit(bps, rp.event(j), reports)) return j + 1;
    return rp.size();
}

uint32_t scanPrev(const Replay& rp, const std::vector<Breakpoint>& bps, uint32_t step,
                  bool reports) {
    for (int64_t j = int64_t(step) - 2; j >= 0; --j)
        if (hit(bps, rp.event(uint32_t(j)), reports)) return uint32_t(j) + 1;
    return 0;
}

} // namespace

class TestBreakpoints : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matches();
    void continueEqualsScan();
    void hits();
    void millionEvents();
};

void TestBreakpoints::matches() {
    const Event enter{7, EventKind::FuncEnter,    0, ObjKind::None, 0, 0, 0,
                      0, intern("d_instantiate"), 0};
    const Event free{8, EventKind::Free, 0, ObjKind::Dentry, 0, 12, 0, 0, 0, 0};
    const Event lock{9, EventKind::LockAcquire, 0, ObjKind::Lock, 0, 12, 1, 0, 0, 0};
    const Event taskExit{10, EventKind::TaskExit, 0, ObjKind::Task, 0, 12, 0, 0, 0, 0};
    QVERIFY(Breakpoint::onFunction(intern("d_instantiate")).matches(enter));
    QVERIFY(!Breakpoint::onFunction(intern("d_add")).matches(enter));
    QVERIFY(Breakpoint::onEvent(EventKind::Free).matches(free));
    QVERIFY(!Breakpoint::onEvent(EventKind::Free).matches(enter));
    QVERIFY(Breakpoint::onObject(12).matches(free));
    QVERIFY(!Breakpoint::onObject(12).matches(lock));     // a mutex with the same number
    QVERIFY(!Breakpoint::onObject(12).matches(taskExit)); // a task index
    QVERIFY(BreakpointSet().empty());
    Breakpoint off = Breakpoint::onEvent(EventKind::Free);
    off.enabled = false;
    QVERIFY(BreakpointSet(std::span<const Breakpoint>(&off, 1)).empty());
}

void TestBreakpoints::continueEqualsScan() {
    for (const char* name :
         {"d_instantiate-crash", "removal-while-open", "two-readers-rfc-open-refs"}) {
        const auto r = run(name);
        const Replay rp(r.events);
        // A few sets: a kind, a function, objects, mixed with a disabled one; with and without
        // reports.
        std::mt19937 rng(7);
        std::vector<std::vector<Breakpoint>> sets = {
            {},
            {Breakpoint::onEvent(EventKind::Instantiate)},
            {Breakpoint::onFunction(intern("d_instantiate"))},
            {Breakpoint::onObject(2), Breakpoint::onObject(rp.maxObjId())},
            {Breakpoint::onEvent(EventKind::Free), Breakpoint::onFunction(intern("dput")),
             Breakpoint::onObject(5)},
        };
        sets.back()[1].enabled = false;
        for (const auto& bps : sets)
            for (const bool reports : {true, false}) {
                BreakpointSet set(bps);
                set.stopAtReports = reports;
                for (int i = 0; i < 200; ++i) {
                    const uint32_t step =
                        i < 2 ? (i ? rp.size() : 0) : uint32_t(rng() % (rp.size() + 1));
                    QCOMPARE(set.next(rp, step), scanNext(rp, bps, step, reports));
                    QCOMPARE(set.prev(rp, step), scanPrev(rp, bps, step, reports));
                }
                // Walking all the way: every hit once, in order.
                uint32_t k = 0, stops = 0;
                while ((k = set.next(rp, k)) < rp.size())
                    ++stops;
                uint32_t expected = 0;
                for (uint32_t j = 0; j + 1 < rp.size(); ++j)
                    expected += hit(bps, rp.event(j), reports);
                QCOMPARE(stops, expected);
            }
    }
}

void TestBreakpoints::hits() {
    const auto r = run("d_instantiate-crash");
    const Replay rp(r.events);
    const std::vector<Breakpoint> bps = {
        Breakpoint::onEvent(EventKind::Alloc), Breakpoint::onFunction(intern("d_instantiate")),
        Breakpoint::onFunction(intern("no_such_function")), Breakpoint::onObject(2)};
    const auto counts = breakpointHits(rp, bps);
    QCOMPARE(counts.size(), bps.size());
    for (size_t i = 0; i < bps.size(); ++i) {
        uint32_t n = 0;
        for (const Event& e : rp.events())
            n += bps[i].matches(e);
        QCOMPARE(counts[i], n);
    }
    QVERIFY(counts[1] >= 2);
    QCOMPARE(counts[2], 0u);
}

void TestBreakpoints::millionEvents() {
    // ls -R of the full tree four times, the cache dropped halfway (as bench_engine's seek).
    const auto r =
        run("design v6.8\ntree full\ntask A: ls -R /sys/kernel/tracing/events\n"
            "task A: ls -R /sys/kernel/tracing/events\ntask A: drop_caches\n"
            "task A: ls -R /sys/kernel/tracing/events\ntask A: ls -R /sys/kernel/tracing/events\n",
            true);
    const Replay rp(r.events);
    QVERIFY2(rp.size() > 1000000, qPrintable(QString::number(rp.size())));
    const std::vector<Breakpoint> bps = {Breakpoint::onFunction(intern("no_such_function")),
                                         Breakpoint::onEvent(EventKind::Report),
                                         Breakpoint::onObject(3)};
    const BreakpointSet set(bps);
    const auto t0 = std::chrono::steady_clock::now();
    const uint32_t to = set.next(rp, rp.size() / 2); // no kind or function hit: scans to the end
    const uint32_t back = set.prev(rp, rp.size());
    const auto t1 = std::chrono::steady_clock::now();
    QCOMPARE(to, scanNext(rp, bps, rp.size() / 2, true));
    QCOMPARE(back, scanPrev(rp, bps, rp.size(), true));
    qInfo("continue forwards + backwards over %u events: %.1f ms", rp.size(),
          std::chrono::duration<double, std::milli>(t1 - t0).count());
}

QTEST_GUILESS_MAIN(TestBreakpoints)
#include "tst_breakpoints.moc"
