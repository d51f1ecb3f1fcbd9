// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope-cli's commands, run as real processes: run (formats, -o, --stats, exit codes),
// explore (the failing schedule it prints replays the same BUG), designs, scenarios, and the
// errors (unknown scenario, malformed scenario file, bad options).

#include "process_result.h"
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

using dstest::Result;

Result cli(const QStringList& arguments) {
    return dstest::runProcess(QStringLiteral(DS_CLI_EXE), arguments);
}

QString firstBug(const QByteArray& text) {
    static const QRegularExpression re(QStringLiteral("kernel BUG at [^\\n]*!"));
    const auto m = re.match(QString::fromUtf8(text));
    return m.hasMatch() ? m.captured(0) : QString();
}

int lineCount(const QByteArray& text) {
    int n = 0;
    for (const QByteArray& l : text.split('\n'))
        n += !l.trimmed().isEmpty();
    return n;
}

const QByteArray kMarker = "--- failing schedule as a scenario";

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT

private slots:
    void runCrash();
    void runFormats();
    void runDesignOverride();
    void exploreReproduces();
    void exploreNoBug();
    void unknownScenario();
    void malformedScenario();
    void badOptions_data();
    void badOptions();
    void failedExpectation();
    void lists();
};

void TestCliRun::runCrash() {
    const Result r = cli(
        {QStringLiteral("run"), QStringLiteral("d_instantiate-crash"), QStringLiteral("--stats")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("kernel BUG at fs/dcache.c:2031!"), r.out.constData());
    QVERIFY(r.out.contains("expect bug d_instantiate: ok"));
    static const QRegularExpression stats(QStringLiteral(
        "^events: \\d+, engine time: [0-9.]+ ms, events/s: \\d+, cpu time: [0-9.]+ ms\\n$"));
    QVERIFY2(stats.match(QString::fromUtf8(r.err)).hasMatch(), r.err.constData());
}

void TestCliRun::runFormats() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString chrome = dir.filePath(QStringLiteral("crash.json"));
    Result r =
        cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
             QStringLiteral("--format"), QStringLiteral("chrome"), QStringLiteral("-o"), chrome});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.isEmpty());
    QFile file(chrome);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("{\"traceEvents\":[")); // microseconds: no displayTimeUnit
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    QVERIFY2(!doc.isNull(), qPrintable(error.errorString()));
    QVERIFY(doc.object().value(QStringLiteral("traceEvents")).isArray());

    r = cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
             QStringLiteral("--format=jsonl")});
    QCOMPARE(r.exitCode, 0);
    int lines = 0;
    bool getdents = false;
    for (const QByteArray& line : r.out.split('\n')) {
        if (line.isEmpty()) continue;
        const QJsonDocument j = QJsonDocument::fromJson(line, &error);
        QVERIFY2(j.isObject(), line.constData());
        ++lines;
        getdents |=
            j.object().value(QStringLiteral("call")).toString() == QLatin1String("getdents64") &&
            j.object().value(QStringLiteral("entries")).isArray();
    }
    QVERIFY(lines > 100);
    QVERIFY(getdents);
}

void TestCliRun::runDesignOverride() {
    // The same two readers under v6.8: no BUG, so `expect bug` fails and the exit code says so.
    const Result r = cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
                          QStringLiteral("--design"), QStringLiteral("v6.8")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!r.out.contains("kernel BUG"));
    QVERIFY(r.out.contains("expect bug d_instantiate: FAILED: "));
}

void TestCliRun::exploreReproduces() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString saved = dir.filePath(QStringLiteral("saved.scn"));
    const Result r = cli({QStringLiteral("explore"), QStringLiteral("d_instantiate-crash"),
                          QStringLiteral("-o"), saved});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.startsWith("explored "), r.out.constData());
    const QString bug = firstBug(r.out);
    QCOMPARE(bug, QStringLiteral("kernel BUG at fs/dcache.c:2031!"));
    const qsizetype at = r.out.indexOf(kMarker);
    QVERIFY(at > 0);
    const QByteArray scenario = r.out.mid(r.out.indexOf('\n', at) + 1);
    // Its switch is anchored on what task A did (as the window's Copy scenario writes it), not
    // an event number that means something else under another design.
    QVERIFY2(scenario.contains("\nswitch to B after A's "), scenario.constData());
    QVERIFY2(!scenario.contains("switch at "), scenario.constData());

    // The printed scenario, saved and run again, reproduces the same BUG.
    const QString printed = dir.filePath(QStringLiteral("printed.scn"));
    QFile file(printed);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(scenario);
    file.close();
    const Result replay = cli({QStringLiteral("run"), printed});
    QCOMPARE(replay.exitCode, 0);
    QCOMPARE(firstBug(replay.out), bug);

    // -o wrote the same text.
    QFile out(saved);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(out.readAll(), scenario);
}

