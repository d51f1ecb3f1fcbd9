// SPDX-License-Identifier: GPL-2.0-or-later
// Both executables under faults, as real processes: a full disk (ulimit -f) never leaves a
// partial file in place of the user's, devices and FIFOs given to -o stay what they are, a
// write error on stdout is exit 1, the event limit and a signal during explore end with a clear
// message (the GUI's --max-events as the CLI's), a FIFO given as the scenario is refused at once,
// the headless GUI treats a malformed scenario as the CLI does (every error with its caret, exit
// 2), and the files named by Qt's own options (-stylesheet FILE …) are checked before Qt reads
// them.

#include "process_result.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>

namespace {

using dstest::Result;

const QString kCli = QStringLiteral(DS_CLI_EXE);
const QString kGui = QStringLiteral(DS_GUI_EXE);

Result cli(const QStringList& arguments) {
    return dstest::runProcess(kCli, arguments);
}

// `program arguments` with the file size limit at `kilobytes` (bash counts in 1024-byte blocks).
Result withFileSizeLimit(int kilobytes, const QString& program, const QStringList& arguments) {
    return dstest::runProcess(
        QStringLiteral("bash"),
        QStringList{QStringLiteral("-c"),
                    QStringLiteral("ulimit -f %1; exec \"$0\" \"$@\"").arg(kilobytes), program} +
            arguments);
}

// stdout sent to `file` (e.g. /dev/full) instead of a pipe.
Result withStdoutTo(const QString& file, const QString& program, const QStringList& arguments) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(environment);
    process.setStandardOutputFile(file);
    process.start(program, arguments);
    if (!process.waitForFinished(300000) || process.exitStatus() != QProcess::NormalExit) return {};
    return {process.exitCode(), {}, process.readAllStandardError()};
}

