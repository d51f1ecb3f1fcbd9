// SPDX-License-Identifier: GPL-2.0-or-later
// Every model of the window under QAbstractItemModelTester while the whole d_instantiate-crash
// run is stepped forwards, backwards and by jumps; the dentry tree always matches the replayed
// state (every live dentry once, under its parent, with its count). The breakpoint list stays
// sane while breakpoints are added, toggled, hit and removed, and while the run branches. The
// timeline's per-zoom summary gives the same peak as reading every counter sample.
#include "breakpoints.h"
#include "callstack.h"
#include "console.h"
#include "dentrytreemodel.h"
#include "eventlogmodel.h"
#include "focus.h"
#include "inspector.h"
#include "mainwindow.h"
#include "replay/navigation.h"
#include "timelinesummary.h"
#include "trace/symbols.h"
#include "treepane.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTest>

#include <algorithm>
#include <memory>
#include <random>

using namespace ds;
using namespace ds::ui;

class TestGuiModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modelsWhileStepping();
    void breakpointsAndBranches();
    void timelineSummaryMatchesSamples();
    void newDentryShowsUnderItsParent();
    void rowsFollowTheChildListWhileStepping();

private:
    void checkTree(const MainWindow& w);
};

void TestGuiModels::checkTree(const MainWindow& w) {
    const Focus* focus = w.focus();
    const DentryTreeModel* tree = w.treePane()->model();
    const StateAt& s = focus->state();
    const Replay& rp = focus->replay();
    int expected = 0;
    for (ObjId id = 1; id <= rp.maxObjId(); ++id) {
        const ObjState& o = s.obj(id);
        if (o.kind != ObjKind::Dentry || !(o.alive() || rp.isGhost(id, focus->step()))) continue;
        ++expected;
        const QModelIndex idx = tree->indexOf(id);
        QVERIFY2(idx.isValid(),
                 qPrintable(QStringLiteral("dentry %1 at step %2").arg(id).arg(focus->step())));
        QCOMPARE(tree->index(idx.row(), DentryTreeModel::Count, idx.parent()).data().toInt(),
                 o.count);
        const ObjId parent =
            idx.parent().isValid() ? static_cast<ObjId>(idx.parent().internalId()) : 0;
        if (parent && o.parent) QCOMPARE(parent, o.parent);
        if (parent && !o.parent) { // just allocated: under the directory d_alloc pins next
            const Event& pin = rp.event(rp.lifespan(id).allocSeq + 1);
            QCOMPARE(pin.obj, parent);
            QVERIFY(!o.has(ObjState::OnParentList));
        }
    }
    // No extra rows.
    int rows = 0;
    std::function<void(const QModelIndex&)> count = [&](const QModelIndex& p) {
        for (int r = 0; r < tree->rowCount(p); ++r) {
            ++rows;
            count(tree->index(r, 0, p));
        }
    };
    count({});
    QCOMPARE(rows, expected);
    // The same rows in the same order as a model built from scratch at this step (the stepped
    // one follows only the events in between).
    DentryTreeModel fresh(const_cast<Focus*>(focus));
    std::function<void(const QModelIndex&, const QModelIndex&)> same = [&](const QModelIndex& a,
                                                                           const QModelIndex& b) {
        QCOMPARE(tree->rowCount(a), fresh.rowCount(b));
        for (int r = 0; r < tree->rowCount(a); ++r) {
            const QModelIndex ca = tree->index(r, 0, a), cb = fresh.index(r, 0, b);
            QCOMPARE(ca.internalId(), cb.internalId());
            same(ca, cb);
            if (QTest::currentTestFailed()) return;
        }
    };
    same({}, {});
}