void TestCliRun::exploreNoBug() {
    const Result r =
        cli({QStringLiteral("explore"), QStringLiteral("d_instantiate-crash"),
             QStringLiteral("--design"), QStringLiteral("v6.8"), QStringLiteral("--preemptions"),
             QStringLiteral("2"), QStringLiteral("--max-schedules"), QStringLiteral("20")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("explored 20 schedules (bound not exhausted)"), r.out.constData());
    QVERIFY(!r.out.contains(kMarker));
}

void TestCliRun::unknownScenario() {
    const Result r = cli({QStringLiteral("run"), QStringLiteral("no-such-scenario")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY(r.err.contains("no-such-scenario"));
    QCOMPARE(cli({QStringLiteral("explore"), QStringLiteral("no-such-scenario")}).exitCode, 2);
}

void TestCliRun::malformedScenario() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("bad.scn"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("design v6.8\n"
               "task A: r0 = open(\"/sys/kernel/tracing/events/sched\", O_RDONLY|O_DIRECTORY)\n"
               "task A: frobnicate(r0)\n");
    file.close();
    for (const QString& command : {QStringLiteral("run"), QStringLiteral("explore")}) {
        const Result r = cli({command, path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty()); // nothing ran
        const QRegularExpression where(QRegularExpression::escape(path) +
                                       QStringLiteral(":3:\\d+: error: "));
        QVERIFY2(where.match(QString::fromUtf8(r.err)).hasMatch(), r.err.constData());
    }
}

void TestCliRun::badOptions_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("run without scenario") << QStringList{QStringLiteral("run")};
    QTest::newRow("run two scenarios")
        << QStringList{QStringLiteral("run"), QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("unknown format")
        << QStringList{QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
                       QStringLiteral("--format"), QStringLiteral("xml")};
    QTest::newRow("unknown design")
        << QStringList{QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
                       QStringLiteral("--design"), QStringLiteral("v2.4")};
    QTest::newRow("unknown run option") << QStringList{
        QStringLiteral("run"), QStringLiteral("d_instantiate-crash"), QStringLiteral("--frob")};
    QTest::newRow("bad preemptions")
        << QStringList{QStringLiteral("explore"), QStringLiteral("d_instantiate-crash"),
                       QStringLiteral("--preemptions"), QStringLiteral("x")};
    QTest::newRow("designs with argument")
        << QStringList{QStringLiteral("designs"), QStringLiteral("x")};
}

void TestCliRun::badOptions() {
    QFETCH(QStringList, arguments);
    const Result r = cli(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(lineCount(r.err), 1);
}

void TestCliRun::failedExpectation() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("wrong.scn"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("design v6.8\ntree tiny\n"
               "task A: r0 = open(\"/sys/kernel/tracing/events/sched\", O_RDONLY|O_DIRECTORY)\n"
               "task A: getdents64(r0, 16) = 0\n"
               "task A: close(r0)\n");
    file.close();
    const Result r = cli({QStringLiteral("run"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("= -1 EINVAL (Invalid argument)"), r.out.constData());
    QVERIFY(r.out.contains("task A: getdents64(r0, 16) = 0: FAILED: returned -22"));
}

void TestCliRun::lists() {
    const Result designs = cli({QStringLiteral("designs")});
    QCOMPARE(designs.exitCode, 0);
    QVERIFY2(lineCount(designs.out) >= 7, designs.out.constData());
    for (const char* name : {"v6.5-static", "v6.6-rc1", "v6.7", "next-20240104", "rfc-open-refs",
                             "rfc-open-array", "v6.8"})
        QVERIFY2(designs.out.contains(QByteArray("\n") + name + ' ') ||
                     designs.out.startsWith(QByteArray(name) + ' '),
                 name);
    const Result scenarios = cli({QStringLiteral("scenarios")});
    QCOMPARE(scenarios.exitCode, 0);
    QVERIFY(lineCount(scenarios.out) >= 1);
    QVERIFY(scenarios.out.contains("d_instantiate-crash "));
}

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_cli_run.moc"
