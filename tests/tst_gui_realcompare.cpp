// SPDX-License-Identifier: GPL-2.0-or-later
// A real trace beside the simulation of its syscalls (Design › Compare with… while a trace is
// open, `dentryscope TRACE --compare v6.8`): the score shown is `dentryscope-cli conform`'s, the
// aligned points are the traced eventfs syscalls in trace order, stepping moves both sides,
// conform's differences are listed with those of the point shown highlighted, the command line
// renders it, and an image golden of S4 (the shell holds events/sched open while ls runs).
#include "compareaxis.h"
#include "comparemodel.h"
#include "conformdiffmodel.h"
#include "focus.h"
#include "headless.h"
#include "image_compare.h"
#include "mainwindow.h"
#include "realcompareview.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ds;
using namespace ds::ui;
using namespace Qt::StringLiterals;

namespace {

QString fixture(const QString& name) {
    return QStringLiteral(DENTRYSCOPE_TESTS_DIR "/data/real-6.12/") + name;
}

std::shared_ptr<const import::RealTrace> load(const QString& file) {
    QString error;
    auto s = Session::loadTrace(file, &error, nullptr);
    return s ? s->real : nullptr;
}

// `dentryscope-cli conform FILE --design v6.8`'s last line: "facts equal: N/M (v6.8)".
QString cliScore(const QString& file) {
    QProcess p;
    p.start(QStringLiteral(DS_CLI_EXE), {u"conform"_s, file, u"--design"_s, u"v6.8"_s});
    if (!p.waitForFinished(120000)) return u"(cli timed out)"_s;
    const QStringList lines =
        QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    return lines.isEmpty() ? u"(no output)"_s : lines.last();
}

// How many lines of a trace file contain `text`.
int linesWith(const QString& file, const QString& text) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return -1;
    int n = 0;
    while (!f.atEnd())
        n += QString::fromUtf8(f.readLine()).contains(text);
    return n;
}

} // namespace

class TestGuiRealCompare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scoreIsConformsScore_data();
    void scoreIsConformsScore();
    void pointsAreTheTracedSyscalls();
    void steppingMovesBothSidesAndMarksDifferences();
    void fromTheMenuAndTheCommandLine();
    void golden();
};

void TestGuiRealCompare::initTestCase() {
    QVERIFY2(headless::useRenderFont(), "DejaVu Sans is needed (fonts-dejavu-core)");
    headless::applyTheme(u"light"_s);
}

void TestGuiRealCompare::scoreIsConformsScore_data() {
    QTest::addColumn<QString>("file");
    for (const char* f : {"S1-ls-sched.trace.txt", "S2-ls-R-sched.trace.txt",
                          "S3-stat-enable.trace.txt", "S4-held-dir-fd.trace.txt"})
        QTest::newRow(f) << fixture(QString::fromLatin1(f));
}

void TestGuiRealCompare::scoreIsConformsScore() {
    QFETCH(QString, file);
    const auto trace = load(file);
    QVERIFY(trace);
    RealCompareView v(trace, u"x"_s, "v6.8");
    const QString cli = cliScore(file);
    QVERIFY2(cli.startsWith(u"facts equal: "_s), qPrintable(cli));
    QCOMPARE(v.scoreText(), cli);
    auto* label = v.findChild<QLabel*>(u"conformScore"_s);
    QVERIFY(label);
    QVERIFY2(label->text().startsWith(cli), qPrintable(label->text()));
    // every difference conform prints is listed, and every call has its point
    QCOMPARE(v.differences()->rowCount(), int(v.result().diffs.size()));
    QCOMPARE(v.pointCount(), v.result().replayed +
                                 int(std::count_if(v.result().calls.begin(), v.result().calls.end(),
                                                   [](const auto& c) { return !c.simExitSeq; })));
    QCOMPARE(v.axis()->columns().size(), size_t(v.pointCount()));
}