void TestGuiModels::modelsWhileStepping() {
    MainWindow w(false);
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
    auto watch = [&](QAbstractItemModel* m, QAbstractItemModelTester::FailureReportingMode how) {
        testers.push_back(std::make_unique<QAbstractItemModelTester>(m, how));
    };
    watch(w.treePane()->model(), mode);
    watch(w.eventLogModel(), mode);
    watch(w.eventLogProxy(), mode);
    watch(w.callStack()->model(), mode);
    watch(w.inspector()->model(), mode);
    watch(w.console()->model(), mode);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    Focus* focus = w.focus();
    const uint32_t n = focus->steps();
    QVERIFY(n > 100);
    // Follow a dentry in the inspector the whole way.
    focus->setSelected(focus->replay().event(nextReport(focus->replay(), 0) - 1).obj);
    for (uint32_t k = 1; k <= n; ++k) {
        focus->setStep(k);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("forwards, step %1").arg(k)));
        if (k % 7 == 0 || k == n) {
            checkTree(w);
            if (QTest::currentTestFailed()) return;
        }
    }
    for (uint32_t k = n; k-- > 0;) {
        focus->setStep(k);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("backwards, step %1").arg(k)));
        if (k % 5 == 0) {
            checkTree(w);
            if (QTest::currentTestFailed()) return;
        }
    }
    std::mt19937 rng(1);
    for (int i = 0; i < 300; ++i) {
        focus->setStep(rng() % (n + 1));
        checkTree(w);
        if (QTest::currentTestFailed()) return;
    }
    // Filtering the event log and opening another run keep the models sane.
    w.eventLogProxy()->setFilterFixedString(QStringLiteral("d_instantiate"));
    QVERIFY(w.eventLogProxy()->rowCount() > 0);
    QVERIFY(w.eventLogProxy()->rowCount() < static_cast<int>(n));
    w.eventLogProxy()->setFilterFixedString(QString());
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash"), QStringLiteral("v6.8")));
    focus->setStep(focus->steps());
    checkTree(w);
    QVERIFY(!w.openScenario(QStringLiteral("no-such-scenario")));
    QVERIFY(!focus->hasRun());
    QCOMPARE(w.treePane()->model()->rowCount(), 0);
}

// __d_alloc leaves a new dentry its own parent until d_alloc pins the directory and links it
// (two events later); its row is under that directory from the first step it exists, never at
// the top level, and moves to the head of the list when it is linked there.
void TestGuiModels::newDentryShowsUnderItsParent() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    Focus* focus = w.focus();
    const Replay& rp = focus->replay();
    int seen = 0;
    for (uint32_t seq = focus->session()->run.bootEvents; seq + 3 < rp.size() && seen < 8; ++seq) {
        const Event& a = rp.event(seq);
        const Event& pin = rp.event(seq + 1);
        if (a.kind != EventKind::Alloc || a.okind != ObjKind::Dentry ||
            pin.kind != EventKind::Get || pin.task != a.task)
            continue;
        ++seen;
        for (uint32_t step : {seq + 1, seq + 3}) { // before the pin; after the link
            focus->setStep(step);
            const QModelIndex idx = w.treePane()->model()->indexOf(a.obj);
            QVERIFY(idx.isValid());
            QVERIFY2(idx.parent().isValid(), qPrintable(QStringLiteral("dentry #%1").arg(a.obj)));
            QCOMPARE(static_cast<ObjId>(idx.parent().internalId()), pin.obj);
            checkTree(w);
        }
        QCOMPARE(focus->state().obj(a.obj).parent, pin.obj);
    }
    QCOMPARE(seen, 8);
}

// The rows of a directory follow its child list as it changes in place: dcache_readdir's
// cursor moving along it (v6.7), children linked at its head and taken off it.
void TestGuiModels::rowsFollowTheChildListWhileStepping() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("two-readers-v6.7")));
    Focus* focus = w.focus();
    const uint32_t n = focus->steps();
    for (uint32_t k = 1; k <= n; ++k) {
        focus->setStep(k);
        checkTree(w);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("forwards, step %1").arg(k)));
    }
}

