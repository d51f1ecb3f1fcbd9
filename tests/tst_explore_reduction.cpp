// SPDX-License-Identifier: GPL-2.0-or-later
// Explore with sleep-set reduction against plain enumeration: on every built-in scenario with
// more than one task, under every design, and on three readers, both modes must find the same
// BUGs, WARNs and KASAN reports (every distinct one, not just the first) and the same verdict,
// while the reduction runs no more schedules, and far fewer where the readers do not interact.
#include "explore_readers.h"
#include "scenario/parser.h"
#include "scenario/runner.h"
#include "trace/symbols.h"
#include "tracefs/design.h"

#include <QTest>

#include <set>
#include <string>

using namespace ds;

namespace {

struct Both {
    scenario::ExploreResult plain, reduced;
};

Both exploreBoth(const scenario::Scenario& sc, const std::string& design, int bound) {
    scenario::ExploreOptions opts;
    opts.designOverride = design;
    opts.preemptions = bound;
    opts.maxSchedules = 1000000;
    opts.stopAtFirstFailure = false;
    Both out;
    opts.reduction = false;
    out.plain = scenario::explore(sc, opts);
    opts.reduction = true;
    out.reduced = scenario::explore(sc, opts);
    return out;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? "none" : s;
}

using dstest::readers;

// A reader of events/sched and a task that removes it: critical sections that write (the
// removal under eventfs_mutex) against the reader's that only read.
std::string readerAndRemover() {
    return "tree tiny\n"
           "task A: r0 = open(\"/sys/kernel/tracing/events/sched\", O_RDONLY|O_DIRECTORY)\n"
           "task A: getdents64(r0, 4096)\n"
           "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n"
           "task A: close(r0)\n"
           "task B: remove /sys/kernel/tracing/events/sched\n";
}

// What each task did in a run, as a reader of its events would tell it apart: the kernel
// functions it went through, what it allocated, linked, hashed, freed and flagged, the records
// getdents64 gave it and every return value. Left out: reference count values, object ids and
// lock waits, which differ between interleavings that the reduction counts as one.
std::string behaviour(const scenario::RunResult& r) {
    std::vector<std::string> perTask(r.taskNames.size());
    for (size_t k = r.bootEvents; k < r.events.size(); ++k) {
        const Event& e = r.events[k];
        if (e.task >= perTask.size()) continue;
        switch (e.kind) {
        case EventKind::Get:
        case EventKind::Put:
        case EventKind::LockBlock:
        case EventKind::Wait:
        case EventKind::Wake:
            continue;
        default:
            break;
        }
        std::string& out = perTask[e.task];
        out += std::string(eventKindName(e.kind)) + "/" + std::string(objKindName(e.okind));
        if (e.sym) out += "/" + std::string(symbol(e.sym));
        switch (e.kind) {
        case EventKind::SyscallExit:
        case EventKind::DirEmit:
        case EventKind::DirSkip:
        case EventKind::Revalidate:
        case EventKind::DDelete:
        case EventKind::DropInode:
        case EventKind::InLookup:
        case EventKind::SetFlag:
            out += "=" + std::to_string(e.a);
            break;
        default:
            break;
        }
        out += ' ';
    }
    std::string all;
    for (const std::string& t : perTask)
        all += t + "\n";
    return all;
}

std::set<std::string> behaviours(const scenario::Scenario& sc, const std::string& design, int bound,
                                 bool reduction, int* schedules) {
    std::set<std::string> seen;
    scenario::ExploreOptions opts;
    opts.designOverride = design;
    opts.preemptions = bound;
    opts.maxSchedules = 1000000;
    opts.stopAtFirstFailure = false;
    opts.reduction = reduction;
    opts.onProgress = [&](const scenario::ExploreProgress& p) {
        if (p.run) seen.insert(behaviour(*p.run));
        return true;
    };
    const auto r = scenario::explore(sc, opts);
    *schedules = r.schedulesRun;
    return seen;
}

} // namespace