// S3 ran GNU stat on …/sched_switch/enable twice: the points are the stat calls on that path
// (GNU stat uses statx), each at its exit line in the trace, in trace order. S1 ran ls twice:
// each an openat of events/sched, its getdents64 calls and a close.
void TestGuiRealCompare::pointsAreTheTracedSyscalls() {
    const QString s3 = fixture(u"S3-stat-enable.trace.txt"_s);
    const auto t3 = load(s3);
    QVERIFY(t3);
    RealCompareView v3(t3, u"S3"_s, "v6.8");
    QStringList labels;
    for (int i = 0; i < v3.pointCount(); ++i)
        labels << QString::fromStdString(v3.call(i).label);
    const QString stat = u"statx /sys/kernel/tracing/events/sched/sched_switch/enable"_s;
    QCOMPARE(labels.count(stat), 2);
    int lastLine = 0;
    for (int i = 0; i < v3.pointCount(); ++i) {
        const auto& c = v3.call(i);
        const import::RealSyscall& rs = t3->syscalls[c.syscall];
        const SyscallRecord& rec = t3->run.records[rs.record];
        QCOMPARE(c.realExitSeq, rec.exitSeq);
        QCOMPARE(t3->line[c.realExitSeq], rs.exitLine); // the exit line of the trace
        QVERIFY(rs.exitLine > lastLine);
        lastLine = rs.exitLine;
        QVERIFY(QString::fromStdString(c.label).startsWith(QString::fromStdString(rec.name)));
        QVERIFY(c.simExitSeq); // v6.8 returns from every one of them
    }
    const QString s1 = fixture(u"S1-ls-sched.trace.txt"_s);
    const auto t1 = load(s1);
    QVERIFY(t1);
    RealCompareView v1(t1, u"S1"_s, "v6.8");
    int opens = 0, closes = 0, getdents = 0;
    for (int i = 0; i < v1.pointCount(); ++i) {
        const std::string& l = v1.call(i).label;
        opens += l == "openat /sys/kernel/tracing/events/sched";
        closes += l == "close";
        getdents += l == "getdents64";
    }
    QCOMPARE(opens, 2); // ls, twice
    QCOMPARE(closes, 2);
    // every getdents64 of the trace was on events/sched
    QCOMPARE(getdents, linesWith(s1, u"sys_getdents64 ->"_s));
}

void TestGuiRealCompare::steppingMovesBothSidesAndMarksDifferences() {
    const auto trace = load(fixture(u"S1-ls-sched.trace.txt"_s));
    QVERIFY(trace);
    RealCompareView v(trace, u"S1"_s, "v6.8");
    for (int side = 0; side < 2; ++side)
        new QAbstractItemModelTester(v.model(side),
                                     QAbstractItemModelTester::FailureReportingMode::QtTest, &v);
    new QAbstractItemModelTester(v.differences(),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, &v);
    QVERIFY(v.pointCount() >= 4);
    QCOMPARE(v.point(), 0);
    const uint32_t a0 = v.seqAt(0, 0), b0 = v.seqAt(0, 1);
    v.next();
    QCOMPARE(v.point(), 1);
    QVERIFY(v.seqAt(1, 0) > a0 && v.seqAt(1, 1) > b0);
    // after the first openat of events/sched both sides have sched, row for row
    QCOMPARE(v.model(0)->rowCount(), v.model(1)->rowCount());
    v.stepTo(0);
    bool schedOnBoth = false;
    for (int r = 0; r < v.model(0)->rowCount(); ++r)
        schedOnBoth |= v.model(0)->index(r, 0).data().toString() == u"/events/sched"_s &&
                       v.model(1)->index(r, 1).data().toString() != u"—"_s;
    QVERIFY(schedOnBoth);
    QVERIFY(v.headerText(0).contains(u"trace line"_s));
    QVERIFY(v.headerText(1).startsWith(u"v6.8"_s));
    // the differences of the point shown are highlighted; clicking one steps to its call
    const auto& diffs = v.result().diffs;
    const auto withCall =
        std::find_if(diffs.begin(), diffs.end(), [](const auto& d) { return d.call >= 0; });
    if (withCall == diffs.end()) QSKIP("conform finds no difference at a call of S1 under v6.8");
    const int row = int(withCall - diffs.begin());
    QVERIFY(v.axis()->columns()[size_t(withCall->call)].differences > 0);
    v.stepTo(withCall->call == 0 ? 1 : 0);
    QVERIFY(!v.differences()->index(row, 0).data(ConformDiffModel::CurrentRole).toBool());
    QTableView* table = v.differenceTable();
    table->resize(800, 400);
    table->show();
    table->scrollTo(v.differences()->index(row, 2));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(v.differences()->index(row, 2)).center());
    QCOMPARE(v.point(), withCall->call);
    QVERIFY(v.differences()->index(row, 0).data(ConformDiffModel::CurrentRole).toBool());
    QCOMPARE(v.differences()->index(row, 0).data().toInt(), withCall->line);
}

