// SPDX-License-Identifier: GPL-2.0-or-later
// Malformed scenarios (core/scenario/parser.h): the exact position and message of every kind of
// error, one error per mistake, the cap on errors, and the error format with its caret line.
#include "scenario_parse.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QtTest>

using namespace ds::scenario;
using namespace dstest;

class TstScenarioErrors : public QObject {
    Q_OBJECT

private slots:
    void errors_data();
    void errors();
    void collectsAllErrors();
    void hugeLineIsRejectedQuickly();
    void formatExact();
    void formatAlignsCaretUnderUtf8AndTabs();
    void formatWindowsLongLines();
    void byteOrderMarkMidFileIsNamed();
};

void TstScenarioErrors::errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const QByteArray open = "task A: r0 = open(\"events\")\n";
    const QByteArray twoTasks = "task A: drop_caches\ntask B: drop_caches\n";
    const QByteArray call = "task A: drop_caches\n";

    QTest::newRow("unknown call")
        << QByteArray("task A: opne(\"events\")") << 1 << 9
        << "unknown call 'opne' (expected one of: open, getdents64, read, lseek, close, stat, "
           "statx, "
           "lstat, fstat, fstatat, ls, ls -R, ls -l, remove, add, drop_caches, dentry_state)";
    QTest::newRow("bad fd") << open + "task A: getdents64(r1, 10)" << 2 << 20
                            << "unknown fd 'r1' in task A";
    QTest::newRow("read without a count") << open + "task A: read(r0)" << 2 << 16
                                          << "too few arguments to read (expected read(fd, count))";
    QTest::newRow("read with a negative count")
        << open + "task A: read(r0, -1)" << 2 << 18
        << "negative size '-1' for read count (expected 0..1048576)";
    QTest::newRow("read bound to an fd")
        << open + "task A: r1 = read(r0, 1)" << 2 << 9
        << "only open() returns a file descriptor; 'read' cannot be bound to 'r1'";
    QTest::newRow("read of an unknown fd")
        << open + "task A: read(r1, 10)" << 2 << 14 << "unknown fd 'r1' in task A";
    QTest::newRow("fd of another task")
        << open + "task B: close(r0)" << 2 << 15 << "unknown fd 'r0' in task B";
    QTest::newRow("numeric fd") << QByteArray("task A: close(3)") << 1 << 15
                                << "expected a file descriptor name like 'r0', got '3'";
    QTest::newRow("unterminated string")
        << QByteArray("task A: open(\"events/sched)") << 1 << 14 << "unterminated string";
    QTest::newRow("unknown design") << "design v9\n" + call << 1 << 8
                                    << "unknown design 'v9' (known: v6.5-static, v6.6-rc1, v6.7, "
                                       "next-20240104, rfc-open-refs, rfc-open-array, v6.8)";
    QTest::newRow("unknown tree") << "tree huge\n" + call << 1 << 6
                                  << "unknown tree 'huge' (known: full, sched, minimal)";
    QTest::newRow("design without name")
        << "design\n" + call << 1 << 7 << "expected a design name after 'design'";
    QTest::newRow("design trailing junk")
        << "design v6.8 v6.7\n" + call << 1 << 13 << "unexpected 'v6.7' after design name";
    QTest::newRow("path outside tracefs") << QByteArray("task A: stat(\"/etc/passwd\")") << 1 << 14
                                          << "path outside /sys/kernel/tracing: '/etc/passwd'";
    QTest::newRow("path prefix trick") << QByteArray("task A: ls /sys/kernel/tracingfoo") << 1 << 12
                                       << "path outside /sys/kernel/tracing";
    QTest::newRow("path with ..") << QByteArray("task A: stat(\"events/../../../etc\")") << 1 << 22
                                  << "path contains '..'";
    QTest::newRow("empty path") << QByteArray("task A: stat(\"\")") << 1 << 14 << "empty path";
    QTest::newRow("duplicate task") << "tasks A B A\n" + call << 1 << 11 << "duplicate task 'A'";
    QTest::newRow("cyclic schedule") << twoTasks + "switch at 5 to B\nswitch at 9 to B" << 4 << 16
                                     << "cyclic schedule: consecutive switches to B";
    QTest::newRow("impossible fixed schedule")
        << QByteArray("task A: drop_caches\ntask A: dentry_state\ntask B: drop_caches\n"
                      "schedule A B A A")
        << 4 << 16 << "impossible schedule: task A has 2 calls but is scheduled 3 times";
    QTest::newRow("unknown task in schedule")
        << "schedule A C\n" + call << 1 << 12 << "unknown task 'C' in schedule (known: A)";
    QTest::newRow("decreasing switch points")
        << twoTasks + "switch at 50 to B\nswitch at 50 to A" << 4 << 11
        << "switch points must increase: 50 is not after 50 (line 3)";
    // Event numbers are 32 bits in the engine: 2^32 + 1 is not 1.
    QTest::newRow("switch past 2^32")
        << twoTasks + "switch at 4294967297 to B" << 3 << 11
        << "event number out of range: 4294967297 (expected 0..4294967295)";
    QTest::newRow("switch at 2^64") << twoTasks + "switch at 18446744073709551616 to B" << 3 << 11
                                    << "number too large: '18446744073709551616'";
    QTest::newRow("switch to unknown task")
        << call + "switch at 5 to Z" << 2 << 16 << "switch to unknown task 'Z' (known: A)";
    QTest::newRow("switch without at") << call + "switch 5 to A" << 2 << 8 << "expected 'at'";
    QTest::newRow("switch without to")
        << call + "switch at 5 A" << 2 << 13 << "expected 'to' after the event number";
    QTest::newRow("switch with explore")
        << twoTasks + "schedule explore\nswitch at 5 to B" << 4 << 1
        << "'switch at' cannot be combined with 'schedule explore'";
    QTest::newRow("empty file") << QByteArray() << 1 << 1
                                << "empty scenario: expected 'task NAME: call' lines";
    QTest::newRow("comments only") << QByteArray("# hello\n\n   # more\n") << 1 << 1
                                   << "empty scenario: expected 'task NAME: call' lines";
    QTest::newRow("no call") << QByteArray("design v6.8\ntree full  # x\n\n") << 2 << 10
                             << "expected at least one 'task NAME: call' line";
    QTest::newRow("NUL byte") << QByteArray("task A: drop\0_caches", 20) << 1 << 13
                              << "binary data: expected text";
    QTest::newRow("invalid UTF-8 in comment")
        << "design v6.8\n# caf\xff\xfe\n" + call << 2 << 6 << "binary data: expected text";
    QTest::newRow("truncated UTF-8")
        << QByteArray("task A: stat(\"ev\xc3\")") << 1 << 17 << "binary data: expected text";
    QTest::newRow("UTF-16 surrogate")
        << QByteArray("task A: stat(\"\xed\xa0\x80\")") << 1 << 15 << "binary data";
    QTest::newRow("control character")
        << QByteArray("task A: drop_caches\x1b[0m") << 1 << 20 << "binary data";
    QTest::newRow("line too long")
        << QByteArray(5000, 'x') + "\n" + call << 1 << 4097 << "line too long (limit 4096 bytes)";
    QTest::newRow("missing ':'") << QByteArray("task A drop_caches") << 1 << 8
                                 << "expected ':' after task name 'A', got 'drop_caches'";
    QTest::newRow("missing task name") << QByteArray("task : drop_caches") << 1 << 6
                                       << "expected a task name after 'task', got ':'";
    QTest::newRow("missing call") << QByteArray("task A:   ") << 1 << 8
                                  << "expected a call after 'task A:'";
    QTest::newRow("missing ')'") << open + "task A: getdents64(r0, 100" << 2 << 27
                                 << "expected ')' after the arguments of getdents64";
    QTest::newRow("missing '('") << open + "task A: close r0" << 2 << 15
                                 << "expected '(' after 'close', got 'r0'";
    QTest::newRow("missing ','") << open + "task A: getdents64(r0 100)" << 2 << 23
                                 << "expected ',' or ')' after argument, got '100'";
    QTest::newRow("argument missing after ','")
        << open + "task A: getdents64(r0, )" << 2 << 24 << "expected an argument after ','";
    QTest::newRow("too many args") << open + "task A: close(r0, 1)" << 2 << 19
                                   << "too many arguments to close (expected close(fd))";
    QTest::newRow("too few args") << open + "task A: getdents64(r0)" << 2 << 22
                                  << "too few arguments to getdents64 (expected getdents64(fd, "
                                     "count))";
    QTest::newRow("non-number size") << open + "task A: getdents64(r0, lots)" << 2 << 24
                                     << "expected a number for count, got 'lots'";
    QTest::newRow("negative size") << open + "task A: getdents64(r0, -1)" << 2 << 24
                                   << "negative size '-1' for getdents64 count (expected "
                                      "0..1048576)";
    QTest::newRow("size too large") << open + "task A: getdents64(r0, 0x100001)" << 2 << 24
                                    << "getdents64 count too large: 1048577";
    QTest::newRow("bad hex number")
        << open + "task A: getdents64(r0, 0xZZ)" << 2 << 24 << "bad hex number '0xZZ'";
    QTest::newRow("bare 0x") << open + "task A: lseek(r0, 0x)" << 2 << 19 << "bad hex number '0x'";
    QTest::newRow("bad decimal") << open + "task A: lseek(r0, 12ab)" << 2 << 19
                                 << "bad number '12ab'";
    QTest::newRow("number too large")
        << open + "task A: lseek(r0, 99999999999999999999)" << 2 << 19 << "number too large";
    QTest::newRow("whence not SEEK_SET") << open + "task A: lseek(r0, 0, SEEK_END)" << 2 << 22
                                         << "only SEEK_SET is supported, got 'SEEK_END'";
    QTest::newRow("second design") << "design v6.8\ndesign v6.7\n" + call << 2 << 1
                                   << "duplicate 'design' line (first at line 1)";
    QTest::newRow("second tree") << "tree full\n" + call + "tree sched" << 3 << 1
                                 << "duplicate 'tree' line (first at line 1)";
    QTest::newRow("second schedule") << call + "schedule sequential\nschedule round-robin" << 3 << 1
                                     << "duplicate 'schedule' line (first at line 2)";
    QTest::newRow("unknown keyword") << "  frobnicate now\n" + call << 1 << 3
                                     << "unknown statement 'frobnicate' (expected one of: design, "
                                        "tree, tasks, task, schedule, switch, expect)";
    QTest::newRow("keywords are case-sensitive")
        << "Design v6.8\n" + call << 1 << 1 << "unknown statement 'Design'";
    QTest::newRow("call without task")
        << QByteArray("open(\"events\")") << 1 << 1 << "calls are written 'task NAME: open...'";
    QTest::newRow("punctuation statement")
        << QByteArray("= 3\n") + call << 1 << 1 << "expected a statement";
    QTest::newRow("expect unknown kind")
        << call + "expect crash" << 2 << 8 << "unknown expectation 'crash' (expected one of: bug,";
    QTest::newRow("expect nothing") << call + "expect" << 2 << 7 << "expected an expectation";
    QTest::newRow("expect no what") << call + "expect no crash" << 2 << 11
                                    << "expected 'bug', 'warn', 'kasan' or 'leak' after "
                                       "'expect no', got 'crash'";
    QTest::newRow("expect bug bad function")
        << call + "expect bug fs/dcache.c:2031" << 2 << 12 << "expected a function name";
    QTest::newRow("bad counter name") << call + "expect nr_dentries == 3" << 2 << 8
                                      << "unknown counter 'nr_dentries' (expected one of: "
                                         "nr_dentry, nr_unused, nr_inodes, nr_free_inodes)";
    QTest::newRow("bad operator =") << call + "expect nr_dentry = 3" << 2 << 18
                                    << "expected a comparison operator (==, !=, <, <=, >, >=), "
                                       "got '='";
    QTest::newRow("bad operator =<") << call + "expect nr_dentry =< 3" << 2 << 18 << "got '=<'";
    QTest::newRow("missing operator")
        << call + "expect nr_dentry 3" << 2 << 18 << "expected a comparison operator";
    QTest::newRow("negative counter")
        << call + "expect nr_dentry >= -1" << 2 << 21 << "counter values are non-negative";
    QTest::newRow("counter trailing junk")
        << call + "expect nr_dentry == 3 4" << 2 << 23 << "unexpected '4' after the counter value";
    QTest::newRow("contradicting expectations")
        << call + "expect bug\nexpect no bug" << 3 << 1 << "contradicts the expectation at line 2";
    QTest::newRow("rebinding an open fd") << open + "task A: r0 = open(\"events/sched\")" << 2 << 9
                                          << "fd 'r0' is already open in task A (bound at line "
                                             "1); close it first";
    QTest::newRow("binding a non-open call") << QByteArray("task A: r0 = stat(\"events\")") << 1
                                             << 9 << "only open() returns a file descriptor";
    QTest::newRow("too many tasks (declared)")
        << "tasks A B C D E F G H I\n" + call << 1 << 23 << "too many tasks (limit 8)";
    QTest::newRow("too many tasks (calls)")
        << QByteArray("task A: drop_caches\ntask B: drop_caches\ntask C: drop_caches\n"
                      "task D: drop_caches\ntask E: drop_caches\ntask F: drop_caches\n"
                      "task G: drop_caches\ntask H: drop_caches\ntask I: drop_caches\n")
        << 9 << 6 << "too many tasks (limit 8)";
    QTest::newRow("task name too long")
        << QByteArray("task ABCDEFGHIJKLMNOPQ: drop_caches") << 1 << 6
        << "task name too long: 'ABCDEFGHIJKLMNOPQ' (limit 16 "
           "characters)";
    QTest::newRow("invalid task name")
        << QByteArray("task 1A: drop_caches") << 1 << 6 << "invalid task name '1A'";
    QTest::newRow("undeclared task") << QByteArray("tasks A\ntask B: drop_caches") << 2 << 6
                                     << "undeclared task 'B' (declared: A)";
    QTest::newRow("tasks after calls")
        << call + "tasks A B" << 2 << 1 << "'tasks' must come before the first task call (line 1)";
    QTest::newRow("trailing junk after call") << QByteArray("task A: drop_caches now") << 1 << 21
                                              << "unexpected 'now' after drop_caches (expected "
                                                 "end of line or '= result')";
    QTest::newRow("trailing junk after ')'")
        << open + "task A: close(r0) r0" << 2 << 19 << "unexpected 'r0' after close";
    QTest::newRow("unknown errno")
        << QByteArray("task A: drop_caches = -EFOO") << 1 << 24 << "unknown errno 'EFOO'";
    QTest::newRow("positive errno") << QByteArray("task A: stat(\"x\") = ENOENT") << 1 << 21
                                    << "errno results are negative: write '-ENOENT'";
    QTest::newRow("missing result")
        << QByteArray("task A: stat(\"x\") =") << 1 << 20 << "expected a result after '='";
    QTest::newRow("dentry_state unknown counter")
        << QByteArray("task A: dentry_state = nr_foo=1") << 1 << 24 << "unknown counter 'nr_foo'";
    QTest::newRow("dentry_state plain number") << QByteArray("task A: dentry_state = 3") << 1 << 24
                                               << "expected counters like 'nr_dentry=3'";
    QTest::newRow("dentry_state duplicate counter")
        << QByteArray("task A: dentry_state = nr_dentry=1 nr_dentry=2") << 1 << 36
        << "duplicate counter 'nr_dentry'";
    QTest::newRow("ls bad option") << QByteArray("task A: ls -a events") << 1 << 12
                                   << "unknown option '-a' for ls (expected -R or -l)";
    QTest::newRow("ls without path")
        << QByteArray("task A: ls -R") << 1 << 14 << "expected a path after 'ls'";
    QTest::newRow("ls with parentheses") << QByteArray("task A: ls(\"events\")") << 1 << 11
                                         << "'ls' takes a path without parentheses";
    QTest::newRow("open unquoted path")
        << QByteArray("task A: open(events)") << 1 << 14 << "expected a quoted path";
    QTest::newRow("bad open flags") << QByteArray("task A: open(\"events\", O_RDONLY|)") << 1 << 33
                                    << "bad open flags 'O_RDONLY|'";
    QTest::newRow("drop_caches with args")
        << QByteArray("task A: drop_caches(1)") << 1 << 21 << "too many arguments to drop_caches";
    QTest::newRow("explore bad option")
        << call + "schedule explore depth 3" << 2 << 18 << "unknown explore option 'depth'";
    QTest::newRow("explore out of range") << call + "schedule explore preemptions 100" << 2 << 30
                                          << "preemptions out of range: 100 (expected "
                                             "0..64)";
    QTest::newRow("schedule nothing") << call + "schedule" << 2 << 9
                                      << "expected 'sequential', 'round-robin', 'explore' or task "
                                         "names after 'schedule'";
}

