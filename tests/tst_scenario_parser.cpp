// SPDX-License-Identifier: GPL-2.0-or-later
// The scenario language parser (core/scenario/parser.h): the AST of good files, calls,
// schedules and expectations, and the round trips of formatSchedule() and call names. Malformed
// files are in tst_scenario_errors.cpp.
#include "scenario_parse.h"

#include <QObject>
#include <QStringList>
#include <QtTest>

using namespace ds::scenario;
using namespace dstest;

namespace {

QString dumpCall(const Call& c) {
    QString s = QStringLiteral("%1 %2#%3")
                    .arg(q(std::string(callName(c.kind))), q(c.task))
                    .arg(c.taskIndex);
    if (!c.bind.empty()) s += " bind=" + q(c.bind);
    if (!c.fd.empty()) s += " fd=" + q(c.fd);
    if (!c.path.empty()) s += " path=" + q(c.path);
    if (!c.flags.empty()) s += " flags=" + q(c.flags);
    if (c.number != 0) s += QStringLiteral(" n=%1").arg(c.number);
    if (c.expect.present) {
        s += QStringLiteral(" =%1").arg(c.expect.value);
        for (const auto& [k, v] : c.expect.counters)
            s += QStringLiteral(" %1=%2").arg(q(k)).arg(v);
    }
    return s;
}

QString dumpExpectation(const Expectation& e) {
    static const char* kinds[] = {"bug",      "no bug", "warn",    "no warn", "kasan",
                                  "no kasan", "leak",   "no leak", "counter"};
    QString s = kinds[static_cast<int>(e.kind)];
    if (!e.what.empty()) s += " " + q(e.what);
    if (!e.op.empty()) s += QStringLiteral(" %1 %2").arg(q(e.op)).arg(e.value);
    return s;
}

Call makeCall(CallKind kind, std::string task, int taskIndex, SourcePos pos, std::string text) {
    Call c;
    c.kind = kind;
    c.task = std::move(task);
    c.taskIndex = taskIndex;
    c.pos = pos;
    c.text = std::move(text);
    return c;
}

// Not a raw string: moc would read its "#" lines as preprocessor directives.
const char kGood[] = "# Two readers list events/ at once.\n"
                     "#   second line, indented\n"
                     "#\n"
                     "design next-20240104\n"
                     "tree full      # the whole 6.18 layout\n"
                     "tasks A B\n"
                     "\n"
                     "# not a leading comment any more\n"
                     "task A: r0 = open(\"/sys/kernel/tracing/events/sched\")\n"
                     "task A: r1 = open(\"events/sched/\", O_RDONLY|O_DIRECTORY)   # relative\n"
                     "task A: getdents64(r0, 100)\n"
                     "task A: getdents64(r1, 0x1000) = 80\n"
                     "task A: getdents64(r0, 24) = -EINVAL\n"
                     "task A: lseek(r0, 0)\n"
                     "task A: lseek(r1, 0x10, SEEK_SET) = 16\n"
                     "task A: fstat(r0) = 0\n"
                     "task A: close(r0)\n"
                     "task A: r0 = open(\"./events//sched/sched_switch\")\n"
                     "task B: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n"
                     "task B: stat(\"nope\") = -ENOENT\n"
                     "task B: ls /sys/kernel/tracing/events/sched\n"
                     "task B: ls -R events\n"
                     "task B: ls \"/sys/kernel/tracing/\"\n"
                     "task A: remove /sys/kernel/tracing/events/sched\n"
                     "task A: add events/sched/my_event\n"
                     "task A: drop_caches\n"
                     "\ttask A:dentry_state\n"
                     "task B: dentry_state = nr_dentry=3 nr_unused=1\n"
                     "schedule A B A\n"
                     "switch at 10 to B\n"
                     "switch at 0x20 to A\n"
                     "expect bug d_instantiate\n"
                     "expect warn refcount\n"
                     "expect no kasan\n"
                     "expect leak\n"
                     "expect nr_dentry == 12\n"
                     "expect nr_unused != 0\n"
                     "expect nr_inodes < 5\n"
                     "expect nr_free_inodes <= 5\n"
                     "expect nr_dentry > 1\n"
                     "expect nr_dentry >= 1\n";

} // namespace

