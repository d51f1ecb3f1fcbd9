// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope-cli on malformed scenarios, run as a real process. Each case is written to a file
// and given to both `run` and `explore`; both must exit 2 with nothing on stdout (nothing ran),
// and stderr must start with the parser's error:
//
//   FILE:LINE:COLUMN: error: MESSAGE
//       <the source line>
//       <spaces>^            (under the reported column)
//
// Also: several errors in one file, the error cap, and the errors that come before parsing
// (missing file, directory, unknown built-in name, unknown --design).

#include "process_result.h"
#include <QDir>
#include <QFile>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

using dstest::Result;

Result cli(const QStringList& arguments) {
    return dstest::runProcess(QStringLiteral(DS_CLI_EXE), arguments);
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return false;
    return file.write(bytes) == bytes.size();
}

// stderr as lines, without the empty one after the final newline.
QStringList errLines(const QByteArray& err) {
    QStringList lines = QString::fromUtf8(err).split(u'\n');
    if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
    return lines;
}

// The error headers ("FILE:L:C: error: ...") in stderr.
QStringList headers(const QStringList& lines, const QString& path) {
    const QRegularExpression re(u'^' + QRegularExpression::escape(path) +
                                QStringLiteral(":\\d+:\\d+: error: "));
    QStringList out;
    for (const QString& l : lines)
        if (re.match(l).hasMatch()) out << l;
    return out;
}

// Line `line` (1-based) of `text` as the parser sees it: no '\r' at the end, no byte order mark.
QByteArray sourceLine(QByteArray text, int line) {
    if (text.startsWith("\xEF\xBB\xBF")) text.remove(0, 3);
    const QList<QByteArray> lines = text.split('\n');
    QByteArray l = line - 1 < lines.size() ? lines.at(line - 1) : QByteArray();
    if (l.endsWith('\r')) l.chop(1);
    return l;
}