void TstScenarioErrors::errors() {
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ParseResult r = parse(std::string_view(text.constData(), std::size_t(text.size())));
    QVERIFY2(!r.ok(), "accepted a malformed scenario");
    QVERIFY(!r.scenario.has_value());
    QVERIFY(!r.errors.empty());
    const ParseError& e = r.errors.front();
    const QString all = errorsText(r);
    QVERIFY2(q(e.message).contains(message), qPrintable(all));
    QCOMPARE(q(e.file), QStringLiteral("test.scn"));
    QCOMPARE(e.line, line);
    QCOMPARE(e.column, column);
    // One mistake, one error: no cascades.
    QVERIFY2(r.errors.size() == 1, qPrintable(all));
    QVERIFY(e.lineText.size() <= kMaxLineBytes);
}

void TstScenarioErrors::collectsAllErrors() {
    const ParseResult r = parse("design v9\n"
                                "task A: r0 = open(\"/etc\")\n" // bound anyway: no cascade below
                                "task A: getdents64(r0, 10)\n"
                                "task A: frob()\n"
                                "schedule A A A A\n"
                                "expect nothing\n");
    QVERIFY(!r.scenario);
    QStringList got;
    for (const auto& e : r.errors)
        got << QStringLiteral("%1:%2 %3")
                   .arg(e.line)
                   .arg(e.column)
                   .arg(q(e.message).section(' ', 0, 1));
    QCOMPARE(got, (QStringList{"1:8 unknown design", "2:19 path outside", "4:9 unknown call",
                               "5:16 impossible schedule:", "6:8 unknown expectation"}));
}