QStringList lines(const QByteArray& text) {
    return QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts);
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// stderr's lines without Qt's own warnings (QStandardPaths' on a missing XDG_RUNTIME_DIR …).
QStringList withoutQtWarnings(const QByteArray& text) {
    QStringList result = lines(text);
    result.removeIf(
        [](const QString& l) { return l.startsWith(QStringLiteral("QStandardPaths: ")); });
    return result;
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestFaults : public QObject {
    Q_OBJECT

private slots:
    void shortWriteKeepsTheOldFile_data();
    void shortWriteKeepsTheOldFile();
    void stdoutWriteErrors_data();
    void stdoutWriteErrors();
    void deviceTargetsStayDevices();
    void fifoTarget();
    void eventLimit();
    void exploreEventLimit();
    void signalDuringExplore_data();
    void signalDuringExplore();
    void fifoScenarioIsRefused();
    void headlessGuiParseErrors();
    void optionRanges_data();
    void optionRanges();
    void guiEventLimit();
    void qtOptionFilesAreChecked();
};

void TestFaults::shortWriteKeepsTheOldFile_data() {
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QStringList>("arguments"); // %1: the output file
    const QString run = QStringLiteral("run");
    const QString scenario = QStringLiteral("ls-R-full");
    QTest::newRow("strace") << kCli << QStringLiteral("out.txt")
                            << QStringList{run, scenario, QStringLiteral("-o"),
                                           QStringLiteral("%1")};
    QTest::newRow("chrome") << kCli << QStringLiteral("out.json")
                            << QStringList{run,
                                           scenario,
                                           QStringLiteral("--format"),
                                           QStringLiteral("chrome"),
                                           QStringLiteral("-o"),
                                           QStringLiteral("%1")};
    QTest::newRow("svg") << kGui << QStringLiteral("window.svg")
                         << QStringList{QStringLiteral("d_instantiate-crash"),
                                        QStringLiteral("--render"), QStringLiteral("%1")};
    QTest::newRow("png") << kGui << QStringLiteral("window.png")
                         << QStringList{QStringLiteral("d_instantiate-crash"),
                                        QStringLiteral("--render"), QStringLiteral("%1")};
}

void TestFaults::shortWriteKeepsTheOldFile() {
    QFETCH(QString, program);
    QFETCH(QString, fileName);
    QFETCH(QStringList, arguments);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    const QByteArray old = "what the user had\n";
    QVERIFY(writeFile(path, old));
    arguments.replaceInStrings(QStringLiteral("%1"), path);
    const Result r = withFileSizeLimit(4, program, arguments);
    QCOMPARE(r.exitCode, 1);
    const QStringList err = lines(r.err);
    QVERIFY2(!err.isEmpty() && err.last().contains(QStringLiteral("cannot write '") + path +
                                                   QStringLiteral("': ")),
             r.err.constData());
    QCOMPARE(readFile(path), old);
    // No temporary file is left behind either.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{fileName});
    // Without the limit the same command replaces the file.
    const Result whole = dstest::runProcess(program, arguments);
    QCOMPARE(whole.exitCode, 0);
    QVERIFY(QFileInfo(path).size() > 4096);
}

void TestFaults::stdoutWriteErrors_data() {
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("run") << kCli
                         << QStringList{QStringLiteral("run"),
                                        QStringLiteral("d_instantiate-crash")};
    QTest::newRow("designs") << kCli << QStringList{QStringLiteral("designs")};
    QTest::newRow("explore") << kCli
                             << QStringList{QStringLiteral("explore"),
                                            QStringLiteral("two-readers-v6.8")};
    QTest::newRow("cli --help") << kCli << QStringList{QStringLiteral("--help")};
    QTest::newRow("gui --version") << kGui << QStringList{QStringLiteral("--version")};
}

void TestFaults::stdoutWriteErrors() {
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    if (!QFileInfo::exists(QStringLiteral("/dev/full"))) QSKIP("no /dev/full");
    const Result r = withStdoutTo(QStringLiteral("/dev/full"), program, arguments);
    QCOMPARE(r.exitCode, 1);
    const QString name = QFileInfo(program).fileName();
    QCOMPARE(lines(r.err).last(),
             name + QStringLiteral(": cannot write to standard output: No space left on device"));
}

void TestFaults::deviceTargetsStayDevices() {
    // /dev/null stays the character device (root could otherwise replace it).
    Result r = cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
                    QStringLiteral("-o"), QStringLiteral("/dev/null")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QFileInfo(QStringLiteral("/dev/null")).exists());
    struct stat st {};
    QCOMPARE(::stat("/dev/null", &st), 0);
    QVERIFY(S_ISCHR(st.st_mode));
    // /dev/stdout reaches the descriptor the caller gave (here a pipe).
    r = cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash"), QStringLiteral("-o"),
             QStringLiteral("/dev/stdout")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("kernel BUG at fs/dcache.c:2031!"), r.err.constData());
    // A write error on a device is reported.
    if (QFileInfo::exists(QStringLiteral("/dev/full"))) {
        r = cli({QStringLiteral("run"), QStringLiteral("d_instantiate-crash"), QStringLiteral("-o"),
                 QStringLiteral("/dev/full")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(lines(r.err).last(),
                 QStringLiteral("dentryscope-cli: cannot write '/dev/full': No space left on "
                                "device"));
    }
}

void TestFaults::fifoTarget() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("out.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QProcess process;
    process.start(kCli, {QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
                         QStringLiteral("-o"), fifo});
    QFile reader(fifo);
    QVERIFY(reader.open(QIODevice::ReadOnly)); // returns once the CLI opened it for writing
    const QByteArray bytes = reader.readAll();
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(bytes.contains("kernel BUG at fs/dcache.c:2031!"));
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(fifo).constData(), &st), 0);
    QVERIFY(S_ISFIFO(st.st_mode));
}