class TestExploreReduction : public QObject {
    Q_OBJECT
private slots:
    // Bound 1 under every design; bound 2 where plain enumeration stays small (the eras that
    // create every child at open have tens of thousands of bound-2 schedules, and going on past
    // every failing schedule of next-20240104 takes minutes under the sanitizers).
    void sameFailuresOnEveryBuiltinScenario_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("design");
        QTest::addColumn<int>("bound");
        for (const auto& [name, desc] : scenario::builtinScenarios()) {
            std::vector<scenario::ParseError> errors;
            const auto sc = scenario::loadScenario(name, errors);
            QVERIFY(sc);
            // One task has nothing to interleave; the full tree is too large to enumerate.
            if (sc->tasks.size() < 2 || sc->tree == "full") continue;
            for (const Design* d : allDesigns()) {
                const std::string dn(d->name);
                QTest::addRow("%s/%s/1", name.c_str(), dn.c_str())
                    << QString::fromStdString(name) << QString::fromStdString(dn) << 1;
                if (dn == "v6.8" || dn == "v6.5-static")
                    QTest::addRow("%s/%s/2", name.c_str(), dn.c_str())
                        << QString::fromStdString(name) << QString::fromStdString(dn) << 2;
            }
        }
    }
    void sameFailuresOnEveryBuiltinScenario() {
        QFETCH(QString, scenario);
        QFETCH(QString, design);
        QFETCH(int, bound);
        std::vector<scenario::ParseError> errors;
        const auto sc = scenario::loadScenario(scenario.toStdString(), errors);
        QVERIFY(sc);
        const Both r = exploreBoth(*sc, design.toStdString(), bound);
        QVERIFY2(r.plain.error.empty(), r.plain.error.c_str());
        QVERIFY2(r.reduced.error.empty(), r.reduced.error.c_str());
        QCOMPARE(r.reduced.exhausted, r.plain.exhausted);
        QVERIFY2(r.reduced.failures == r.plain.failures,
                 ("plain: " + join(r.plain.failures) + "; reduced: " + join(r.reduced.failures))
                     .c_str());
        QCOMPARE(r.reduced.failing.has_value(), r.plain.failing.has_value());
        QVERIFY(r.reduced.schedulesRun <= r.plain.schedulesRun);
    }

    void sameFailuresWithThreeReaders_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<int>("bound");
        for (const Design* d : allDesigns())
            QTest::addRow("%s/1", std::string(d->name).c_str())
                << QString::fromStdString(std::string(d->name)) << 1;
        for (const char* d : {"v6.8", "v6.5-static"})
            QTest::addRow("%s/2", d) << QString::fromUtf8(d) << 2;
    }
    void sameFailuresWithThreeReaders() {
        QFETCH(QString, design);
        QFETCH(int, bound);
        const auto parsed =
            scenario::parseScenario(readers(3), "three.scn", scenario::defaultParserContext());
        QVERIFY(parsed.ok());
        const Both r = exploreBoth(*parsed.scenario, design.toStdString(), bound);
        QVERIFY2(r.plain.error.empty(), r.plain.error.c_str());
        QCOMPARE(r.reduced.exhausted, r.plain.exhausted);
        QVERIFY2(r.reduced.failures == r.plain.failures,
                 ("plain: " + join(r.plain.failures) + "; reduced: " + join(r.reduced.failures))
                     .c_str());
        QVERIFY(r.reduced.schedulesRun <= r.plain.schedulesRun);
    }

    // The d_instantiate crash is found by both, so the comparison above is not vacuous.
    void bothFindTheDInstantiateCrash() {
        const auto parsed =
            scenario::parseScenario(readers(2), "two.scn", scenario::defaultParserContext());
        QVERIFY(parsed.ok());
        const Both r = exploreBoth(*parsed.scenario, "next-20240104", 1);
        QVERIFY(r.plain.failing);
        QVERIFY(r.reduced.failing);
        QVERIFY2(join(r.reduced.failures).find("bug in d_instantiate") != std::string::npos,
                 join(r.reduced.failures).c_str());
    }

    // Two readers under v6.8 share only the directory they list: the reduction must prune most
    // of the bound-2 schedules, and it must still exhaust the bound.
    void reductionPrunesTwoReaders() {
        const auto parsed =
            scenario::parseScenario(readers(2), "two.scn", scenario::defaultParserContext());
        QVERIFY(parsed.ok());
        const Both r = exploreBoth(*parsed.scenario, "v6.8", 2);
        QVERIFY(r.plain.exhausted && r.reduced.exhausted);
        QVERIFY(r.plain.failures.empty() && r.reduced.failures.empty());
        QVERIFY2(
            r.reduced.schedulesRun * 2 <= r.plain.schedulesRun,
            (std::to_string(r.reduced.schedulesRun) + " of " + std::to_string(r.plain.schedulesRun))
                .c_str());
        QVERIFY(r.reduced.pruned > 0);
    }

    // Stronger than the same reports: every way a task can go through the kernel that plain
    // enumeration reaches within the bound (which lookup created the dentry, who waited in
    // d_alloc_parallel, who dropped the last reference, what getdents64 returned), the
    // reduction reaches too. A pruned schedule is only ever one whose tasks do the same.
    void reductionLosesNoBehaviour_data() {
        // A built-in scenario; empty: `tasks` readers; "-": readerAndRemover().
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("design");
        QTest::addColumn<int>("bound");
        QTest::addColumn<int>("tasks");
        // The built-in scenarios where tasks interact (a removal, lookups racing), each under
        // its own design and v6.8.
        for (const auto& [name, desc] : scenario::builtinScenarios()) {
            std::vector<scenario::ParseError> errors;
            const auto sc = scenario::loadScenario(name, errors);
            QVERIFY(sc);
            if (sc->tasks.size() < 2 || sc->tree == "full") continue;
            for (const std::string& d : {sc->design, std::string("v6.8")}) {
                QTest::addRow("%s/%s/1", name.c_str(), d.c_str())
                    << QString::fromStdString(name) << QString::fromStdString(d) << 1 << 0;
                if (d == "v6.8") break;
            }
        }
        // Bound 2 found the state tracefs changes without an event (v6.6-rc1's lists, a
        // pointer design's `is_freed` read before its task took the lock).
        for (const Design* d : allDesigns())
            for (int bound : {1, 2})
                QTest::addRow("reader and remover/%s/%d", std::string(d->name).c_str(), bound)
                    << u"-"_qs << QString::fromStdString(std::string(d->name)) << bound << 0;
        QTest::addRow("reader and remover/v6.8/3") << u"-"_qs << u"v6.8"_qs << 3 << 0;
        // Bound 2 of the eras that create at open or in getdents64 runs 50,000-180,000 plain
        // schedules: too slow for every test run (under the sanitizers above all).
        for (const Design* d : allDesigns())
            QTest::addRow("readers/%s/1", std::string(d->name).c_str())
                << QString() << QString::fromStdString(std::string(d->name)) << 1 << 2;
        for (const char* d : {"v6.7", "v6.8"})
            QTest::addRow("readers/%s/2", d) << QString() << QString::fromUtf8(d) << 2 << 2;
        QTest::addRow("readers/v6.8/3") << QString() << u"v6.8"_qs << 3 << 2;
        QTest::addRow("three readers/v6.8/2") << QString() << u"v6.8"_qs << 2 << 3;
    }
    void reductionLosesNoBehaviour() {
        QFETCH(QString, scenario);
        QFETCH(QString, design);
        QFETCH(int, bound);
        QFETCH(int, tasks);
        std::optional<scenario::Scenario> sc;
        if (scenario.isEmpty() || scenario == u"-") {
            auto parsed =
                scenario::parseScenario(scenario.isEmpty() ? readers(tasks) : readerAndRemover(),
                                        "readers.scn", scenario::defaultParserContext());
            QVERIFY(parsed.ok());
            sc = *parsed.scenario;
        } else {
            std::vector<scenario::ParseError> errors;
            sc = scenario::loadScenario(scenario.toStdString(), errors);
            QVERIFY(sc);
        }
        int plainRun = 0, reducedRun = 0;
        const auto plain = behaviours(*sc, design.toStdString(), bound, false, &plainRun);
        const auto reduced = behaviours(*sc, design.toStdString(), bound, true, &reducedRun);
        std::string missing;
        for (const std::string& b : plain)
            if (!reduced.count(b)) missing += b + "--\n";
        QVERIFY2(missing.empty(),
                 (std::to_string(plain.size() - reduced.size()) +
                  " behaviours only plain enumeration reached, e.g.:\n" + missing.substr(0, 3000))
                     .c_str());
        QCOMPARE(reduced.size(), plain.size());
        // The readers interact (under v6.5-static every dentry exists from boot: they cannot).
        if (scenario.isEmpty() && design != u"v6.5-static") QVERIFY(plain.size() > 1);
        qInfo("%s bound %d: %zu behaviours; %d schedules plain, %d reduced", qPrintable(design),
              bound, plain.size(), plainRun, reducedRun);
    }

    // The goal: two readers under v6.8 at bound 3, at least ten times fewer schedules
    // than plain enumeration, with the same verdict (no report either way).
    void tenTimesFewerAtBound3() {
        const auto parsed =
            scenario::parseScenario(readers(2), "two.scn", scenario::defaultParserContext());
        QVERIFY(parsed.ok());
        const Both r = exploreBoth(*parsed.scenario, "v6.8", 3);
        QVERIFY(r.plain.exhausted && r.reduced.exhausted);
        QCOMPARE(r.reduced.failures, r.plain.failures);
        QVERIFY2(
            r.reduced.schedulesRun * 10 <= r.plain.schedulesRun,
            (std::to_string(r.reduced.schedulesRun) + " of " + std::to_string(r.plain.schedulesRun))
                .c_str());
    }
};

QTEST_APPLESS_MAIN(TestExploreReduction)
#include "tst_explore_reduction.moc"