void TstScenarioErrors::hugeLineIsRejectedQuickly() {
    // A 10 MB line (with a NUL and invalid UTF-8 deep inside) followed by a valid call.
    std::string text(10 * 1024 * 1024, 'a');
    text[5 * 1024 * 1024] = '\0';
    text[6 * 1024 * 1024] = '\xff';
    text += "\ntask A: drop_caches\n";
    QElapsedTimer timer;
    timer.start();
    const ParseResult r = parse(text);
    qDebug("10 MB line parsed in %lld ms", static_cast<long long>(timer.elapsed()));
    QVERIFY(!r.scenario);
    QCOMPARE(r.errors.size(), std::size_t{1});
    QCOMPARE(r.errors[0].line, 1);
    QCOMPARE(r.errors[0].column, 4097);
    QCOMPARE(q(r.errors[0].message), QStringLiteral("line too long (limit 4096 bytes)"));
    QVERIFY(r.errors[0].lineText.size() <= kMaxLineBytes);
    QVERIFY(r.errors[0].format().size() < 400);

    // Ten megabytes of NULs: errors are capped, not one per line.
    const ParseResult r2 =
        parse(std::string(10 * 1024 * 1024, '\n').replace(0, 1, "\0", 1) + std::string(1000, '\0'));
    QVERIFY(!r2.scenario);
    QVERIFY(r2.errors.size() <= kMaxErrors + 1);
    std::string lines;
    for (int i = 0; i < 500; ++i)
        lines += "bogus\n";
    const ParseResult r3 = parse(lines);
    QCOMPARE(r3.errors.size(), kMaxErrors + 1);
    QVERIFY(q(r3.errors.back().message).startsWith("too many errors"));
}