void TestFaults::eventLimit() {
    const Result r = cli({QStringLiteral("run"), QStringLiteral("ls-R-full"),
                          QStringLiteral("--max-events"), QStringLiteral("1000")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    static const QRegularExpression line(QStringLiteral(
        "^ls-R-full\\.scn: error: the run reached the limit of 1000 events \\(it had \\d+\\); "
        "raise it with --max-events$"));
    QCOMPARE(lines(r.err).size(), 1);
    QVERIFY2(line.match(lines(r.err).first()).hasMatch(), r.err.constData());
}

void TestFaults::exploreEventLimit() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.scn"));
    QVERIFY(writeFile(path, "design v6.8\ntree full\ntask A: ls -R events\ntask B: ls events\n"));
    const Result r = cli(
        {QStringLiteral("explore"), path, QStringLiteral("--max-events"), QStringLiteral("5000")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(lines(r.err).size(), 1);
    QVERIFY2(lines(r.err).first().startsWith(
                 path + QStringLiteral(": error: the run reached the limit of 5000 events")),
             r.err.constData());
}

void TestFaults::signalDuringExplore_data() {
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("name");
    QTest::newRow("SIGINT") << int(SIGINT) << QStringLiteral("SIGINT");
    QTest::newRow("SIGTERM") << int(SIGTERM) << QStringLiteral("SIGTERM");
}

void TestFaults::signalDuringExplore() {
    QFETCH(int, signal);
    QFETCH(QString, name);
    // v6.8 is safe: explore would run every schedule with up to 6 preemptions, for hours
    // (without the reduction, which would make it minutes).
    QProcess process;
    process.start(kCli,
                  {QStringLiteral("explore"), QStringLiteral("d_instantiate-crash"),
                   QStringLiteral("--no-reduction"), QStringLiteral("--design"),
                   QStringLiteral("v6.8"), QStringLiteral("--preemptions"), QStringLiteral("6"),
                   QStringLiteral("--max-schedules"), QStringLiteral("1000000000")});
    QVERIFY(process.waitForStarted());
    // The first progress line (after about two seconds) says the search is under way.
    QByteArray err;
    while (!err.contains("schedules run") && process.state() == QProcess::Running) {
        process.waitForReadyRead(1000);
        err += process.readAllStandardError();
    }
    // schedules, the bound, the rate
    static const QRegularExpression progress(QStringLiteral(
        "explore: \\d+ schedules run, now with \\d of at most 6 preemption\\(s\\), \\d+ s, "
        "\\d+ schedules/s of CPU"));
    QVERIFY2(progress.match(QString::fromUtf8(err)).hasMatch(), err.constData());
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), signal), 0);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + signal);
    const QByteArray out = process.readAllStandardOutput();
    static const QRegularExpression summary(
        QStringLiteral("^explored \\d+ schedules \\(interrupted\\)\\nno BUG, WARN or KASAN report "
                       "in the schedules run so far \\(with up to \\d of 6 preemption\\(s\\)\\); "
                       "stopped by (\\w+)\\n$"));
    const auto m = summary.match(QString::fromUtf8(out));
    QVERIFY2(m.hasMatch(), out.constData());
    QCOMPARE(m.captured(1), name);
}

void TestFaults::fifoScenarioIsRefused() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("scenario.scn"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const QString message = fifo + QStringLiteral(": is not a regular file (a FIFO, device or "
                                                  "socket), not a scenario file");
    for (const QString& command : {QStringLiteral("run"), QStringLiteral("explore")}) {
        const Result r = dstest::runProcess(kCli, {command, fifo}, 30000); // no reader: no hang
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(lines(r.err), QStringList{QStringLiteral("dentryscope-cli: ") + message});
    }
    const Result gui = dstest::runProcess(
        kGui, {fifo, QStringLiteral("--render"), dir.filePath(QStringLiteral("x.png"))}, 30000);
    QCOMPARE(gui.exitCode, 2);
}