class TstScenarioParser : public QObject {
    Q_OBJECT

private slots:
    void goodScenarioExactAst();
    void defaultsAndLeadingComments();
    void calls_data();
    void calls();
    void schedules_data();
    void schedules();
    void expectations_data();
    void expectations();
    void formatScheduleRoundTrip_data();
    void formatScheduleRoundTrip();
    void callNamesRoundTrip();
};

void TstScenarioParser::goodScenarioExactAst() {
    const ParseResult r = parse(kGood);
    QVERIFY2(r.ok(), qPrintable(errorsText(r)));
    const Scenario& s = *r.scenario;

    Scenario e;
    e.fileName = "test.scn";
    e.design = "next-20240104";
    e.designPos = {4, 8};
    e.tree = "full";
    e.treePos = {5, 6};
    e.tasks = {"A", "B"};
    e.leadingComments = {"Two readers list events/ at once.", "  second line, indented", ""};
    const std::string root = "/sys/kernel/tracing";
    auto add = [&](Call c) { e.calls.push_back(std::move(c)); };
    {
        Call c = makeCall(CallKind::Open, "A", 0, {9, 9},
                          R"(task A: r0 = open("/sys/kernel/tracing/events/sched"))");
        c.bind = "r0";
        c.path = root + "/events/sched";
        add(c);
    }
    {
        Call c = makeCall(CallKind::Open, "A", 0, {10, 9},
                          R"(task A: r1 = open("events/sched/", O_RDONLY|O_DIRECTORY))");
        c.bind = "r1";
        c.path = root + "/events/sched";
        c.flags = "O_RDONLY|O_DIRECTORY";
        add(c);
    }
    {
        Call c = makeCall(CallKind::Getdents64, "A", 0, {11, 9}, "task A: getdents64(r0, 100)");
        c.fd = "r0";
        c.number = 100;
        add(c);
    }
    {
        Call c =
            makeCall(CallKind::Getdents64, "A", 0, {12, 9}, "task A: getdents64(r1, 0x1000) = 80");
        c.fd = "r1";
        c.number = 4096;
        c.expect.present = true;
        c.expect.value = 80;
        add(c);
    }
    {
        Call c =
            makeCall(CallKind::Getdents64, "A", 0, {13, 9}, "task A: getdents64(r0, 24) = -EINVAL");
        c.fd = "r0";
        c.number = 24;
        c.expect.present = true;
        c.expect.value = -22;
        add(c);
    }
    {
        Call c = makeCall(CallKind::Lseek, "A", 0, {14, 9}, "task A: lseek(r0, 0)");
        c.fd = "r0";
        add(c);
    }
    {
        Call c =
            makeCall(CallKind::Lseek, "A", 0, {15, 9}, "task A: lseek(r1, 0x10, SEEK_SET) = 16");
        c.fd = "r1";
        c.number = 16;
        c.expect.present = true;
        c.expect.value = 16;
        add(c);
    }
    {
        Call c = makeCall(CallKind::Fstat, "A", 0, {16, 9}, "task A: fstat(r0) = 0");
        c.fd = "r0";
        c.expect.present = true;
        add(c);
    }
    {
        Call c = makeCall(CallKind::Close, "A", 0, {17, 9}, "task A: close(r0)");
        c.fd = "r0";
        add(c);
    }
    {
        Call c = makeCall(CallKind::Open, "A", 0, {18, 9},
                          R"(task A: r0 = open("./events//sched/sched_switch"))");
        c.bind = "r0";
        c.path = root + "/events/sched/sched_switch";
        add(c);
    }
    {
        Call c =
            makeCall(CallKind::Stat, "B", 1, {19, 9},
                     R"(task B: stat("/sys/kernel/tracing/events/sched/sched_switch/enable"))");
        c.path = root + "/events/sched/sched_switch/enable";
        add(c);
    }
    {
        Call c = makeCall(CallKind::Stat, "B", 1, {20, 9}, R"(task B: stat("nope") = -ENOENT)");
        c.path = root + "/nope";
        c.expect.present = true;
        c.expect.value = -2;
        add(c);
    }
    {
        Call c =
            makeCall(CallKind::Ls, "B", 1, {21, 9}, "task B: ls /sys/kernel/tracing/events/sched");
        c.path = root + "/events/sched";
        add(c);
    }
    {
        Call c = makeCall(CallKind::LsRecursive, "B", 1, {22, 9}, "task B: ls -R events");
        c.path = root + "/events";
        add(c);
    }
    {
        Call c = makeCall(CallKind::Ls, "B", 1, {23, 9}, R"(task B: ls "/sys/kernel/tracing/")");
        c.path = root;
        add(c);
    }
    {
        Call c = makeCall(CallKind::Remove, "A", 0, {24, 9},
                          "task A: remove /sys/kernel/tracing/events/sched");
        c.path = root + "/events/sched";
        add(c);
    }
    {
        Call c = makeCall(CallKind::Add, "A", 0, {25, 9}, "task A: add events/sched/my_event");
        c.path = root + "/events/sched/my_event";
        add(c);
    }
    add(makeCall(CallKind::DropCaches, "A", 0, {26, 9}, "task A: drop_caches"));
    add(makeCall(CallKind::DentryState, "A", 0, {27, 9}, "task A:dentry_state"));
    {
        Call c = makeCall(CallKind::DentryState, "B", 1, {28, 9},
                          "task B: dentry_state = nr_dentry=3 nr_unused=1");
        c.expect.present = true;
        c.expect.counters = {{"nr_dentry", 3}, {"nr_unused", 1}};
        add(c);
    }
    e.schedule.kind = Schedule::Kind::Fixed;
    e.schedule.fixed = {0, 1, 0};
    e.schedule.switches = {{10, 1}, {0x20, 0}};
    auto expect = [&](Expectation::Kind kind, int line, std::string text, std::string what = {},
                      std::string op = {}, std::int64_t value = 0) {
        Expectation x;
        x.kind = kind;
        x.what = std::move(what);
        x.op = std::move(op);
        x.value = value;
        x.pos = {line, 1};
        x.text = std::move(text);
        e.expectations.push_back(std::move(x));
    };
    using K = Expectation::Kind;
    expect(K::Bug, 32, "expect bug d_instantiate", "d_instantiate");
    expect(K::Warn, 33, "expect warn refcount", "refcount");
    expect(K::NoKasan, 34, "expect no kasan");
    expect(K::Leak, 35, "expect leak");
    expect(K::Counter, 36, "expect nr_dentry == 12", "nr_dentry", "==", 12);
    expect(K::Counter, 37, "expect nr_unused != 0", "nr_unused", "!=", 0);
    expect(K::Counter, 38, "expect nr_inodes < 5", "nr_inodes", "<", 5);
    expect(K::Counter, 39, "expect nr_free_inodes <= 5", "nr_free_inodes", "<=", 5);
    expect(K::Counter, 40, "expect nr_dentry > 1", "nr_dentry", ">", 1);
    expect(K::Counter, 41, "expect nr_dentry >= 1", "nr_dentry", ">=", 1);

    // Field by field first, for readable failures; then the whole thing.
    QCOMPARE(q(s.fileName), q(e.fileName));
    QCOMPARE(q(s.design), q(e.design));
    QCOMPARE(s.designPos.line, e.designPos.line);
    QCOMPARE(s.designPos.column, e.designPos.column);
    QCOMPARE(q(s.tree), q(e.tree));
    QVERIFY(s.treePos == e.treePos);
    QCOMPARE(s.tasks.size(), e.tasks.size());
    QCOMPARE(s.leadingComments.size(), e.leadingComments.size());
    for (std::size_t i = 0; i < e.leadingComments.size(); ++i)
        QCOMPARE(q(s.leadingComments[i]), q(e.leadingComments[i]));
    QCOMPARE(s.calls.size(), e.calls.size());
    for (std::size_t i = 0; i < e.calls.size(); ++i) {
        QCOMPARE(dumpCall(s.calls[i]), dumpCall(e.calls[i]));
        QCOMPARE(q(s.calls[i].text), q(e.calls[i].text));
        QCOMPARE(s.calls[i].pos.line, e.calls[i].pos.line);
        QCOMPARE(s.calls[i].pos.column, e.calls[i].pos.column);
        QVERIFY(s.calls[i] == e.calls[i]);
    }
    QCOMPARE(s.expectations.size(), e.expectations.size());
    for (std::size_t i = 0; i < e.expectations.size(); ++i) {
        QCOMPARE(dumpExpectation(s.expectations[i]), dumpExpectation(e.expectations[i]));
        QCOMPARE(q(s.expectations[i].text), q(e.expectations[i].text));
        QVERIFY(s.expectations[i] == e.expectations[i]);
    }
    QVERIFY(s.schedule == e.schedule);
    QVERIFY(s == e);

    // CRLF line endings and a byte order mark change nothing.
    std::string crlf = "\xEF\xBB\xBF";
    for (const char* p = kGood; *p; ++p) {
        if (*p == '\n') crlf += '\r';
        crlf += *p;
    }
    const ParseResult r2 = parse(crlf);
    QVERIFY2(r2.ok(), qPrintable(errorsText(r2)));
    QVERIFY(*r2.scenario == e);
}

void TstScenarioParser::defaultsAndLeadingComments() {
    const ParseResult r = parse("\n\n# only this\n\n# not this\ntask A: drop_caches\n");
    QVERIFY2(r.ok(), qPrintable(errorsText(r)));
    const Scenario& s = *r.scenario;
    QCOMPARE(q(s.design), QStringLiteral("v6.8"));
    QCOMPARE(q(s.tree), QStringLiteral("sched"));
    QVERIFY(s.designPos == SourcePos{});
    QVERIFY(s.treePos == SourcePos{});
    QCOMPARE(s.leadingComments.size(), std::size_t{1});
    QCOMPARE(q(s.leadingComments[0]), QStringLiteral("only this"));
    QVERIFY(s.schedule == Schedule{});
    QCOMPARE(s.schedule.preemptions, 2);
    QCOMPARE(s.schedule.maxSchedules, 100000);

    // An empty list in the context accepts any design/tree name.
    ParserContext open;
    const ParseResult r2 =
        parseScenario("design anything\ntree whatever\ntask A: drop_caches", "", open);
    QVERIFY2(r2.ok(), qPrintable(errorsText(r2)));
    QCOMPARE(q(r2.scenario->design), QStringLiteral("anything"));
}

void TstScenarioParser::calls_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");
    // Every row runs after "task A: r0 = open(...)" so r0 is bound in task A.
    QTest::newRow("open relative")
        << QByteArray(R"(task B: open("events"))") << "open B#1 path=/sys/kernel/tracing/events";
    QTest::newRow("open root") << QByteArray(R"(task B: r3 = open("/sys/kernel/tracing"))")
                               << "open B#1 bind=r3 path=/sys/kernel/tracing";
    QTest::newRow("open dot") << QByteArray(R"(task B: open(".", O_RDONLY))")
                              << "open B#1 path=/sys/kernel/tracing flags=O_RDONLY";
    QTest::newRow("open flags spaced")
        << QByteArray(R"(task B: open( "events/" , O_RDONLY | O_DIRECTORY ))")
        << "open B#1 path=/sys/kernel/tracing/events flags=O_RDONLY | O_DIRECTORY";
    QTest::newRow("open -> -ENOENT") << QByteArray(R"(task B: fd = open("nope") = -ENOENT)")
                                     << "open B#1 bind=fd path=/sys/kernel/tracing/nope =-2";
    QTest::newRow("string with #") << QByteArray(R"(task B: stat("a#b") # real comment)")
                                   << "stat B#1 path=/sys/kernel/tracing/a#b";
    QTest::newRow("getdents64 hex")
        << QByteArray("task A: getdents64(r0, 0X20)") << "getdents64 A#0 fd=r0 n=32";
    QTest::newRow("getdents64 0") << QByteArray("task A: getdents64(r0, 0) = -22")
                                  << "getdents64 A#0 fd=r0 =-22";
    QTest::newRow("getdents64 max")
        << QByteArray("task A: getdents64(r0, 1048576)") << "getdents64 A#0 fd=r0 n=1048576";
    QTest::newRow("lseek negative")
        << QByteArray("task A: lseek(r0, -1) = -EINVAL") << "lseek A#0 fd=r0 n=-1 =-22";
    QTest::newRow("close after close") << QByteArray("task A: close(r0)") << "close A#0 fd=r0";
    QTest::newRow("fstat -EBADF") << QByteArray("task A: fstat(r0) = -EBADF")
                                  << "fstat A#0 fd=r0 =-9";
    QTest::newRow("ls quoted") << QByteArray(R"(task A: ls "events/sched")")
                               << "ls A#0 path=/sys/kernel/tracing/events/sched";
    QTest::newRow("ls -R root") << QByteArray("task A: ls -R /sys/kernel/tracing/")
                                << "ls -R A#0 path=/sys/kernel/tracing";
    QTest::newRow("remove = -ENOENT") << QByteArray("task A: remove events/nope = -ENOENT")
                                      << "remove A#0 path=/sys/kernel/tracing/events/nope =-2";
    QTest::newRow("drop_caches()") << QByteArray("task A: drop_caches()") << "drop_caches A#0";
    QTest::newRow("dentry_state all four")
        << QByteArray("task A: dentry_state = nr_free_inodes=0x1 nr_inodes = 2 nr_unused=0 "
                      "nr_dentry=7")
        << "dentry_state A#0 =0 nr_free_inodes=1 nr_inodes=2 nr_unused=0 nr_dentry=7";
    QTest::newRow("negative number result")
        << QByteArray("task A: getdents64(r0, 8) = -22") << "getdents64 A#0 fd=r0 n=8 =-22";
    QTest::newRow("long task name")
        << QByteArray("task Reader_012345678: drop_caches") << "drop_caches Reader_012345678#1";
    QTest::newRow("non-ascii path")
        << QByteArray("task A: stat(\"events/caf\xc3\xa9\")")
        << QString::fromUtf8("stat A#0 path=/sys/kernel/tracing/events/caf\xc3\xa9");
}

void TstScenarioParser::calls() {
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    const std::string text =
        "task A: r0 = open(\"events\")\ntask A: close(r0)\n" + line.toStdString() + "\n";
    const ParseResult r = parse(text);
    QVERIFY2(r.ok(), qPrintable(errorsText(r)));
    QCOMPARE(r.scenario->calls.size(), std::size_t{3});
    QCOMPARE(dumpCall(r.scenario->calls[2]), expected);
    QCOMPARE(r.scenario->calls[2].pos.line, 3);
}

void TstScenarioParser::schedules_data() {
    QTest::addColumn<QByteArray>("lines");
    QTest::addColumn<QString>("formatted");
    QTest::newRow("none") << QByteArray() << "schedule sequential\n";
    QTest::newRow("sequential") << QByteArray("schedule sequential") << "schedule sequential\n";
    QTest::newRow("round-robin") << QByteArray("schedule round-robin  # fair")
                                 << "schedule round-robin\n";
    QTest::newRow("explore") << QByteArray("schedule explore")
                             << "schedule explore preemptions 2 max-schedules 100000\n";
    QTest::newRow("explore options")
        << QByteArray("schedule explore max-schedules 500 preemptions 0")
        << "schedule explore preemptions 0 max-schedules 500\n";
    QTest::newRow("fixed") << QByteArray("schedule B A B A") << "schedule B A B A\n";
    QTest::newRow("fixed partial") << QByteArray("schedule B") << "schedule B\n";
    QTest::newRow("switches before tasks")
        << QByteArray("switch at 0 to B\nswitch at 7 to A\nswitch at 0x10 to B")
        << "schedule sequential\nswitch at 0 to B\nswitch at 7 to A\nswitch at 16 to B\n";
    QTest::newRow("round-robin + switch") << QByteArray("schedule round-robin\nswitch at 99 to B")
                                          << "schedule round-robin\nswitch at 99 to B\n";
    QTest::newRow("fixed + switch")
        << QByteArray("switch at 3 to A\nschedule B") << "schedule B\nswitch at 3 to A\n";
}

void TstScenarioParser::schedules() {
    QFETCH(QByteArray, lines);
    QFETCH(QString, formatted);
    // Schedule lines may come before the tasks they name.
    const std::string text = lines.toStdString() +
                             "\ntask A: drop_caches\ntask B: drop_caches\ntask A: drop_caches\n"
                             "task B: dentry_state\n";
    const ParseResult r = parse(text);
    QVERIFY2(r.ok(), qPrintable(errorsText(r)));
    QCOMPARE(q(formatSchedule(r.scenario->schedule, r.scenario->tasks)), formatted);
}

void TstScenarioParser::expectations_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bug") << QByteArray("expect bug") << "bug";
    QTest::newRow("bug fn") << QByteArray("expect bug __dentry_kill") << "bug __dentry_kill";
    QTest::newRow("bug fn.part") << QByteArray("expect bug d_alloc.part.0") << "bug d_alloc.part.0";
    QTest::newRow("no bug") << QByteArray("expect  no   bug") << "no bug";
    QTest::newRow("warn") << QByteArray("expect warn") << "warn";
    QTest::newRow("no warn") << QByteArray("expect no warn") << "no warn";
    QTest::newRow("kasan") << QByteArray("expect kasan use-after-free") << "kasan use-after-free";
    QTest::newRow("leak") << QByteArray("expect leak dentry") << "leak dentry";
    QTest::newRow("no leak") << QByteArray("expect no leak # at unmount") << "no leak";
    QTest::newRow("counter tight")
        << QByteArray("expect nr_unused<=0x10") << "counter nr_unused <= 16";
}

