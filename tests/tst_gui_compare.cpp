// SPDX-License-Identifier: GPL-2.0-or-later
// The compare view (Design › Compare with…): the crash scenario under next-20240104 beside v6.8.
// Stepping moves both sides through the aligned points; the dentry tables highlight what exists
// on one side only and counts that differ; the BUG is marked on both; explore runs in the
// background and gives each side's verdict; an image golden of the view at the BUG. And Copy
// scenario from every state the window reaches (as written, design switch, branch, undo) replays
// through `dentryscope-cli run` to the same events, exit 0.
#include "export/jsonl.h"

#include "compareaxis.h"
#include "comparemodel.h"
#include "compareview.h"
#include "explorejob.h"
#include "focus.h"
#include "headless.h"
#include "image_compare.h"
#include "mainwindow.h"
#include "runnextchooser.h"
#include "session.h"
#include "stepper.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace ds;
using namespace ds::ui;
using namespace Qt::StringLiterals;

namespace {

using Diff = CompareDentryModel::Diff;

int rowsWith(const CompareDentryModel* m, Diff d) {
    int n = 0;
    for (int r = 0; r < m->rowCount(); ++r)
        n += m->index(r, 0).data(CompareDentryModel::DiffRole).toInt() == int(d);
    return n;
}

int rowOf(const CompareDentryModel* m, const QString& path) {
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, 0).data().toString() == path) return r;
    return -1;
}

int pointNamed(const CompareView* v, const std::string& label) {
    for (int i = 0; i < v->pointCount(); ++i)
        if (v->alignedPoint(i).label == label) return i;
    return -1;
}

// The "type":"event" lines of a JSON Lines export.
QByteArrayList eventLines(const QByteArray& jsonl) {
    QByteArrayList out;
    for (const QByteArray& l : jsonl.split('\n'))
        if (l.startsWith("{\"type\":\"event\"")) out << l;
    return out;
}

} // namespace

class TestGuiCompare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void compareWithStepsBothSides();
    void bugMarkedOnBothAndVerdicts();
    void goldenAtBug();
    void copiedScenarioReplaysFromEveryState();
    void exploreInTheWindow();
};

void TestGuiCompare::initTestCase() {
    QVERIFY(headless::useRenderFont());
    headless::applyTheme(QStringLiteral("light"));
}

void TestGuiCompare::compareWithStepsBothSides() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    QVERIFY(w.action(QStringLiteral("actionCompareWith")));
    CompareView* v = w.compareWith(QStringLiteral("v6.8"));
    QVERIFY(v);
    new QAbstractItemModelTester(v->model(0),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, v);
    new QAbstractItemModelTester(v->model(1),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, v);
    QCOMPARE(v->run(0).design, std::string("next-20240104"));
    QCOMPARE(v->run(1).design, std::string("v6.8"));
    // The points: A's open, B's open (also the first two switch lines), B's getdents64 ...
    QCOMPARE(v->point(), 0);
    QCOMPARE(v->alignedPoint(0).label, std::string("[A] openat, switch 1"));
    const auto first = v->alignedPoint(0);
    v->next();
    QCOMPARE(v->point(), 1);
    QVERIFY(v->alignedPoint(1).seqA > first.seqA); // both sides moved
    QVERIFY(v->alignedPoint(1).seqB > first.seqB);
    // After B's getdents64: linux-next created every child of sched, v6.8 none.
    QCOMPARE(v->alignedPoint(1).label, std::string("[B] openat, switch 2"));
    const int listed = pointNamed(v, "[B] getdents64");
    QVERIFY(listed > 1);
    QTest::mouseClick(v->findChild<QPushButton*>(QStringLiteral("compareNext")), Qt::LeftButton);
    v->stepTo(listed);
    QCOMPARE(v->point(), listed);
    QVERIFY(rowsWith(v->model(0), Diff::OnlyHere) >= 25);
    QCOMPARE(rowsWith(v->model(1), Diff::Absent), rowsWith(v->model(0), Diff::OnlyHere));
    QCOMPARE(rowsWith(v->model(1), Diff::OnlyHere), 0);
    const int sched = rowOf(v->model(0), QStringLiteral("/events/sched"));
    QVERIFY(sched >= 0);
    QCOMPARE(rowOf(v->model(1), QStringLiteral("/events/sched")), sched); // rows line up
    QCOMPARE(v->model(0)->diffAt(sched), Diff::Count);
    QVERIFY(v->model(0)->index(sched, 0).data(Qt::BackgroundRole).isValid());
    QCOMPARE(v->model(1)->index(sched, 1).data().toString(), QStringLiteral("1"));
    const int only = rowOf(v->model(0), QStringLiteral("/events/sched/sched_switch"));
    QCOMPARE(v->model(1)->index(only, 2).data().toString(), QStringLiteral("(absent)"));
    v->previous();
    QCOMPARE(v->point(), listed - 1);
    // The shared axis: a column per point, the current one followed; clicking one steps there.
    CompareAxis* axis = v->axis();
    QCOMPARE(int(axis->columns().size()), v->pointCount());
    QCOMPARE(axis->current(), listed - 1);
    axis->resize(900, axis->sizeHint().height());
    const int last = v->pointCount() - 1;
    const int x = axis->width() - 20; // inside the last column
    QTest::mouseClick(axis, Qt::LeftButton, {}, QPoint(x, 12));
    QCOMPARE(v->point(), last);
    QCOMPARE(axis->current(), last);
}

