// SPDX-License-Identifier: GPL-2.0-or-later
// The teaching mode in the window (issue 13): step by change skips function and lock events and
// opens the tree to what changed; the tree says "unused, not on LRU" until d_lru_add; the
// inspector highlights changed fields; the console shows only what has happened; ? opens the
// keys overlay; F9 selects the BUG's object; the What happened pane says the event's sentence;
// the object graph of sched at its peak lists every holder; the call stack names the kernel
// source; `--render x.svg --step N` contains the sentence of event N.
#include "callstack.h"
#include "console.h"
#include "dentrytreemodel.h"
#include "explain/explain.h"
#include "focus.h"
#include "helpoverlay.h"
#include "inspector.h"
#include "mainwindow.h"
#include "objectgraphpane.h"
#include "stepper.h"
#include "trace/symbols.h"
#include "treepane.h"
#include "whathappened.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

#include <algorithm>

using namespace ds;
using namespace ds::ui;

namespace {

// The first event of `kind` on the dentry called `name`.
uint32_t findEvent(const Replay& rp, EventKind kind, std::string_view name) {
    for (uint32_t i = 0; i < rp.size(); ++i) {
        const Event& e = rp.event(i);
        if (e.kind != kind || e.okind != ObjKind::Dentry) continue;
        const auto evs = rp.eventsOf(e.obj);
        if (!evs.empty() && rp.event(evs.front()).kind == EventKind::Alloc &&
            symbol(rp.event(evs.front()).sym) == name)
            return i;
    }
    return kNever;
}

QString stateOf(DentryTreeModel* tree, ObjId id) {
    const QModelIndex row = tree->indexOf(id);
    return tree->index(row.row(), DentryTreeModel::State, row.parent()).data().toString();
}

} // namespace

class TestGuiExplain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 9)); }
    void stepByChange();
    void lruStateOnlyAfterLruAdd();
    void consoleUpToTheStep();
    void helpOverlay();
    void f9SelectsTheReportObject();
    void whatHappened();
    void graphOfSchedAtItsPeak();
    void kernelSourceInTheCallStack();
    void stepNIsAfterEventN();
    void cliExplain();
};

void TestGuiExplain::stepByChange() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    Focus* focus = w.focus();
    const Replay& rp = focus->replay();
    w.treePane()->view()->collapseAll();
    uint32_t presses = 0;
    bool openedToAChild = false;
    while (focus->step() < focus->steps() && presses < 5000) {
        const uint32_t before = focus->step();
        QTest::keyClick(&w, Qt::Key_Right, Qt::ShiftModifier);
        ++presses;
        QVERIFY(focus->step() > before);
        const Event& e = rp.event(focus->step() - 1);
        QVERIFY2(explain::changesState(e), qPrintable(QString::number(e.seq)));
        // every event skipped over was a function entry/exit or a lock event
        for (uint32_t s = before; s + 1 < focus->step(); ++s)
            QVERIFY(!explain::changesState(rp.event(s)));
        // the tree is open down to a dentry the step changed
        if (e.okind == ObjKind::Dentry && focus->state().obj(e.obj).alive()) {
            const QModelIndex idx = w.treePane()->model()->indexOf(e.obj);
            if (idx.isValid() && idx.parent().isValid()) {
                QVERIFY(w.treePane()->view()->isExpanded(idx.parent()));
                openedToAChild = true;
            }
        }
    }
    QVERIFY(openedToAChild);
    QVERIFY2(presses < rp.size() / 2, "most events are function entry/exit or locks");
    // and back
    const uint32_t end = focus->step();
    QTest::keyClick(&w, Qt::Key_Left, Qt::ShiftModifier);
    QVERIFY(focus->step() < end);
    QVERIFY(explain::changesState(rp.event(focus->step() - 1)));
}

void TestGuiExplain::lruStateOnlyAfterLruAdd() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("refcount-lifecycle")));
    Focus* focus = w.focus();
    const Replay& rp = focus->replay();
    const uint32_t lruAdd = findEvent(rp, EventKind::LruAdd, "enable");
    QVERIFY(lruAdd != kNever);
    const ObjId enable = rp.event(lruAdd).obj;
    focus->setSelected(enable);
    focus->setStep(lruAdd); // after dput's 1 -> 0, before d_lru_add
    QCOMPARE(focus->state().obj(enable).count, 0);
    QCOMPARE(stateOf(w.treePane()->model(), enable), QStringLiteral("unused, not on LRU"));
    QCOMPARE(w.inspector()->field(QStringLiteral("DCACHE_LRU_LIST")), QStringLiteral("no"));
    w.action(QStringLiteral("actionNextChange"))->trigger(); // Shift+Right: the d_lru_add step
    QCOMPARE(focus->step(), lruAdd + 1);
    QCOMPARE(stateOf(w.treePane()->model(), enable), QStringLiteral("unused (LRU)"));
    QCOMPARE(w.inspector()->field(QStringLiteral("DCACHE_LRU_LIST")), QStringLiteral("yes"));
    QVERIFY(w.inspector()->changed(QStringLiteral("DCACHE_LRU_LIST")));
    QVERIFY(w.inspector()->changed(QStringLiteral("state")));
    QVERIFY(!w.inspector()->changed(QStringLiteral("d_name")));
}