void TstScenarioParser::expectations() {
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    const ParseResult r = parse("task A: drop_caches\n" + line.toStdString());
    QVERIFY2(r.ok(), qPrintable(errorsText(r)));
    QCOMPARE(r.scenario->expectations.size(), std::size_t{1});
    QCOMPARE(dumpExpectation(r.scenario->expectations[0]), expected);
    QVERIFY(r.scenario->expectations[0].pos == (SourcePos{2, 1}));
}

void TstScenarioParser::formatScheduleRoundTrip_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QList<int>>("fixed");
    QTest::addColumn<QList<int>>("switchEvents");
    QTest::addColumn<QList<int>>("switchTasks");
    QTest::addColumn<int>("preemptions");
    QTest::addColumn<int>("maxSchedules");
    QTest::addColumn<QString>("text");
    using K = Schedule::Kind;
    QTest::newRow("sequential") << int(K::Sequential) << QList<int>{} << QList<int>{}
                                << QList<int>{} << 2 << 100000 << "schedule sequential\n";
    QTest::newRow("explore") << int(K::Explore) << QList<int>{} << QList<int>{} << QList<int>{} << 3
                             << 42 << "schedule explore preemptions 3 max-schedules 42\n";
    QTest::newRow("fixed + switches")
        << int(K::Fixed) << QList<int>{2, 0, 1, 2} << QList<int>{5, 1234} << QList<int>{1, 2} << 2
        << 100000 << "schedule C A B C\nswitch at 5 to B\nswitch at 1234 to C\n";
    QTest::newRow("explore's output: sequential + switches")
        << int(K::Sequential) << QList<int>{} << QList<int>{17, 90, 91} << QList<int>{1, 0, 2} << 2
        << 100000
        << "schedule sequential\nswitch at 17 to B\nswitch at 90 to A\nswitch at 91 to C\n";
}