void TestGuiRealCompare::fromTheMenuAndTheCommandLine() {
    const QString s4 = fixture(u"S4-held-dir-fd.trace.txt"_s);
    MainWindow w(false);
    QVERIFY(w.openScenario(s4));
    QVERIFY(w.action(u"actionCompareWith"_s)->isEnabled());
    QVERIFY(!w.compareWith(u"v6.8"_s)); // the design-against-design view is not for a trace
    RealCompareView* v = w.compareTraceWith(u"v6.8"_s);
    QVERIFY(v);
    QCOMPARE(v->scoreText(), cliScore(s4));
    QVERIFY(v->windowTitle().contains(u"S4-held-dir-fd.trace.txt"_s));
    v->close();
    // a simulated run has no trace to compare
    QVERIFY(w.openScenario(u"refcount-lifecycle"_s));
    QVERIFY(!w.compareTraceWith(u"v6.8"_s));

    QTemporaryDir dir;
    const QString png = dir.filePath(u"cmp.png"_s);
    QProcess p;
    p.start(QStringLiteral(DS_GUI_EXE),
            {s4, u"--compare"_s, u"v6.8"_s, u"--size"_s, u"1200x800"_s, u"--render"_s, png});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1200, 800));
    // --step picks the last replayed syscall at or before that event of the trace
    const auto trace = load(s4);
    RealCompareView at(trace, u"S4"_s, "v6.8");
    at.stepToEvent(at.seqAt(2, 0));
    QCOMPARE(at.point(), 2);
    at.stepToEvent(at.seqAt(2, 0) + 1);
    QCOMPARE(at.point(), 2);
}

void TestGuiRealCompare::golden() {
    const auto trace = load(fixture(u"S4-held-dir-fd.trace.txt"_s));
    QVERIFY(trace);
    RealCompareView v(trace, u"S4-held-dir-fd.trace.txt"_s, "v6.8");
    // the first ls's getdents64, while the shell holds events/sched open
    int point = -1;
    for (int i = 0; i < v.pointCount() && point < 0; ++i)
        if (v.call(i).label == "getdents64") point = i;
    QVERIFY(point >= 0);
    v.stepTo(point);
    const QImage actual = headless::renderImage(v, QSize(1200, 800));
    const QString name = u"real-compare-s4"_s;
    const QString path = QStringLiteral(DENTRYSCOPE_TESTS_DIR "/golden/images/") + name + u".png"_s;
    if (qEnvironmentVariableIntValue("DENTRYSCOPE_UPDATE_GOLDEN") == 1) {
        QVERIFY(actual.save(path, "PNG"));
        return;
    }
    const QImage expected(path);
    QVERIFY2(!expected.isNull(), qPrintable(u"missing "_s + path));
    const ImageComparison c = compareImages(expected, actual);
    if (c.matches()) return;
    writeComparisonImages(QStringLiteral(DS_GOLDEN_FAILURES_DIR "/") + name, expected, actual, c);
    QFAIL(qPrintable(name + u" differs: "_s + c.summary()));
}

QTEST_MAIN(TestGuiRealCompare)
#include "tst_gui_realcompare.moc"
