// SPDX-License-Identifier: GPL-2.0-or-later
// The conventions a user brings to a command-line tool, run as real processes: `-` reads the
// scenario from standard input; every non-zero exit says why on stderr (a failed expectation,
// a failing explore); the Usage line names the program, not the path it was started by.

#include "process_result.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

using dstest::Result;

// `program` (dentryscope-cli unless said) with `input` on its standard input.
Result withInput(const QString& program, const QStringList& arguments, const QByteArray& input) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted()) return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

Result cliWithInput(const QStringList& arguments, const QByteArray& input) {
    return withInput(QStringLiteral(DS_CLI_EXE), arguments, input);
}

Result cli(const QStringList& arguments) {
    return dstest::runProcess(QStringLiteral(DS_CLI_EXE), arguments);
}

QByteArray builtinText(const char* name) {
    QFile f(QStringLiteral(DENTRYSCOPE_TESTS_DIR "/../resources/scenarios/") + QLatin1String(name) +
            QStringLiteral(".scn"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCliConventions : public QObject {
    Q_OBJECT

private slots:
    void stdinScenario();
    void stdinParseErrorNamesStdin();
    void stdinEmpty();
    void stdinInTheGui();
    void failedExpectationSaysWhy();
    void failingExploreSaysWhy();
    void usageNamesProgram_data();
    void usageNamesProgram();
};

// `cat refcount-lifecycle.scn | dentryscope-cli run -` prints what `run refcount-lifecycle`
// prints: the same scenario, whichever way it came in.
void TestCliConventions::stdinScenario() {
    const QByteArray text = builtinText("refcount-lifecycle");
    QVERIFY(!text.isEmpty());
    const Result piped = cliWithInput({QStringLiteral("run"), QStringLiteral("-")}, text);
    const Result named = cli({QStringLiteral("run"), QStringLiteral("refcount-lifecycle")});
    QCOMPARE(named.exitCode, 0);
    QCOMPARE(piped.exitCode, 0);
    QVERIFY2(piped.err.isEmpty(), piped.err.constData());
    QVERIFY(piped.out.contains("expect no bug: ok"));
    QCOMPARE(piped.out, named.out);
    // explore reads it too.
    const Result explored = cliWithInput({QStringLiteral("explore"), QStringLiteral("-"),
                                          QStringLiteral("--max-schedules"), QStringLiteral("3")},
                                         text);
    QCOMPARE(explored.exitCode, 0);
    QVERIFY2(explored.out.startsWith("explored "), explored.out.constData());
}

// A parse error in piped text is reported as <stdin>:LINE:COL, like a compiler reading stdin.
void TestCliConventions::stdinParseErrorNamesStdin() {
    const Result r = cliWithInput({QStringLiteral("run"), QStringLiteral("-")},
                                  "design v6.8\ntree tiny\ntask A: frobnicate(r0)\n");
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(QRegularExpression(QStringLiteral("^<stdin>:3:\\d+: error: "),
                                QRegularExpression::MultilineOption)
                 .match(QString::fromUtf8(r.err))
                 .hasMatch(),
             r.err.constData());
}

// Nothing on stdin is an empty scenario: the parser's error, at once, not a wait.
void TestCliConventions::stdinEmpty() {
    const Result r = cliWithInput({QStringLiteral("run"), QStringLiteral("-")}, QByteArray());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("<stdin>:1:1: error: empty scenario"), r.err.constData());
}

// The GUI reads `-` too, though it loads the scenario twice (a parse check, then the window):
// standard input is read once and kept. (Had the second load found stdin empty, the headless
// window would fail with "empty scenario" and exit 1.)
void TestCliConventions::stdinInTheGui() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString piped = dir.filePath(QStringLiteral("piped.png"));
    const QString named = dir.filePath(QStringLiteral("named.png"));
    const QStringList args = {QStringLiteral("--step"), QStringLiteral("100"),
                              QStringLiteral("--size"), QStringLiteral("800x500"),
                              QStringLiteral("--render")};
    const Result a = withInput(QStringLiteral(DS_GUI_EXE),
                               QStringList{QStringLiteral("-")} + args + QStringList{piped},
                               builtinText("refcount-lifecycle"));
    QVERIFY2(a.exitCode == 0, a.err.constData());
    const Result b = dstest::runProcess(QStringLiteral(DS_GUI_EXE),
                                        QStringList{QStringLiteral("refcount-lifecycle")} + args +
                                            QStringList{named});
    QVERIFY2(b.exitCode == 0, b.err.constData());
    QFile fa(piped), fb(named);
    QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
    const QByteArray pa = fa.readAll(), pb = fb.readAll();
    QVERIFY(pa.startsWith("\x89PNG"));
    // Both show the run at step 100: the same size of picture (only the picker's text differs).
    QCOMPARE(pa.mid(16, 8), pb.mid(16, 8));
}

// The crash scenario under v6.8 has no BUG: `expect bug d_instantiate` fails, and stderr names
// the expectation, where it is written (file:line:column) and what was found instead.
void TestCliConventions::failedExpectationSaysWhy() {
    const QByteArray text = builtinText("d_instantiate-crash");
    int line = 0;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size() && !line; ++i)
        if (lines[i].startsWith("expect bug d_instantiate")) line = int(i) + 1;
    QVERIFY(line > 0);
    const Result r = cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
                          QStringLiteral("--design"), QStringLiteral("v6.8")});
    QCOMPARE(r.exitCode, 1);
    const QString expected = QStringLiteral("d_instantiate-crash.scn:%1:1: expectation failed: "
                                            "expect bug d_instantiate (BUGs: none)")
                                 .arg(line);
    QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    // Passing expectations are not repeated on stderr.
    QVERIFY2(!r.err.contains("expect no"), r.err.constData());
}

void TestCliConventions::failingExploreSaysWhy() {
    const Result r = cli({QStringLiteral("explore"), QStringLiteral("d_instantiate-crash")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("dentryscope-cli: explore: found a schedule with a BUG"),
             r.err.constData());
}

void TestCliConventions::usageNamesProgram_data() {
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("usage");
    const QString gui = QStringLiteral(DS_GUI_EXE), cli = QStringLiteral(DS_CLI_EXE);
    QTest::newRow("dentryscope --help") << gui << QStringList{QStringLiteral("--help")}
                                        << QByteArray("Usage: dentryscope [options]");
    QTest::newRow("dentryscope-cli --help") << cli << QStringList{QStringLiteral("--help")}
                                            << QByteArray("Usage: dentryscope-cli [options]");
    QTest::newRow("dentryscope-cli run --help")
        << cli << QStringList{QStringLiteral("run"), QStringLiteral("--help")}
        << QByteArray("Usage: dentryscope-cli run [options]");
}

// Started by its absolute path (as the tests start it), the help still says "dentryscope-cli".
void TestCliConventions::usageNamesProgram() {
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, usage);
    QVERIFY(program.startsWith(u'/'));
    const Result r = dstest::runProcess(program, arguments);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(usage), r.out.constData());
    QVERIFY2(!r.out.contains(program.toUtf8()), r.out.constData());
}

QTEST_GUILESS_MAIN(TestCliConventions)
#include "tst_cli_conventions.moc"