bool printableAscii(const QByteArray& s) {
    for (char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

QByteArray repeat(const QByteArray& s, int n) {
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

const QByteArray kOpen = "task A: r0 = open(\"events\")\n";
const QByteArray kCall = "task A: drop_caches\n";
const QByteArray kTwoTasks = "task A: drop_caches\ntask B: drop_caches\n";
const QString kKnownCalls =
    QStringLiteral("(expected one of: open, getdents64, read, lseek, close, "
                   "stat, statx, lstat, fstat, fstatat, ls, ls -R, ls -l, remove, "
                   "add, drop_caches, dentry_state)");

} // namespace

class TestCliErrors : public QObject {
    Q_OBJECT

private slots:
    void malformed_data();
    void malformed();
    void allErrorsReported();
    void errorsAreCapped();
    void notAScenarioFile();
    void unknownDesignOption();

private:
    QTemporaryDir dir_;
};

// Columns: the file, where the first error is, its message (whole, or a prefix when `whole` is
// false), the text the caret must point at in the shown line (empty: end of the line), and how
// many errors the file has (0: one or more).
void TestCliErrors::malformed_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("whole");
    QTest::addColumn<QString>("at");
    QTest::addColumn<int>("errors");
    auto row = [](const char* name, const QByteArray& text, int line, int column,
                  const QString& message, const QString& at, int errors = 1) {
        QTest::newRow(name) << text << line << column << message << true << at << errors;
    };
    auto prefixRow = [](const char* name, const QByteArray& text, int line, int column,
                        const QString& prefix, const QString& at, int errors = 1) {
        QTest::newRow(name) << text << line << column << prefix << false << at << errors;
    };

    // Unknown calls and statements.
    row("unknown call", "task A: frob(r0)\n", 1, 9, "unknown call 'frob' " + kKnownCalls,
        "frob(r0)");
    row("unknown call after bind", "task A: r0 = opne(\"events\")\n", 1, 14,
        "unknown call 'opne' " + kKnownCalls, "opne");
    row("call without task", kCall + "stat(\"events\")\n", 2, 1,
        "unknown statement 'stat' (calls are written 'task NAME: stat...')", "stat");
    row("unknown statement", kCall + "  frobnicate the dentries\n", 2, 3,
        "unknown statement 'frobnicate' (expected one of: design, tree, tasks, task, schedule, "
        "switch, expect)",
        "frobnicate");
    // Bad file descriptors.
    row("unbound fd", kOpen + "task A: getdents64(r1, 10)\n", 2, 20, "unknown fd 'r1' in task A",
        "r1, 10)");
    row("fd of another task", kOpen + "task B: close(r0)\n", 2, 15, "unknown fd 'r0' in task B",
        "r0)");
    row("numeric fd", "task A: close(3)\n", 1, 15,
        "expected a file descriptor name like 'r0', got '3' (bind open() results: 'r0 = "
        "open(...)')",
        "3)");
    row("fd bound twice", kOpen + "task A: r0 = open(\"events/sched\")\n", 2, 9,
        "fd 'r0' is already open in task A (bound at line 1); close it first", "r0 = open");
    row("only open binds", "task A: r0 = stat(\"events\")\n", 1, 9,
        "only open() returns a file descriptor; 'stat' cannot be bound to 'r0'", "r0 =");
    // Strings.
    row("unterminated string", "task A: r0 = open(\"events/sched\n", 1, 19, "unterminated string",
        "\"events/sched");
    row("unterminated string in ls", kCall + "task A: ls \"events # not a comment\n", 2, 12,
        "unterminated string", "\"events #");
    // Designs and trees.
    prefixRow("unknown design", "design v2.4\n" + kCall, 1, 8,
              "unknown design 'v2.4' (known: ", "v2.4");
    prefixRow("unknown tree", "tree huge\n" + kCall, 1, 6, "unknown tree 'huge' (known: ", "huge");
    row("design without name", "design\n" + kCall, 1, 7, "expected a design name after 'design'",
        "");
    row("duplicate design", "design v6.8\ndesign v6.7\n" + kCall, 2, 1,
        "duplicate 'design' line (first at line 1)", "design v6.7");
    // Paths.
    row("path outside tracefs", "task A: stat(\"/etc/passwd\")\n", 1, 14,
        "path outside /sys/kernel/tracing: '/etc/passwd'", "\"/etc/passwd\"");
    row("path prefix trick", "task A: ls /sys/kernel/tracingfoo\n", 1, 12,
        "path outside /sys/kernel/tracing: '/sys/kernel/tracingfoo'", "/sys/kernel/tracingfoo");
    row("path with ..", "task A: stat(\"events/../../../etc\")\n", 1, 22,
        "path contains '..': 'events/../../../etc'", "../../../etc");
    // Tasks.
    row("duplicate task", "tasks A B A\n" + kCall, 1, 11, "duplicate task 'A'", "A");
    row("undeclared task", "tasks A\n" + kCall + "task B: drop_caches\n", 3, 6,
        "undeclared task 'B' (declared: A)", "B: drop_caches");
    row("too many tasks", "tasks A B C D E F G H I\n" + kCall, 1, 23, "too many tasks (limit 8)",
        "I");
    row("tasks after a call", kCall + "tasks A\n", 2, 1,
        "'tasks' must come before the first task call (line 1)", "tasks A");
    // Schedules.
    row("cyclic schedule", kTwoTasks + "switch at 10 to B\nswitch at 20 to B\n", 4, 17,
        "cyclic schedule: consecutive switches to B", "B");
    row("switch points going back", kTwoTasks + "switch at 20 to B\nswitch at 10 to A\n", 4, 11,
        "switch points must increase: 10 is not after 20 (line 3)", "10 to A");
    row("switch to unknown task", kTwoTasks + "switch at 5 to Z\n", 3, 16,
        "switch to unknown task 'Z' (known: A, B)", "Z");
    row("impossible schedule", kTwoTasks + "schedule A A B\n", 3, 12,
        "impossible schedule: task A has 1 call but is scheduled 2 times", "A B");
    row("schedule names a task without calls", "tasks A B\n" + kCall + "schedule A B\n", 3, 12,
        "impossible schedule: task B has 0 calls but is scheduled 1 time", "B");
    row("schedule names an unknown task", kCall + "schedule A Z\n", 2, 12,
        "unknown task 'Z' in schedule (known: A)", "Z");
    row("switch with explore", kTwoTasks + "schedule explore\nswitch at 5 to B\n", 4, 1,
        "'switch at' cannot be combined with 'schedule explore'", "switch");
    row("duplicate schedule", kCall + "schedule sequential\nschedule round-robin\n", 3, 1,
        "duplicate 'schedule' line (first at line 2)", "schedule round-robin");
    row("explore out of range", kCall + "schedule explore preemptions 100\n", 2, 30,
        "preemptions out of range: 100 (expected 0..64)", "100");
    // Results and expectations.
    row("unknown errno", "task A: stat(\"events\") = -EFOO\n", 1, 27,
        "unknown errno 'EFOO' (expected e.g. -ENOENT)", "EFOO");
    row("getdents64 count too large", kOpen + "task A: getdents64(r0, 0x7fffffff)\n", 2, 24,
        "getdents64 count too large: 2147483647 (expected 0..1048576)", "0x7fffffff");
    row("contradicting expectations", kCall + "expect bug\nexpect no bug\n", 3, 1,
        "'expect no bug' contradicts the expectation at line 2", "expect no bug");
    // Files that are not scenarios.
    row("empty file", "", 1, 1, "empty scenario: expected 'task NAME: call' lines", "");
    row("whitespace only", "  \n\t\n\n", 1, 1, "empty scenario: expected 'task NAME: call' lines",
        "  ");
    row("comments only", "# nothing here\n\n# nor here\n", 1, 1,
        "empty scenario: expected 'task NAME: call' lines", "# nothing here");
    row("byte order mark only", "\xEF\xBB\xBF", 1, 1,
        "empty scenario: expected 'task NAME: call' lines", "");
    row("no call", "design v6.8\nexpect no bug\n", 2, 14,
        "expected at least one 'task NAME: call' line", "");
    row("NUL byte", QByteArray("task A: drop\0_caches\n", 21), 1, 13, "binary data: expected text",
        "?_caches");
    row("invalid UTF-8", "design v6.8\n# caf\xff\xfe\n" + kCall, 2, 6, "binary data: expected text",
        "??");
    row("escape sequence", "task A: drop_caches\x1b[0m\n", 1, 20, "binary data: expected text",
        "?[0m");
    row("UTF-16", QByteArray("\xff\xfet\0a\0s\0k\0 \0A\0:\0", 16), 1, 1,
        "binary data: expected text", "??t?a?s?k");
    {
        QByteArray junk;
        for (int i = 0; i < 40 * 256; ++i)
            junk += static_cast<char>(i % 256);
        row("binary junk", junk, 1, 1, "binary data: expected text", "?", 0);
    }
    // Ten megabytes on one line: reported at the limit, shown as a short window ending there.
    row("10 MB line", kCall + "task A: stat(\"" + QByteArray(10 * 1024 * 1024, 'x') + "\")\n", 2,
        4097, "line too long (limit 4096 bytes)", "");
    row("10 MB comment", "# " + QByteArray(10 * 1024 * 1024, 'y') + "\n" + kCall, 1, 4097,
        "line too long (limit 4096 bytes)", "");
    row("10 MB without newline", QByteArray(10 * 1024 * 1024, 'z'), 1, 4097,
        "line too long (limit 4096 bytes)", "");
    // The caret lines up under tabs and multi-byte characters (the column counts bytes).
    row("tab and UTF-8", "\ttask A: stat(\"\xc3\xa9vents/..\")\n", 1, 24,
        QString::fromUtf8("path contains '..': '\xc3\xa9vents/..'"), "..\")");
    row("CRLF", "design v6.8\r\ntask A: frob\r\n", 2, 9, "unknown call 'frob' " + kKnownCalls,
        "frob");
}

void TestCliErrors::malformed() {
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    QFETCH(bool, whole);
    QFETCH(QString, at);
    QFETCH(int, errors);
    QVERIFY(dir_.isValid());
    const QString path = dir_.filePath(QStringLiteral("case.scn"));
    QVERIFY(writeFile(path, text));

    const QString header = path + u':' + QString::number(line) + u':' + QString::number(column) +
                           QStringLiteral(": error: ") + message;
    for (const QString& command : {QStringLiteral("run"), QStringLiteral("explore")}) {
        const Result r = cli({command, path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), r.out.left(400).constData()); // nothing ran
        const QStringList lines = errLines(r.err);
        QVERIFY2(lines.size() >= 3, r.err.constData());
        if (whole)
            QCOMPARE(lines.at(0), header);
        else
            QVERIFY2(lines.at(0).startsWith(header), qPrintable(lines.at(0)));

        // The source line, then the caret under the reported column.
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("    ")), qPrintable(lines.at(1)));
        QVERIFY2(lines.at(2).startsWith(QStringLiteral("    ")) && lines.at(2).endsWith(u'^'),
                 qPrintable(lines.at(2)));
        const QString shown = lines.at(1).mid(4);
        const QString pad = lines.at(2).mid(4).chopped(1);
        static const QRegularExpression blanks(QStringLiteral("^[ \\t]*$"));
        QVERIFY2(blanks.match(pad).hasMatch(), qPrintable(lines.at(2)));
        QVERIFY2(shown.mid(pad.size()).startsWith(at),
                 qPrintable(lines.at(1) + u'\n' + lines.at(2)));
        if (at.isEmpty()) QCOMPARE(pad.size(), shown.size()); // the end of the line
        const QByteArray source = sourceLine(text, line);
        if (printableAscii(source) && source.size() <= 120) {
            QCOMPARE(shown, QString::fromLatin1(source));
            QCOMPARE(pad, QString(column - 1, u' '));
        }
        QVERIFY2(lines.at(1).size() < 200, "a long line is shown as a window");

        const QStringList all = headers(lines, path);
        QCOMPARE(all.first(), lines.at(0));
        if (errors > 0) {
            QCOMPARE(all.size(), errors);
            QCOMPARE(lines.size(), 3 * errors); // each error: header, source line, caret
        }
    }
}