void TestGuiExplain::consoleUpToTheStep() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    Focus* focus = w.focus();
    QCOMPARE(focus->step(), 0u);
    QCOMPARE(w.console()->visibleRows(), 0); // nothing has happened: no output, no BUG
    const uint32_t bug = focus->replay().reportSeqs().front();
    focus->setStep(bug); // just before the BUG
    for (int r = 0; r < w.console()->visibleRows(); ++r)
        QVERIFY(!w.console()->model()->index(r, 0).data().toString().startsWith(u"!!"));
    focus->setStep(bug + 1);
    bool sawBug = false;
    for (int r = 0; r < w.console()->visibleRows(); ++r)
        sawBug |= w.console()->model()->index(r, 0).data().toString().contains(
            QStringLiteral("kernel BUG at fs/dcache.c:2031!"));
    QVERIFY(sawBug);

    // dentry_state prints its counters, as the CLI does
    QVERIFY(w.openScenario(QStringLiteral("refcount-lifecycle")));
    w.focus()->setStep(w.focus()->steps());
    bool counters = false;
    for (int r = 0; r < w.console()->visibleRows(); ++r)
        counters |= w.console()->model()->index(r, 0).data().toString().contains(
            QStringLiteral("dentry_state({nr_dentry=5, nr_unused=1, nr_inodes=5"));
    QVERIFY(counters);
}

void TestGuiExplain::helpOverlay() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("refcount-lifecycle")));
    w.resize(1200, 800);
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    auto* overlay = w.findChild<HelpOverlay*>();
    QVERIFY(overlay && !overlay->isVisible());
    QTest::keyClick(&w, Qt::Key_Question);
    QVERIFY(overlay->isVisible());
    const QString keys = overlay->keysText();
    for (const char* want : {"Next change", "Previous change", "Run to next BUG/WARN", "Next event",
                             "Timeline", "Keys and legend", "Undo branch", "Dentry tree"})
        QVERIFY2(keys.contains(QLatin1String(want)), want);
    QTest::keyClick(overlay, Qt::Key_Escape);
    QVERIFY(!overlay->isVisible());
    QTest::keyClick(&w, Qt::Key_F1);
    QVERIFY(overlay->isVisible());
    QVERIFY(w.findChild<QAction*>(QStringLiteral("actionHelpFirstSteps")));
    // the legend names every dentry state and the timeline's glyphs
    auto* legend = overlay->findChild<LegendPage*>();
    QVERIFY(legend);
    const QString all = legend->entries().join(u'\n');
    for (int i = 0; i < kDentryStateCount; ++i)
        QVERIFY(all.contains(stateText(static_cast<ui::DentryState>(i))));
    QVERIFY(all.contains(QStringLiteral("red triangle")));
}

void TestGuiExplain::f9SelectsTheReportObject() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    Focus* focus = w.focus();
    QCOMPARE(focus->selected(), 0u);
    w.action(QStringLiteral("actionRunToBug"))->trigger();
    const Report& bug = focus->session()->run.reports.front();
    QCOMPARE(focus->step(), bug.seq + 1);
    QVERIFY(bug.obj != 0);
    QCOMPARE(focus->selected(), bug.obj); // like --at-bug
    QCOMPARE(w.inspector()->field(QStringLiteral("d_name")),
             QString::fromUtf8(symbol(focus->state().obj(bug.obj).name).data()));
}

void TestGuiExplain::whatHappened() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("refcount-lifecycle")));
    Focus* focus = w.focus();
    auto* pane = w.findChild<WhatHappenedPane*>();
    QVERIFY(pane);
    const uint32_t put = findEvent(focus->replay(), EventKind::Put, "enable");
    QVERIFY(put != kNever);
    focus->setStep(put + 1);
    const explain::Explainer ex(focus->session()->run, focus->replay());
    QCOMPARE(pane->sentence(), QString::fromStdString(ex.sentence(put)));
    const QString html = pane->view()->toHtml();
    QVERIFY2(html.contains(QStringLiteral("obj:%1").arg(focus->replay().event(put).obj)),
             qPrintable(html));
    QVERIFY(pane->view()->toPlainText().contains(QStringLiteral(
        "stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")"))); // its syscall
    QVERIFY(pane->view()->toPlainText().contains(QStringLiteral("Before that")));
}

void TestGuiExplain::graphOfSchedAtItsPeak() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    Focus* focus = w.focus();
    const Replay& rp = focus->replay();
    ObjId sched = 0;
    int peak = 0;
    uint32_t at = 0;
    StateAt s = rp.stateAt(0);
    for (uint32_t i = 0; i < rp.size(); ++i) {
        rp.apply(s, rp.event(i));
        const Event& e = rp.event(i);
        const ObjState& o = s.obj(e.obj);
        if (e.okind == ObjKind::Dentry && o.alive() && symbol(o.name) == "sched" &&
            o.count > peak) {
            peak = o.count;
            sched = e.obj;
            at = i + 1;
        }
    }
    QVERIFY(peak > 2);
    focus->setStep(at);
    focus->setSelected(sched);
    auto* graph = w.findChild<ObjectGraphPane*>();
    QVERIFY(graph);
    QCOMPARE(graph->shown(), sched);
    QCOMPARE(int(graph->graph().holders().size()), peak);
    QCOMPARE(focus->state().obj(sched).count, peak);
}