void TstScenarioParser::formatScheduleRoundTrip() {
    QFETCH(int, kind);
    QFETCH(QList<int>, fixed);
    QFETCH(QList<int>, switchEvents);
    QFETCH(QList<int>, switchTasks);
    QFETCH(int, preemptions);
    QFETCH(int, maxSchedules);
    QFETCH(QString, text);
    Schedule s;
    s.kind = static_cast<Schedule::Kind>(kind);
    s.fixed.assign(fixed.begin(), fixed.end());
    for (qsizetype i = 0; i < switchEvents.size(); ++i)
        s.switches.push_back({static_cast<std::uint64_t>(switchEvents[i]), switchTasks[i]});
    s.preemptions = preemptions;
    s.maxSchedules = maxSchedules;
    const std::vector<std::string> names = {"A", "B", "C"};
    const std::string formatted = formatSchedule(s, names);
    QCOMPARE(q(formatted), text);

    const ParseResult r = parse("task A: drop_caches\ntask B: drop_caches\ntask C: drop_caches\n"
                                "task C: dentry_state\n" +
                                formatted);
    QVERIFY2(r.ok(), qPrintable(errorsText(r)));
    QVERIFY(r.scenario->schedule == s);
}

void TstScenarioParser::callNamesRoundTrip() {
    for (CallKind k : kAllCallKinds) {
        const auto back = callKindFromName(callName(k));
        QVERIFY(back.has_value());
        QVERIFY(*back == k);
    }
    QVERIFY(!callKindFromName("getdents"));
    QCOMPARE(ds::errnoFromName("EINVAL").value_or(0), 22);
    QCOMPARE(q(std::string(ds::errnoName(2))), QStringLiteral("ENOENT"));
    QVERIFY(ds::errnoName(100000).empty());
}

QTEST_GUILESS_MAIN(TstScenarioParser)
#include "tst_scenario_parser.moc"