void TestCliErrors::allErrorsReported() {
    // Every error in the file is reported, in file order, each with its source line and caret;
    // nothing is run and -o writes nothing.
    QVERIFY(dir_.isValid());
    const QString path = dir_.filePath(QStringLiteral("many.scn"));
    QVERIFY(writeFile(path, "design v9\n"
                            "task A: r0 = open(\"/etc\")\n" // r0 is bound anyway: no cascade below
                            "task A: getdents64(r0, 10)\n"
                            "task A: frob()\n"
                            "schedule A A A A\n"
                            "expect nothing\n"));
    const QString output = dir_.filePath(QStringLiteral("many.out"));
    const Result r = cli({QStringLiteral("run"), path, QStringLiteral("-o"), output});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(output));
    const QStringList lines = errLines(r.err);
    QCOMPARE(lines.size(), 15);
    QStringList got;
    for (const QString& h : headers(lines, path))
        got << h.mid(path.size() + 1).section(u' ', 0, 3);
    QCOMPARE(got, (QStringList{"1:8: error: unknown design", "2:19: error: path outside",
                               "4:9: error: unknown call", "5:16: error: impossible schedule:",
                               "6:8: error: unknown expectation"}));
    QCOMPARE(lines.at(4), QStringLiteral("    task A: r0 = open(\"/etc\")"));
    QCOMPARE(lines.at(5), QStringLiteral("                      ^"));
    QCOMPARE(lines.at(13), QStringLiteral("    expect nothing"));
    QCOMPARE(lines.at(14), QStringLiteral("           ^"));
}