void TestGuiCompare::bugMarkedOnBothAndVerdicts() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    CompareView* v = w.compareWith(QStringLiteral("v6.8"));
    QVERIFY(v->stepToBug());
    const uint32_t bug = v->run(0).reports.front().seq;
    QVERIFY(v->alignedPoint(v->point()).seqA >= bug);
    // On the axis: A's getdents64 did not return under linux-next, and the BUG is marked there.
    const auto& column = v->axis()->columns().at(size_t(v->point()));
    QCOMPARE(column.label, QStringLiteral("[A] getdents64"));
    QVERIFY(!column.returnedA && column.returnedB);
    QVERIFY(column.reportA && !column.reportB);
    QVERIFY2(v->headerText(0).contains(QStringLiteral("● BUG at event %1").arg(bug)),
             qPrintable(v->headerText(0)));
    QVERIFY2(v->headerText(1).contains(QStringLiteral("● on next-20240104: BUG at event")),
             qPrintable(v->headerText(1)));
    QVERIFY2(v->headerText(1).contains(QStringLiteral("on next-20240104: 1 leak report(s)")),
             qPrintable(v->headerText(1)));
    QVERIFY2(v->headerText(1).contains(QStringLiteral("switch not taken")),
             qPrintable(v->headerText(1)));
    // compareWith() started explore in the background; it ends with both verdicts.
    QTRY_VERIFY_WITH_TIMEOUT(!v->verdict(1).isEmpty(), 60000);
    QVERIFY2(v->verdict(0).startsWith(QStringLiteral("BUG in d_instantiate after")),
             qPrintable(v->verdict(0)));
    QVERIFY2(v->verdict(1).endsWith(QStringLiteral("no BUG")), qPrintable(v->verdict(1)));
    QVERIFY(v->headerText(1).contains(v->verdict(1)));
    // Again, cancelled at once: it stops and says so (or had already finished).
    v->startExplore();
    v->cancelExplore();
    QTRY_VERIFY_WITH_TIMEOUT(!v->exploring(), 60000);
    QTRY_VERIFY(!v->findChild<QPushButton*>(QStringLiteral("compareCancel"))->isVisible());
}

void TestGuiCompare::goldenAtBug() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    const Session* s = w.focus()->session();
    CompareView v(s->scenario, s->run, "v6.8");
    v.exploreNow();
    QVERIFY(v.stepToBug());
    const QImage actual = headless::renderImage(v, QSize(1200, 700));
    const QString path = QStringLiteral(DENTRYSCOPE_TESTS_DIR "/golden/images/compare-at-bug.png");
    if (qEnvironmentVariableIntValue("DENTRYSCOPE_UPDATE_GOLDEN") == 1) {
        QVERIFY(actual.save(path, "PNG"));
        return;
    }
    const QImage expected(path);
    QVERIFY2(!expected.isNull(), qPrintable(QStringLiteral("missing ") + path));
    const ImageComparison c = compareImages(expected, actual);
    if (c.matches()) return;
    writeComparisonImages(QStringLiteral(DS_GOLDEN_FAILURES_DIR "/compare-at-bug"), expected,
                          actual, c);
    QFAIL(qPrintable(QStringLiteral("compare-at-bug differs: ") + c.summary()));
}