void TstScenarioErrors::formatExact() {
    const ParseResult r = parseScenario("task A: r0 = open(\"events\")\n"
                                        "task A: getdents64(r1, 100)\n",
                                        "two-readers.scn", context());
    QCOMPARE(r.errors.size(), std::size_t{1});
    QCOMPARE(q(r.errors[0].format()),
             QStringLiteral("two-readers.scn:2:20: error: unknown fd 'r1' in task A\n"
                            "    task A: getdents64(r1, 100)\n"
                            "                       ^"));
    // An empty scenario has an empty source line, caret at column 1; no file name -> <input>.
    const ParseResult r2 = parseScenario("", "", context());
    QCOMPARE(r2.errors.size(), std::size_t{1});
    QCOMPARE(q(r2.errors[0].format()),
             QStringLiteral("<input>:1:1: error: empty scenario: expected 'task NAME: call' "
                            "lines\n    \n    ^"));
    // Only a byte order mark: empty as well, and the mark is not shown as the source line.
    const ParseResult r3 = parseScenario("\xEF\xBB\xBF", "bom.scn", context());
    QCOMPARE(r3.errors.size(), std::size_t{1});
    QCOMPARE(q(r3.errors[0].format()),
             QStringLiteral("bom.scn:1:1: error: empty scenario: expected 'task NAME: call' "
                            "lines\n    \n    ^"));
}