void TestFaults::headlessGuiParseErrors() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("bad.scn"));
    QVERIFY(writeFile(path, "task A: opne(\"events\")\ntask A: drop_caches\nswitch at "
                            "4294967297 to A\n"));
    const QString png = dir.filePath(QStringLiteral("x.png"));
    const Result gui = dstest::runProcess(kGui, {path, QStringLiteral("--render"), png});
    QCOMPARE(gui.exitCode, 2);
    QVERIFY(!QFileInfo::exists(png));
    // The same lines as the CLI: both errors, each with its source line and caret.
    const Result r = cli({QStringLiteral("run"), path});
    QCOMPARE(r.exitCode, 2);
    // (Qt's own warnings aside, such as QStandardPaths' on a missing XDG_RUNTIME_DIR.)
    QStringList err = lines(gui.err);
    err.removeIf([](const QString& l) { return l.startsWith(QStringLiteral("QStandardPaths: ")); });
    QCOMPARE(err, lines(r.err));
    QCOMPARE(err.size(), 6);
    QCOMPARE(err.at(0),
             path + QStringLiteral(":1:9: error: unknown call 'opne' (expected one of: "
                                   "open, getdents64, read, lseek, close, stat, statx, lstat, "
                                   "fstat, fstatat, ls, ls -R, ls -l, remove, add, drop_caches, "
                                   "dentry_state)"));
    QCOMPARE(err.at(3), path + QStringLiteral(":3:11: error: event number out of range: "
                                              "4294967297 (expected 0..4294967295)"));
    QCOMPARE(err.at(5).trimmed(), QStringLiteral("^"));
}

void TestFaults::optionRanges_data() {
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString explore = QStringLiteral("explore");
    const QString crash = QStringLiteral("d_instantiate-crash");
    QTest::newRow("preemptions 65")
        << kCli
        << QStringList{explore, crash, QStringLiteral("--preemptions"), QStringLiteral("65")}
        << QStringLiteral("dentryscope-cli: --preemptions needs an integer from 0 to 64, not '65'");
    QTest::newRow("preemptions 2^32")
        << kCli
        << QStringList{explore, crash, QStringLiteral("--preemptions"),
                       QStringLiteral("4294967296")}
        << QStringLiteral("dentryscope-cli: --preemptions needs an integer from 0 to 64, not "
                          "'4294967296'");
    const QString maxEvents = QStringLiteral("--max-events");
    const QString range = QStringLiteral(" needs an integer from 1 to 18446744073709551615, not ");
    QTest::newRow("max-events 0") << kCli
                                  << QStringList{QStringLiteral("run"), crash, maxEvents,
                                                 QStringLiteral("0")}
                                  << QStringLiteral("dentryscope-cli: --max-events") + range +
                                         QStringLiteral("'0'");
    // The GUI takes the same option with the same check, for --render and for the window.
    const QString png = QDir::temp().filePath(QStringLiteral("dentryscope-never-written.png"));
    QTest::newRow("gui max-events 0")
        << kGui << QStringList{crash, maxEvents, QStringLiteral("0")}
        << QStringLiteral("dentryscope: --max-events") + range + QStringLiteral("'0'");
    QTest::newRow("gui max-events 2^64")
        << kGui
        << QStringList{crash, QStringLiteral("--render"), png, maxEvents,
                       QStringLiteral("18446744073709551616")}
        << QStringLiteral("dentryscope: --max-events") + range +
               QStringLiteral("'18446744073709551616'");
    QTest::newRow("gui max-events -1")
        << kGui << QStringList{crash, QStringLiteral("--max-events=-1")}
        << QStringLiteral("dentryscope: --max-events") + range + QStringLiteral("'-1'");
    QTest::newRow("gui max-events with a Qt option")
        << kGui << QStringList{QStringLiteral("-reverse"), crash, maxEvents, QStringLiteral("ten")}
        << QStringLiteral("dentryscope: --max-events") + range + QStringLiteral("'ten'");
}

void TestFaults::optionRanges() {
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result r = dstest::runProcess(program, arguments, 30000); // the window never opens
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(withoutQtWarnings(r.err), QStringList{message});
}

