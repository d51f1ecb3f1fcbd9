// SPDX-License-Identifier: GPL-2.0-or-later
// Explore with sleep-set reduction against plain enumeration: on every built-in scenario with
// more than one task, under every design, and on three readers, both modes must find the same
// BUGs, WARNs and KASAN reports (every distinct one, not just the first) and the same verdict,
// while the reduction runs no more schedules, and far fewer where the readers do not interact.
#include "explore_readers.h"
#include "scenario/parser.h"
#include "scenario/runner.h"
#include "tracefs/design.h"

#include <QTest>

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
};

QTEST_APPLESS_MAIN(TestExploreReduction)
#include "tst_explore_reduction.moc"