void TestGuiModels::breakpointsAndBranches() {
    MainWindow w(false);
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    QAbstractItemModelTester bpTester(w.breakpoints(), mode);
    QAbstractItemModelTester treeTester(w.treePane()->model(), mode);
    QAbstractItemModelTester logTester(w.eventLogModel(), mode);
    QAbstractItemModelTester stackTester(w.callStack()->model(), mode);
    BreakpointModel* bps = w.breakpoints();
    bps->add(Breakpoint::onEvent(EventKind::Free)); // before any run: no hits yet
    QCOMPARE(bps->index(0, BreakpointModel::Hits).data().toString(), QStringLiteral("—"));
    QVERIFY(w.openScenario(QStringLiteral("two-readers-v6.8")));
    Focus* focus = w.focus();
    QVERIFY(bps->index(0, BreakpointModel::Hits).data().toUInt() > 0);
    bps->add(Breakpoint::onFunction(intern("d_alloc")));
    QCOMPARE(bps->add(Breakpoint::onEvent(EventKind::Free)), 0); // the same target: no new row
    QCOMPARE(bps->rowCount(), 2);
    // a dentry from the middle of the run (a file's id can name another file in a branch)
    uint32_t mid = focus->replay().size() / 2;
    while (focus->replay().event(mid).okind != ObjKind::Dentry)
        ++mid;
    focus->setSelected(focus->replay().event(mid).obj);
    QVERIFY(bps->toggle(Breakpoint::onObject(focus->selected())));
    QCOMPARE(bps->rowCount(), 3);
    for (int i = 0; i < 12; ++i)
        w.continueForward();
    QVERIFY(bps->setData(bps->index(1, 0), Qt::Unchecked, Qt::CheckStateRole));
    for (int i = 0; i < 12; ++i)
        w.continueBackward();
    // Branch at every choice point of the first few, then back.
    int branches = 0;
    for (uint32_t k = 1; k < focus->steps() && branches < 3; ++k) {
        const auto c = focus->session()->choiceAt(k);
        if (!c) continue;
        focus->setStep(k);
        const TaskId other = focus->replay().event(k).task == 0 ? 1 : 0;
        if (!c->canRun(other)) continue;
        QVERIFY(w.runNext(other));
        ++branches;
        focus->setStep(focus->steps());
        checkTree(w);
        if (QTest::currentTestFailed()) return;
    }
    QCOMPARE(w.branchDepth(), 3);
    while (w.branchDepth() > 0)
        w.undoBranch();
    checkTree(w);
    QVERIFY(!bps->toggle(Breakpoint::onObject(focus->selected())));
    bps->remove(0);
    QCOMPARE(bps->rowCount(), 1);
    // Another scenario drops object breakpoints and keeps the rest.
    bps->add(Breakpoint::onObject(2));
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    QCOMPARE(bps->rowCount(), 1);
    bps->clear();
    QCOMPARE(bps->rowCount(), 0);
}

// The timeline draws a pixel column's counter peak from its summary: over ls-R-full's samples,
// every range (short ones, long ones, from any start) gives the highest value a scan finds, and
// the column's end found by prefixEnd is where the scan stops.
void TestGuiModels::timelineSummaryMatchesSamples() {
    QString error;
    auto session = Session::load(QStringLiteral("ls-R-full"), QString(), &error);
    QVERIFY2(session, qPrintable(error));
    const auto& samples = session->replay->counterSamples();
    QVERIFY(samples.size() > 4000); // every directory visited changes the counters
    std::vector<int64_t> dentries;
    for (const CounterSample& c : samples)
        dentries.push_back(c.dentries);
    const MaxPyramid peaks(dentries);
    QCOMPARE(peaks.size(), samples.size());
    QCOMPARE(peaks.max(0, dentries.size()), *std::max_element(dentries.begin(), dentries.end()));
    std::mt19937 rng(16);
    for (int i = 0; i < 3000; ++i) {
        const size_t from = rng() % dentries.size();
        const size_t len = 1 + (i % 3 == 0 ? rng() % 5 : rng() % (dentries.size() - from));
        const size_t to = std::min(dentries.size(), from + len);
        const int64_t scan = *std::max_element(dentries.begin() + from, dentries.begin() + to);
        QCOMPARE(peaks.max(from, to), scan);
        // the samples up to a step: where a column that ends at that step stops
        const uint32_t limit = samples[to - 1].step;
        const auto end = prefixEnd(samples.begin() + from, samples.end(),
                                   [&](const CounterSample& c) { return c.step <= limit; });
        QCOMPARE(size_t(end - samples.begin()), to);
    }
}

QTEST_MAIN(TestGuiModels)
#include "tst_gui_models.moc"