void TestFaults::guiEventLimit() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("x.png"));
    const QStringList render{QStringLiteral("d_instantiate-crash"), QStringLiteral("--render"), png,
                             QStringLiteral("--max-events")};
    const Result r = dstest::runProcess(kGui, render + QStringList{QStringLiteral("10")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!QFileInfo::exists(png));
    static const QRegularExpression line(
        QStringLiteral("^dentryscope: the run reached the limit of 10 events \\(it had \\d+\\); "
                       "raise it with --max-events$"));
    const QStringList err = withoutQtWarnings(r.err);
    QCOMPARE(err.size(), 1);
    QVERIFY2(line.match(err.first()).hasMatch(), r.err.constData());
    // A limit the run stays under changes nothing.
    const Result fine = dstest::runProcess(kGui, render + QStringList{QStringLiteral("1000000")});
    QCOMPARE(fine.exitCode, 0);
    QVERIFY(QFileInfo(png).size() > 0);
}

void TestFaults::qtOptionFilesAreChecked() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("style.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const QString big = dir.filePath(QStringLiteral("big.qss"));
    QVERIFY(writeFile(big, "/* */" + QByteArray(1024 * 1024, ' ')));
    const QString small = dir.filePath(QStringLiteral("small.qss"));
    QVERIFY(writeFile(small, "QLabel { color: black; }\n"));
    const QString missing = dir.filePath(QStringLiteral("missing.qss"));
    const QString png = dir.filePath(QStringLiteral("x.png"));
    const QStringList render{QStringLiteral("d_instantiate-crash"), QStringLiteral("--render"),
                             png};
    const QString device = QStringLiteral("is not a regular file (a FIFO, device or socket)");
    const struct {
        QStringList arguments;
        QString message;
    } refused[] = {
        {{QStringLiteral("-stylesheet"), QStringLiteral("/dev/zero")},
         QStringLiteral("-stylesheet '/dev/zero': ") + device},
        {{QStringLiteral("--stylesheet"), QStringLiteral("/dev/zero")},
         QStringLiteral("-stylesheet '/dev/zero': ") + device},
        {{QStringLiteral("--stylesheet=") + fifo},
         QStringLiteral("-stylesheet '") + fifo + QStringLiteral("': ") + device},
        {{QStringLiteral("-stylesheet"), big},
         QStringLiteral("-stylesheet '") + big +
             QStringLiteral("': is larger than 1 MiB (1048581 bytes)")},
        {{QStringLiteral("-stylesheet"), missing},
         QStringLiteral("-stylesheet '") + missing + QStringLiteral("': no such file")},
        {{QStringLiteral("-stylesheet"), dir.path()},
         QStringLiteral("-stylesheet '") + dir.path() + QStringLiteral("': is a directory")},
        {{QStringLiteral("-qwindowicon"), QStringLiteral("/dev/zero")},
         QStringLiteral("-qwindowicon '/dev/zero': ") + device},
        // Qt reads argv past "--" as well.
        {{QStringLiteral("--"), QStringLiteral("-stylesheet"), QStringLiteral("/dev/zero")},
         QStringLiteral("-stylesheet '/dev/zero': ") + device},
    };
    for (const auto& c : refused) {
        const Result r = dstest::runProcess(kGui, render + c.arguments, 30000);
        QVERIFY2(r.exitCode == 2, qPrintable(c.arguments.join(u' ')));
        QCOMPARE(lines(r.err), QStringList{QStringLiteral("dentryscope: ") + c.message});
        QVERIFY(!QFileInfo::exists(png));
    }
    // A small style sheet, and an icon name (looked up in the icon theme, not read as a file).
    for (const QStringList& accepted :
         {QStringList{QStringLiteral("-stylesheet"), small},
          QStringList{QStringLiteral("-stylesheet=") + small},
          QStringList{QStringLiteral("-qwindowicon"), QStringLiteral("dentryscope")}}) {
        const Result r = dstest::runProcess(kGui, render + accepted, 60000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QFile::remove(png));
    }
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