void TstScenarioErrors::formatAlignsCaretUnderUtf8AndTabs() {
    const ParseResult r = parse("\ttask A: stat(\"\xc3\xa9vents/..\")\n");
    QCOMPARE(r.errors.size(), std::size_t{1});
    QCOMPARE(r.errors[0].column, 24); // bytes: tab + 13 + quote + 2-byte é + "vents/"
    QCOMPARE(q(r.errors[0].format()),
             QString::fromUtf8("test.scn:1:24: error: path contains '..': '\xc3\xa9vents/..'\n"
                               "    \ttask A: stat(\"\xc3\xa9vents/..\")\n"
                               "    \t                     ^"));
    // Binary junk is shown as '?', never raw.
    const ParseResult r2 = parse(std::string_view("ab\0cd", 5));
    QCOMPARE(q(r2.errors[0].format()),
             QStringLiteral("test.scn:1:3: error: binary data: expected text\n    ab?cd\n      ^"));
}

void TstScenarioErrors::formatWindowsLongLines() {
    const ParseResult r = parse(std::string(5000, 'x'));
    QCOMPARE(r.errors.size(), std::size_t{1});
    const QStringList lines = q(r.errors[0].format()).split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[1].size() <= 4 + 3 + 120 + 3);
    QVERIFY(lines[1].startsWith("    ..."));
    // The caret sits right after the last shown character (column 4097 = one past byte 4096).
    QCOMPARE(lines[2].size(), lines[1].size() + 1);
    QVERIFY(lines[2].endsWith('^'));

    // A long line with an error near its start is cut at 120 characters.
    const std::string longCall = "task A: frob " + std::string(300, 'y');
    const QStringList l2 = q(parse(longCall).errors[0].format()).split('\n');
    QCOMPARE(l2[1], "    " + q(longCall.substr(0, 120)) + "...");
    QCOMPARE(l2[2], QStringLiteral("            ^"));
}