void TestGuiExplain::kernelSourceInTheCallStack() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    w.action(QStringLiteral("actionRunToBug"))->trigger();
    auto* model = w.callStack()->model();
    QCOMPARE(model->index(0, CallStackModel::Function).data().toString(),
             QStringLiteral("d_instantiate"));
    QCOMPARE(model->index(0, CallStackModel::Kernel).data().toString(),
             QStringLiteral("fs/dcache.c:2031 d_instantiate"));
    bool robot = false;
    for (int r = 0; r < model->rowCount(); ++r)
        robot |= model->index(r, CallStackModel::Kernel).data().toString() ==
                 QStringLiteral("fs/tracefs/inode.c:536 eventfs_start_creating");
    QVERIFY(robot);
}

// `dentryscope SC --step N --render x.svg`: the status bar names event #N and the What happened
// pane says its sentence.
void TestGuiExplain::stepNIsAfterEventN() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("w.svg"));
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("refcount-lifecycle")));
    const uint32_t n = findEvent(w.focus()->replay(), EventKind::LruAdd, "enable");
    QProcess p;
    p.start(QStringLiteral(DS_GUI_EXE),
            {QStringLiteral("refcount-lifecycle"), QStringLiteral("--step"), QString::number(n),
             QStringLiteral("--size"), QStringLiteral("1600x1000"), QStringLiteral("--render"),
             file});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
             p.readAllStandardError().constData());
    QFile svg(file);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(svg.readAll());
    QVERIFY2(text.contains(QStringLiteral(">#%1 [A] ").arg(n)), "the status bar names event #N");
    // The pane's text, as the SVG's text runs in order (a link or a wrapped line splits them),
    // compared without white space.
    static const QRegularExpression run(QStringLiteral(">([^<]+)<"));
    QString runs;
    for (auto it = run.globalMatch(text); it.hasNext();)
        runs += it.next().captured(1);
    runs.replace(QStringLiteral("&apos;"), QStringLiteral("'"))
        .replace(QStringLiteral("&quot;"), QStringLiteral("\""))
        .replace(QStringLiteral("&gt;"), QStringLiteral(">"))
        .replace(QStringLiteral("&lt;"), QStringLiteral("<"))
        .replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    runs.remove(QRegularExpression(QStringLiteral("\\s")));
    const explain::Explainer ex(w.focus()->session()->run, w.focus()->replay());
    QString sentence = QString::fromStdString(ex.sentence(n));
    sentence.remove(QRegularExpression(QStringLiteral("\\s")));
    QVERIFY(sentence.startsWith(QStringLiteral("d_lru_add(enable)")));
    QVERIFY2(runs.contains(sentence), qPrintable(sentence));
}

// `dentryscope-cli run refcount-lifecycle --format explain`: one line per state change, each the
// sentence of its event.
void TestGuiExplain::cliExplain() {
    QProcess p;
    p.start(QStringLiteral(DS_CLI_EXE),
            {QStringLiteral("run"), QStringLiteral("refcount-lifecycle"),
             QStringLiteral("--format"), QStringLiteral("explain")});
    QVERIFY(p.waitForFinished(120000));
    QCOMPARE(p.exitCode(), 0);
    const QStringList lines =
        QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("refcount-lifecycle")));
    const Replay& rp = w.focus()->replay();
    const explain::Explainer ex(w.focus()->session()->run, rp);
    QStringList want;
    for (uint32_t i = 0; i < rp.size(); ++i)
        if (explain::changesState(rp.event(i)))
            want << QStringLiteral("#%1 [%2] ")
                            .arg(i)
                            .arg(QString::fromStdString(ex.taskName(rp.event(i).task))) +
                        QString::fromStdString(ex.sentence(i));
    QVERIFY(lines.size() > 1);
    QVERIFY(lines.front().startsWith(u'#') && lines.front().contains(QStringLiteral("v6.8")));
    QCOMPARE(lines.mid(1), want);
    const QString retained = QStringLiteral(
        "[A] dput(enable): 1 \u2192 0. tracefs_d_delete() returns 0 (it is an eventfs dentry), "
        "so retain_dentry() keeps it hashed; it joins the LRU next.");
    QVERIFY(std::any_of(lines.begin(), lines.end(),
                        [&](const QString& l) { return l.endsWith(retained); }));
}

QTEST_MAIN(TestGuiExplain)
#include "tst_gui_explain.moc"
