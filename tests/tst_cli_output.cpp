// SPDX-License-Identifier: GPL-2.0-or-later
// Where `dentryscope-cli run` writes, as real processes, in every format: `-o -` is standard
// output (no file named "-"); a full disk on standard output or on -o (`> /dev/full`,
// `-o /dev/full`) is exit 1 with a message; a file over `ulimit -f` leaves the user's old file
// as it was. The exports stream in chunks, so these failures come in the middle of formatting.

#include "process_result.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using dstest::Result;

const QString kCli = QStringLiteral(DS_CLI_EXE);

// The CLI run in `dir`, its stdout sent to `stdoutFile` when given.
Result runIn(const QString& dir, const QStringList& arguments, const QString& stdoutFile = {}) {
    QProcess process;
    process.setWorkingDirectory(dir);
    if (!stdoutFile.isEmpty()) process.setStandardOutputFile(stdoutFile);
    process.start(kCli, arguments);
    if (!process.waitForFinished(300000) || process.exitStatus() != QProcess::NormalExit) return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QString lastLine(const QByteArray& text) {
    const QStringList l = QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts);
    return l.isEmpty() ? QString() : l.last();
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCliOutput : public QObject {
    Q_OBJECT

private slots:
    void formats_data();
    void dashIsStandardOutput_data() { formats_data(); }
    void dashIsStandardOutput();
    void fullDiskOnStandardOutput_data() { formats_data(); }
    void fullDiskOnStandardOutput();
    void fullDiskOnOutputFile_data() { formats_data(); }
    void fullDiskOnOutputFile();
    void fileSizeLimitKeepsTheOldFile_data() { formats_data(); }
    void fileSizeLimitKeepsTheOldFile();
};

void TestCliOutput::formats_data() {
    QTest::addColumn<QString>("format");
    for (const char* f : {"strace", "jsonl", "chrome"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestCliOutput::dashIsStandardOutput() {
    QFETCH(QString, format);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QStringList run{QStringLiteral("run"), QStringLiteral("d_instantiate-crash"),
                          QStringLiteral("--format"), format};
    const Result plain = runIn(dir.path(), run);
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(plain.out.size() > 1000);
    const Result dash =
        runIn(dir.path(), run + QStringList{QStringLiteral("-o"), QStringLiteral("-")});
    QCOMPARE(dash.exitCode, 0);
    QCOMPARE(dash.out, plain.out);
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty()); // no file "-"
}

void TestCliOutput::fullDiskOnStandardOutput() {
    QFETCH(QString, format);
    if (!QFileInfo::exists(QStringLiteral("/dev/full"))) QSKIP("no /dev/full");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // ls-R-full's output is megabytes: the first chunk fails, long before the end.
    for (const QStringList& target :
         {QStringList{}, QStringList{QStringLiteral("-o"), QStringLiteral("-")}}) {
        const Result r = runIn(dir.path(),
                               QStringList{QStringLiteral("run"), QStringLiteral("ls-R-full"),
                                           QStringLiteral("--format"), format} +
                                   target,
                               QStringLiteral("/dev/full"));
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(lastLine(r.err), QStringLiteral("dentryscope-cli: cannot write to standard "
                                                 "output: No space left on device"));
    }
}

void TestCliOutput::fullDiskOnOutputFile() {
    QFETCH(QString, format);
    if (!QFileInfo::exists(QStringLiteral("/dev/full"))) QSKIP("no /dev/full");
    const Result r = dstest::runProcess(kCli, {QStringLiteral("run"), QStringLiteral("ls-R-full"),
                                               QStringLiteral("--format"), format,
                                               QStringLiteral("-o"), QStringLiteral("/dev/full")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(lastLine(r.err),
             QStringLiteral("dentryscope-cli: cannot write '/dev/full': No space left on device"));
}

void TestCliOutput::fileSizeLimitKeepsTheOldFile() {
    QFETCH(QString, format);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out"));
    const QByteArray old = "what the user had\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(old) == old.size());
    }
    // 64 KiB allowed: the export (megabytes) fails after its first chunks went to the temporary
    // file.
    const Result r = dstest::runProcess(
        QStringLiteral("bash"),
        {QStringLiteral("-c"), QStringLiteral("ulimit -f 64; exec \"$0\" \"$@\""), kCli,
         QStringLiteral("run"), QStringLiteral("ls-R-full"), QStringLiteral("--format"), format,
         QStringLiteral("-o"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(lastLine(r.err).startsWith(QStringLiteral("dentryscope-cli: cannot write '") + path +
                                        QStringLiteral("': ")),
             r.err.constData());
    QCOMPARE(readFile(path), old);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("out")});
}

QTEST_GUILESS_MAIN(TestCliOutput)
#include "tst_cli_output.moc"