void TstScenarioErrors::byteOrderMarkMidFileIsNamed() {
    // Two files joined with `cat`: the second one's byte order mark starts line 2. The message
    // names it, and the source line shows it as '?' (it has no width, so the caret lines up).
    const ParseResult r = parse("\xEF\xBB\xBFtask A: drop_caches\n\xEF\xBB\xBFtask A: ls events\n");
    QCOMPARE(r.errors.size(), std::size_t{1});
    QCOMPARE(r.errors[0].line, 2);
    QCOMPARE(r.errors[0].column, 1);
    QCOMPARE(q(r.errors[0].format()),
             QStringLiteral("test.scn:2:1: error: expected a statement (design, tree, tasks, task, "
                            "schedule, switch, expect), got U+FEFF (byte order mark)\n"
                            "    ?task A: ls events\n"
                            "    ^"));
    // Within a line, after a complete call.
    const ParseResult r2 = parse("task A: drop_caches \xEF\xBB\xBF\n");
    QCOMPARE(r2.errors.size(), std::size_t{1});
    QCOMPARE(r2.errors[0].column, 21);
    QVERIFY2(
        q(r2.errors[0].message).contains(QStringLiteral("unexpected U+FEFF (byte order mark)")),
        r2.errors[0].message.c_str());
    QVERIFY(!r2.errors[0].format().empty());
    // No error message carries the mark itself.
    for (const ParseResult* p : {&r, &r2})
        for (const ParseError& e : p->errors)
            QVERIFY(e.format().find("\xEF\xBB\xBF") == std::string::npos);
}

QTEST_GUILESS_MAIN(TstScenarioErrors)
#include "tst_scenario_errors.moc"
