// SPDX-License-Identifier: GPL-2.0-or-later
// `dentryscope-cli compare` and `dentryscope --compare`, run as real processes: the crash
// scenario under next-20240104 against v6.8 (the BUG on the linux-next side only, B's getdents64
// in another order with other d_off, the switch line v6.8 has no anchor for reported with its
// file and line), JSON Lines, verdicts with --explore, exit codes; `run` reports the same line;
// the headless compare render names both designs and both verdicts.
#include "process_result.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

using dstest::Result;

Result cli(const QStringList& arguments) {
    return dstest::runProcess(QStringLiteral(DS_CLI_EXE), arguments);
}

QStringList compareCrash(const QStringList& more = {}) {
    return QStringList{QStringLiteral("compare"),  QStringLiteral("d_instantiate-crash"),
                       QStringLiteral("--design"), QStringLiteral("next-20240104"),
                       QStringLiteral("--vs"),     QStringLiteral("v6.8")} +
           more;
}

} // namespace

class TestCliCompare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void text();
    void jsonl();
    void exploreVerdicts();
    void badInput_data();
    void badInput();
    void runReportsTheMissingAnchor();
    void renderNamesBothSides();
};

void TestCliCompare::text() {
    const Result r = cli(compareCrash());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("compare: next-20240104 vs v6.8\n"), r.out.constData());
    QVERIFY(r.out.contains("  next-20240104: bug at event"));
    QVERIFY(r.out.contains("kernel BUG at fs/dcache.c:2031!"));
    QVERIFY(r.out.contains("  v6.8: none\n"));
    // B's getdents64: the same 30 records, another order, other d_off.
    const qsizetype b = r.out.indexOf("[B] getdents64(3, 4096)");
    QVERIFY(b > 0);
    const QByteArray row = r.out.mid(b, r.out.indexOf("\n#", b) - b);
    QVERIFY2(row.contains("entry order differs"), row.constData());
    QVERIFY(row.contains("d_off differs for"));
    QVERIFY(row.contains("created only under next-20240104: /events/sched/enable"));
    QVERIFY(row.contains("/events/sched: next-20240104 count 30, in use | v6.8 count 1, in use"));
    // A's getdents64 died in the BUG on the linux-next side only.
    QVERIFY(r.out.contains("[A] getdents64(3, 4096)\n  next-20240104: did not return\n"
                           "  v6.8: 1200, 30 entries\n"));
    QVERIFY2(r.err.contains("d_instantiate-crash.scn:27:1: warning: switch not taken under v6.8:"),
             r.err.constData());
    QVERIFY(!r.err.contains("under next-20240104"));
}

void TestCliCompare::jsonl() {
    const Result r = cli(compareCrash({QStringLiteral("--format"), QStringLiteral("jsonl")}));
    QCOMPARE(r.exitCode, 0);
    int syscalls = 0, bugsA = 0, bugsB = 0;
    bool orderDiffers = false;
    for (const QByteArray& line : r.out.split('\n')) {
        if (line.isEmpty()) continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QVERIFY2(!o.isEmpty(), line.constData());
        const QString type = o.value(QStringLiteral("type")).toString();
        if (type == QStringLiteral("syscall")) {
            ++syscalls;
            const QJsonObject d = o.value(QStringLiteral("entries_diff")).toObject();
            orderDiffers |= o.value(QStringLiteral("task")).toString() == QStringLiteral("B") &&
                            d.value(QStringLiteral("order_differs")).toBool();
        }
        if (type == QStringLiteral("report") &&
            o.value(QStringLiteral("kind")).toString() == QStringLiteral("bug"))
            (o.value(QStringLiteral("side")).toString() == QStringLiteral("a") ? bugsA : bugsB)++;
    }
    QCOMPARE(syscalls, 6);
    QVERIFY(orderDiffers);
    QCOMPARE(bugsA, 1);
    QCOMPARE(bugsB, 0);
}

void TestCliCompare::exploreVerdicts() {
    const Result r = cli(compareCrash({QStringLiteral("--explore")}));
    QCOMPARE(r.exitCode, 0);
    const qsizetype v = r.out.indexOf("\nverdicts:\n");
    QVERIFY2(v > 0, r.out.constData());
    const QByteArray verdicts = r.out.mid(v);
    QVERIFY2(verdicts.contains("  next-20240104: BUG in d_instantiate after "),
             verdicts.constData());
    QVERIFY2(verdicts.contains(" up to 2 preemption(s), no BUG\n"), verdicts.constData());
    QVERIFY(verdicts.contains("  v6.8: "));
}

void TestCliCompare::badInput_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    const QString crash = QStringLiteral("d_instantiate-crash");
    QTest::newRow("no --vs") << QStringList{QStringLiteral("compare"), crash}
                             << QByteArray("--vs DESIGN is required");
    QTest::newRow("unknown design") << QStringList{QStringLiteral("compare"), crash,
                                                   QStringLiteral("--vs"), QStringLiteral("v9")}
                                    << QByteArray("unknown design 'v9'");
    QTest::newRow("bad format") << compareCrash({QStringLiteral("--format"), QStringLiteral("x")})
                                << QByteArray("unknown format 'x'");
    QTest::newRow("bound without explore")
        << compareCrash({QStringLiteral("--preemptions"), QStringLiteral("3")})
        << QByteArray("need --explore");
    QTest::newRow("no scenario") << QStringList{QStringLiteral("compare"),
                                                QStringLiteral("no-such"), QStringLiteral("--vs"),
                                                QStringLiteral("v6.8")}
                                 << QByteArray("no-such");
}

void TestCliCompare::badInput() {
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const Result r = cli(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains(message), r.err.constData());
}

void TestCliCompare::runReportsTheMissingAnchor() {
    const Result r = cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
                          QStringLiteral("--design"), QStringLiteral("v6.8")});
    QCOMPARE(r.exitCode, 1); // expect bug d_instantiate fails under v6.8
    QVERIFY2(r.err.contains("d_instantiate-crash.scn:27:1: warning: switch not taken under v6.8: "
                            "task A returns from eventfs_start_creating of "
                            "events/sched/sched_wake_idle_without_ipi never\n"),
             r.err.constData());
    QVERIFY(r.err.contains("\n    switch to B after A's eventfs_start_creating of "
                           "events/sched/sched_wake_idle_without_ipi\n"));
    const Result next = cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash")});
    QCOMPARE(next.exitCode, 0);
    QVERIFY(!next.err.contains("warning"));
}

void TestCliCompare::renderNamesBothSides() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString svg = dir.filePath(QStringLiteral("x.svg"));
    const Result r = dstest::runProcess(
        QStringLiteral(DS_GUI_EXE),
        {QStringLiteral("d_instantiate-crash"), QStringLiteral("--design"),
         QStringLiteral("next-20240104"), QStringLiteral("--compare"), QStringLiteral("v6.8"),
         QStringLiteral("--at-bug"), QStringLiteral("--render"), svg});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains(QStringLiteral("next-20240104 vs v6.8")));
    QVERIFY2(text.contains(QStringLiteral("BUG in d_instantiate after")),
             qPrintable(text.left(400)));
    QVERIFY(text.contains(QStringLiteral("preemption(s), no BUG")));
    const Result bad =
        dstest::runProcess(QStringLiteral(DS_GUI_EXE),
                           {QStringLiteral("d_instantiate-crash"), QStringLiteral("--compare"),
                            QStringLiteral("v9"), QStringLiteral("--render"), svg});
    QCOMPARE(bad.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