// What the clipboard holds after Copy scenario, run by the CLI: the same events as the window's
// run, and exit 0 (the copy keeps only the expectations the run meets).
void TestGuiCompare::copiedScenarioReplaysFromEveryState() {
    MainWindow w(false);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    int copies = 0;
    auto check = [&](const char* state) {
        w.copyScenarioWithSchedule();
        const QString text = QApplication::clipboard()->text();
        const QString file = dir.filePath(QStringLiteral("copy%1.scn").arg(++copies));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
        f.close();
        QProcess p;
        p.start(QStringLiteral(DS_CLI_EXE),
                {QStringLiteral("run"), file, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, qPrintable(QString::fromLatin1(state) + QStringLiteral(": ") +
                                               p.readAllStandardError() + text));
        const QByteArray want =
            QByteArray::fromStdString(exporter::formatJsonl(w.focus()->session()->run));
        QVERIFY2(eventLines(p.readAllStandardOutput()) == eventLines(want), state);
    };
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    check("as written");
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash"), QStringLiteral("v6.8")));
    QVERIFY(w.windowTitle().contains(QStringLiteral("v6.8 (overrides next-20240104)")));
    // The switch line v6.8 has no anchor for is shown in the scenario pane, with its line.
    auto* warnings = w.findChild<QPlainTextEdit*>(QStringLiteral("scenarioErrors"));
    QVERIFY(warnings && !warnings->isHidden());
    QVERIFY2(warnings->toPlainText().contains(
                 QStringLiteral("d_instantiate-crash.scn:27:1: warning: switch not taken under "
                                "v6.8: task A returns from eventfs_start_creating")),
             qPrintable(warnings->toPlainText()));
    check("design switch");
    // A branch at the second choice of the v6.8 run: the other task runs.
    Focus* focus = w.focus();
    const auto c1 = scenario::nextChoice(focus->session()->run, 0);
    const auto c2 = scenario::nextChoice(focus->session()->run, *c1);
    focus->setStep(*c2);
    const auto choice = focus->session()->choiceAt(*c2);
    QVERIFY(w.runNext(TaskId(choice->current == 0 ? 1 : 0)));
    QCOMPARE(w.branchDepth(), 1);
    check("branch");
    QVERIFY2(focus->session()->scenarioWithSchedule().contains(QStringLiteral("switch to ")),
             qPrintable(focus->session()->scenarioWithSchedule().section(u"design v6.8"_s, 1)));
    w.undoBranch();
    QCOMPARE(w.branchDepth(), 0);
    check("undo");
    // Opening again clears the override: the file's design.
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    QVERIFY(!w.windowTitle().contains(QStringLiteral("overrides")));
    QVERIFY(warnings->isHidden()); // every anchor occurs under the file's own design
    QCOMPARE(focus->session()->run.design, std::string("next-20240104"));
}

// Design › Explore schedules: in the background, with progress; what it finds opens as a branch
// that reaches the BUG; under v6.8 it finds nothing to open.
void TestGuiCompare::exploreInTheWindow() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    QAction* explore = w.action(QStringLiteral("actionExplore"));
    QVERIFY(explore && explore->isEnabled());
    explore->trigger();
    QVERIFY(w.exploreJob());
    QTRY_VERIFY_WITH_TIMEOUT(!w.exploreJob()->running(), 60000);
    QVERIFY2(w.exploreJob()->verdict().startsWith(QStringLiteral("BUG in d_instantiate after")),
             qPrintable(w.exploreJob()->verdict()));
    QVERIFY(w.exploreJob()->progressText().contains(QStringLiteral("schedules")));
    auto* label = w.findChild<QLabel*>(QStringLiteral("exploreLabel"));
    QVERIFY(label && label->text().contains(QStringLiteral("Open finding as branch")));
    QVERIFY(w.action(QStringLiteral("actionOpenFinding"))->isEnabled());
    QVERIFY(w.openFinding());
    QCOMPARE(w.branchDepth(), 1);
    const auto& reports = w.focus()->session()->run.reports;
    QVERIFY(std::any_of(reports.begin(), reports.end(),
                        [](const Report& r) { return r.kind == Report::Kind::Bug; }));
    // The branch is written with anchors where they name its switches, and replays.
    QVERIFY(w.focus()->session()->scenarioWithSchedule().contains(QStringLiteral("switch")));

    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash"), QStringLiteral("v6.8")));
    QVERIFY(!w.action(QStringLiteral("actionOpenFinding"))->isEnabled()); // forgotten
    w.startExplore();
    w.cancelExplore();
    QTRY_VERIFY_WITH_TIMEOUT(!w.exploreJob()->running(), 60000);
    QVERIFY(!w.exploreJob()->finding());
    QVERIFY(!w.openFinding());
}

QTEST_MAIN(TestGuiCompare)
#include "tst_gui_compare.moc"