void TestCliErrors::errorsAreCapped() {
    QVERIFY(dir_.isValid());
    const QString path = dir_.filePath(QStringLiteral("bogus.scn"));
    QVERIFY(writeFile(path, repeat("bogus\n", 500)));
    const Result r = cli({QStringLiteral("run"), path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    const QStringList all = headers(errLines(r.err), path);
    QCOMPARE(all.size(), 101);
    QCOMPARE(all.first(),
             path +
                 QStringLiteral(":1:1: error: unknown statement 'bogus' (expected one of: design, "
                                "tree, tasks, task, schedule, switch, expect)"));
    QCOMPARE(all.last(),
             path + QStringLiteral(":100:1: error: too many errors (stopped after 100)"));
}

void TestCliErrors::notAScenarioFile() {
    // A missing file, a directory, an unknown built-in name and an endless device: one line
    // naming it, exit 2.
    QVERIFY(dir_.isValid());
    const QString missing = dir_.filePath(QStringLiteral("missing.scn"));
    const QString directory = dir_.filePath(QStringLiteral("a-directory.scn"));
    QVERIFY(QDir().mkpath(directory));
    QList<std::pair<QString, QString>> cases = {
        {missing, QStringLiteral("cannot read file (not a file and not a built-in scenario name)")},
        {directory, QStringLiteral("is a directory, not a scenario file")},
        {QStringLiteral("no-such-scenario"),
         QStringLiteral("cannot read file (not a file and not a built-in "
                        "scenario name)")},
    };
    if (QFile::exists(QStringLiteral("/dev/zero")))
        cases.append({QStringLiteral("/dev/zero"),
                      QStringLiteral("is not a regular file (a FIFO, device or socket), not a "
                                     "scenario file")});
    for (const auto& [name, message] : cases) {
        for (const QString& command : {QStringLiteral("run"), QStringLiteral("explore")}) {
            const Result r = cli({command, name});
            QCOMPARE(r.exitCode, 2);
            QVERIFY(r.out.isEmpty());
            QCOMPARE(errLines(r.err), QStringList{QStringLiteral("dentryscope-cli: ") + name +
                                                  QStringLiteral(": ") + message});
        }
    }
}

void TestCliErrors::unknownDesignOption() {
    // --design is checked before the scenario is loaded: the same one line for a built-in, a
    // good file and a malformed one.
    QVERIFY(dir_.isValid());
    const QString bad = dir_.filePath(QStringLiteral("bad-design.scn"));
    QVERIFY(writeFile(bad, "task A: frob\n"));
    for (const QString& scenario : {QStringLiteral("d_instantiate-crash"), bad}) {
        for (const QString& command : {QStringLiteral("run"), QStringLiteral("explore")}) {
            const Result r =
                cli({command, scenario, QStringLiteral("--design"), QStringLiteral("v2.4")});
            QCOMPARE(r.exitCode, 2);
            QVERIFY(r.out.isEmpty());
            const QStringList lines = errLines(r.err);
            QCOMPARE(lines.size(), 1);
            QVERIFY2(lines.at(0).startsWith(
                         QStringLiteral("dentryscope-cli: unknown design 'v2.4' (known: ")),
                     qPrintable(lines.at(0)));
            QVERIFY(lines.at(0).contains(QStringLiteral("v6.8")));
        }
    }
}

QTEST_GUILESS_MAIN(TestCliErrors)
#include "tst_cli_errors.moc"
