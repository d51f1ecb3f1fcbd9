// The scenario language parser (core/scenario/parser.h): the AST of good files, the exact
// position and message of every kind of error, the error format, schedule round trips.
#include "scenario/parser.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QtTest>

using namespace ds::scenario;

namespace {

ParserContext context() {
    ParserContext ctx;
    ctx.designs = {"v6.5-static",   "v6.6-rc1",       "v6.7", "next-20240104",
                   "rfc-open-refs", "rfc-open-array", "v6.8"};
    ctx.trees = {"full", "sched", "minimal"};
    return ctx;
}

ParseResult parse(std::string_view text) {
    return parseScenario(text, "test.scn", context());
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString errorsText(const ParseResult& r) {
    QStringList out;
    for (const auto& e : r.errors)
        out << q(e.format());
    return out.join('\n');
}

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
    void errors_data();
    void errors();
    void collectsAllErrors();
    void hugeLineIsRejectedQuickly();
    void formatExact();
    void formatAlignsCaretUnderUtf8AndTabs();
    void formatWindowsLongLines();
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

void TstScenarioParser::errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const QByteArray open = "task A: r0 = open(\"events\")\n";
    const QByteArray twoTasks = "task A: drop_caches\ntask B: drop_caches\n";
    const QByteArray call = "task A: drop_caches\n";

    QTest::newRow("unknown call")
        << QByteArray("task A: opne(\"events\")") << 1 << 9
        << "unknown call 'opne' (expected one of: open, getdents64, lseek, close, stat, fstat, "
           "ls, ls -R, remove, add, drop_caches, dentry_state)";
    QTest::newRow("bad fd") << open + "task A: getdents64(r1, 10)" << 2 << 20
                            << "unknown fd 'r1' in task A";
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
    QTest::newRow("ls bad option") << QByteArray("task A: ls -l events") << 1 << 12
                                   << "unknown option '-l' for ls (expected -R)";
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

void TstScenarioParser::errors() {
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

void TstScenarioParser::collectsAllErrors() {
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

void TstScenarioParser::hugeLineIsRejectedQuickly() {
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

void TstScenarioParser::formatExact() {
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

void TstScenarioParser::formatAlignsCaretUnderUtf8AndTabs() {
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

void TstScenarioParser::formatWindowsLongLines() {
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
