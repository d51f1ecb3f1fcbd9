// SPDX-License-Identifier: GPL-2.0-or-later
// core/import: the real 6.12 traces of tests/data/real-6.12 (see its README) import with no
// unreadable line, and what they show is what the README says the kernel did: the eventfs
// dentries each scenario created, their counts and LRU membership when each syscall returned,
// the LRU and free events, stack traces as frames. Then each fixture's conformance score
// against v6.8.
#include "import/conform.h"
#include "import/dentry_view.h"
#include "import/real_trace.h"
#include "trace/symbols.h"

#include <QtTest>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace ds;
using namespace ds::import;

namespace {

const std::string kSched = "/sys/kernel/tracing/events/sched";

std::string readFixture(const char* name) {
    std::ifstream f(std::string(DENTRYSCOPE_TESTS_DIR) + "/data/real-6.12/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The eventfs dentries the trace saw born (not those that existed before tracing began).
std::vector<std::string> created(const RealTrace& t) {
    std::vector<std::string> out;
    for (const RealDentry& d : t.dentries)
        if (!d.preexisting) out.push_back(t.path(d.id).substr(kSched.size()));
    return out;
}

int countKind(const RealTrace& t, EventKind k, ObjKind ok = ObjKind::Dentry) {
    return static_cast<int>(
        std::count_if(t.run.events.begin(), t.run.events.end(),
                      [&](const Event& e) { return e.kind == k && e.okind == ok; }));
}

// State of the dentries when the eventfs syscalls (path under events/, or getdents64/close of
// such an fd) returned, in trace order: "statx sched" -> {path: (count, on LRU)}.
struct AtExit {
    std::string call;
    std::map<std::string, DentryNow> dentries;
};
std::vector<AtExit> statesAtExit(const RealTrace& t) {
    std::vector<AtExit> out;
    DentryView v(t.run.events);
    std::set<std::pair<TaskId, int64_t>> fds;
    for (const RealSyscall& s : t.syscalls) {
        const SyscallRecord& r = t.run.records[s.record];
        if (!s.exitLine) continue;
        const bool path = s.path.starts_with(kSched);
        const auto fdAt = r.args.find("fd: ");
        const int64_t fd =
            fdAt == std::string::npos
                ? -1
                : static_cast<int64_t>(std::stoull(r.args.substr(fdAt + 4), nullptr, 16));
        const bool onFd = fds.count({r.task, fd}) != 0;
        if (!path && !onFd) continue;
        if (path && r.name == "openat" && r.ret >= 0) fds.insert({r.task, r.ret});
        if (onFd && r.name == "close") fds.erase({r.task, fd});
        v.advanceTo(r.exitSeq);
        AtExit a{r.name + (path ? " sched" + s.path.substr(kSched.size()) : ""), {}};
        for (const auto& [p, d] : v.alive())
            if (p.starts_with(kSched)) a.dentries[p.substr(kSched.size())] = d;
        out.push_back(std::move(a));
    }
    return out;
}

QString describe(const AtExit& a) {
    QString s = QString::fromStdString(a.call) + u':';
    for (const auto& [p, d] : a.dentries)
        s += u" sched"_qs + QString::fromStdString(p) + u'=' + QString::number(d.count) +
             (d.lru ? u"L"_qs : QString());
    return s;
}

QStringList describeAll(const RealTrace& t) {
    QStringList out;
    for (const AtExit& a : statesAtExit(t))
        out << describe(a);
    return out;
}

} // namespace

class TstRealImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixturesImportCleanly_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("lines");
        QTest::newRow("S1") << u"S1-ls-sched.trace.txt"_qs << 378;
        QTest::newRow("S2") << u"S2-ls-R-sched.trace.txt"_qs << 1240;
        QTest::newRow("S3") << u"S3-stat-enable.trace.txt"_qs << 408;
        QTest::newRow("S3 stacks") << u"S3-stat-enable-stacks.trace.txt"_qs << 1429;
        QTest::newRow("S4") << u"S4-held-dir-fd.trace.txt"_qs << 428;
    }
    void fixturesImportCleanly() {
        QFETCH(QString, file);
        QFETCH(int, lines);
        const RealTrace t = importFtrace(readFixture(file.toUtf8().constData()));
        QCOMPARE(t.lines, lines);
        QVERIFY2(t.unreadable.empty(),
                 t.unreadable.empty()
                     ? ""
                     : qPrintable(QString::number(t.unreadable[0].line) + u": "_qs +
                                  QString::fromStdString(t.unreadable[0].why)));
        QCOMPARE(t.lost, 0);
        // one timestamp, trace line and stack slot per event; time never goes back
        QCOMPARE(t.timeNs.size(), t.run.events.size());
        QCOMPARE(t.line.size(), t.run.events.size());
        QVERIFY(std::is_sorted(t.timeNs.begin(), t.timeNs.end()));
        // the driver is init-1; the tools are comm-pid tasks of their own
        QCOMPARE(QString::fromStdString(t.run.taskNames.front()), u"init-1"_qs);
        // the two 0x0 dput hits of each trace carry the fields of a live dentry
        QCOMPARE(t.nullDentryResolved, t.nullDentryProbes);
    }

    // S1: `ls events/sched` twice. The first statx creates sched (d_alloc_parallel, then
    // eventfs_root_lookup's d_add); its last dput finds tracefs_d_delete returning 0, so it stays
    // cached, count 0, on the LRU. open takes a reference (an inferred dget: lockref is not
    // probed), close gives it back; the second ls finds it cached and creates nothing.
    void s1LsTwice() {
        const RealTrace t = importFtrace(readFixture("S1-ls-sched.trace.txt"));
        QCOMPARE(created(t), std::vector<std::string>{""});
        QCOMPARE(countKind(t, EventKind::LruAdd), 1);
        QCOMPARE(countKind(t, EventKind::LruDel), 0);
        QCOMPARE(countKind(t, EventKind::Free), 0);
        QCOMPARE(t.markers.size(), size_t(4));
        QVERIFY(std::count(t.run.taskNames.begin(), t.run.taskNames.end(), "ls-180") == 1);
        QVERIFY(std::count(t.run.taskNames.begin(), t.run.taskNames.end(), "ls-181") == 1);
        const QStringList once = {u"statx sched: sched=0L"_qs, u"openat sched: sched=1L"_qs,
                                  u"newfstatat: sched=1L"_qs,  u"getdents64: sched=1L"_qs,
                                  u"getdents64: sched=1L"_qs,  u"close: sched=0L"_qs};
        const QStringList expected = once + once;
        QCOMPARE(describeAll(t).join(u"\n"_qs), expected.join(u"\n"_qs));
        // the open's reference was not seen taken: a Get marked inferred stands for it
        const ObjId sched = t.dentries[4].id;
        QCOMPARE(t.path(sched), kSched);
        const auto inferredGet =
            std::find_if(t.run.events.begin(), t.run.events.end(), [&](const Event& e) {
                return e.kind == EventKind::Get && e.obj == sched && e.aux == kInferred;
            });
        QVERIFY(inferredGet != t.run.events.end());
        QCOMPARE(inferredGet->a, 0);
        QCOMPARE(inferredGet->b, 1);
    }

    // S2: ls -R creates sched and its 29 event directories, each left cached on the LRU at count
    // 0 when ls is done with it; every child pins sched, which ends at 29 and on the LRU too.
    void s2LsRecursive() {
        const RealTrace t = importFtrace(readFixture("S2-ls-R-sched.trace.txt"));
        const auto made = created(t);
        QCOMPARE(made.size(), size_t(30));
        QCOMPARE(made[1], std::string("/sched_kthread_stop"));
        QCOMPARE(made.back(), std::string("/sched_waking"));
        QCOMPARE(countKind(t, EventKind::LruAdd), 30);
        QCOMPARE(countKind(t, EventKind::Free), 0);
        QCOMPARE(countKind(t, EventKind::SetFlag), 0); // nothing killed
        const auto states = statesAtExit(t);
        const auto& end = states.back().dentries;
        QCOMPARE(end.size(), size_t(30));
        QCOMPARE(end.at("").count, 29);
        for (const auto& [p, d] : end)
            if (!p.empty()) QVERIFY2(d.count == 0 && d.lru, p.c_str());
    }

    // S3: stat of sched/sched_switch/enable twice: three dentries the first time, none the
    // second; the leaf ends at 0 on the LRU, each parent pinned at 1 by its child (only the
    // leaf goes on the LRU: a parent's count never drops to 0).
    void s3StatTwice() {
        for (const char* f : {"S3-stat-enable.trace.txt", "S3-stat-enable-stacks.trace.txt"}) {
            const RealTrace t = importFtrace(readFixture(f));
            QCOMPARE(created(t),
                     (std::vector<std::string>{"", "/sched_switch", "/sched_switch/enable"}));
            QCOMPARE(countKind(t, EventKind::LruAdd), 1);
            QCOMPARE(countKind(t, EventKind::Free), 0);
            const QString once = u"statx sched/sched_switch/enable: sched=1 sched/sched_switch=1 "
                                 u"sched/sched_switch/enable=0L"_qs;
            QCOMPARE(describeAll(t), (QStringList{once, once}));
        }
    }

    // The stack trace after each probe hit becomes that event's frames, innermost first, the
    // tracer's own frames (fprobe, rethook, the trampoline) left out.
    void s3StacksAsFrames() {
        const RealTrace t = importFtrace(readFixture("S3-stat-enable-stacks.trace.txt"));
        const auto alloc =
            std::find_if(t.run.events.begin(), t.run.events.end(), [](const Event& e) {
                return e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry &&
                       symbol(e.sym) == "sched_switch";
            });
        QVERIFY(alloc != t.run.events.end());
        const int32_t st = t.stack[alloc->seq];
        QVERIFY(st >= 0);
        const auto& frames = t.stacks[static_cast<size_t>(st)];
        QCOMPARE(frames.front(), std::string("d_alloc_parallel"));
        QCOMPARE(frames[1], std::string("__lookup_slow"));
        QCOMPARE(frames.back(), std::string("entry_SYSCALL_64_after_hwframe"));
        // the plain trace has the same events, without frames
        const RealTrace plain = importFtrace(readFixture("S3-stat-enable.trace.txt"));
        QCOMPARE(plain.run.events.size(), t.run.events.size());
        QVERIFY(plain.stacks.empty());
    }

    // S4: the shell holds sched open (count 1) while ls opens it again (2) and closes it (1);
    // ls of sched_switch creates only sched_switch. Closing fd 3 drops sched's file reference
    // in the __fput that runs after close returned, so only the end shows it: sched is held at 1
    // by its child alone.
    void s4HeldDirFd() {
        const RealTrace t = importFtrace(readFixture("S4-held-dir-fd.trace.txt"));
        QCOMPARE(created(t), (std::vector<std::string>{"", "/sched_switch"}));
        const QStringList got = describeAll(t);
        QCOMPARE(got.front(), u"openat sched: sched=1"_qs);
        QVERIFY(got.contains(u"openat sched: sched=2"_qs));
        QVERIFY(got.contains(u"statx sched/sched_switch: sched=2 sched/sched_switch=0L"_qs));
        QCOMPARE(got.back(), u"close: sched=2 sched/sched_switch=0L"_qs);
        DentryView v(t.run.events);
        v.advanceTo(UINT32_MAX);
        QCOMPARE(v.alive().at(kSched).count, 1);
        QCOMPARE(countKind(t, EventKind::LruAdd), 1);
    }

    // Bad lines are counted with their line numbers and why; the good ones still import.
    void unreadableLinesAreReported() {
        const std::string text =
            "# tracer: nop\n"
            "            ls-180     [000] ...1.     7.000001: sys_close(fd: 3)\n"
            "this is not a trace line\n"
            "            ls-180     [000] ...1.     x.y: sys_close -> 0x0\n"
            "            ls-180     [000] .....     7.000003: dput: (dput+0x4/0x1c0) d=0x10 cnt\n"
            "            ls-180     [000] ...1.     7.000004: sys_close -> 0x0\n";
        const RealTrace t = importFtrace(text);
        QCOMPARE(t.unreadable.size(), size_t(3));
        QCOMPARE(t.unreadable[0].line, 3);
        QCOMPARE(t.unreadable[1].line, 4);
        QVERIFY(t.unreadable[1].why.find("timestamp") != std::string::npos);
        QCOMPARE(t.unreadable[2].line, 5);
        QVERIFY(t.unreadable[2].why.find("key=value") != std::string::npos);
        QCOMPARE(t.run.records.size(), size_t(1));
        QCOMPARE(t.run.records[0].exitSeq, 1u);
    }

    // An address freed and allocated again is a new object; trace-cmd report's layout (no
    // latency column, sys_enter_/sys_exit_ names) reads the same.
    void addressReuseAndTraceCmdReport() {
        const std::string text =
            "cpus=1\n"
            "  ls-9 [000]  1.000001: sys_enter_statx: dfd: 0xffffff9c, filename: 0x1, flags: 0x0\n"
            "  ls-9 [000]  1.000002: d_alloc: (x <- __d_alloc) d=0xff00 n=\"a\" cnt=1 fl=0xc\n"
            "  ls-9 [000]  1.000003: dput: (dput+0x4/0x1c0) d=0xff00 n=\"a\" par=\"/\" cnt=1\n"
            "  ls-9 [000]  1.000004: dentry_kill: (__dentry_kill+0x4) d=0xff00 n=\"a\" cnt=0\n"
            "  ls-9 [000]  1.000005: dentry_free: (dentry_free+0x4) d=0xff00 n=\"a\" cnt=-128\n"
            "  ls-9 [000]  1.000006: d_alloc: (x <- __d_alloc) d=0xff00 n=\"b\" cnt=1 fl=0xc\n"
            "  ls-9 [000]  1.000007: sys_exit_statx: 0xfffffffffffffffe\n";
        const RealTrace t = importFtrace(text);
        QVERIFY(t.unreadable.empty());
        QCOMPARE(t.run.taskNames, std::vector<std::string>{"ls-9"});
        QCOMPARE(t.dentries.size(), size_t(2));
        QVERIFY(t.dentries[0].id != t.dentries[1].id);
        QCOMPARE(t.dentries[0].addr, t.dentries[1].addr);
        QCOMPARE(t.dentries[0].killLine, 5);
        QCOMPARE(t.dentries[0].freeLine, 6);
        QCOMPARE(t.dentries[1].freeLine, 0);
        QCOMPARE(t.run.records.size(), size_t(1));
        QCOMPARE(t.run.records[0].ret, -2);
        QCOMPARE(t.timeNs.front(), 1000001000);
    }

    // conform under v6.8: the score of each fixture (raise it when the simulation gets closer
    // to the kernel, and update README's table). Every difference names a line of the trace.
    void conformScores_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("equal");
        QTest::addColumn<int>("total");
        QTest::newRow("S1") << u"S1-ls-sched.trace.txt"_qs << 34 << 36;
        QTest::newRow("S2") << u"S2-ls-R-sched.trace.txt"_qs << 371 << 443;
        QTest::newRow("S3") << u"S3-stat-enable.trace.txt"_qs << 26 << 26;
        QTest::newRow("S4") << u"S4-held-dir-fd.trace.txt"_qs << 46 << 48;
    }
    void conformScores() {
        QFETCH(QString, file);
        QFETCH(int, equal);
        QFETCH(int, total);
        const RealTrace t = importFtrace(readFixture(file.toUtf8().constData()));
        const ConformResult r = conform(t, "v6.8");
        QVERIFY2(r.error.empty(), r.error.c_str());
        QCOMPARE(r.equal, equal);
        QCOMPARE(r.total, total);
        QCOMPARE(static_cast<int>(r.diffs.size()), total - equal);
        for (const ConformDiff& d : r.diffs)
            QVERIFY(d.line > 0 && d.line <= t.lines);
        const std::string text = formatConformText(r, "x");
        QVERIFY(text.find("facts equal: " + std::to_string(equal) + "/" + std::to_string(total)) !=
                std::string::npos);
    }

    // The difference a design makes shows: S1's ls under v6.7, whose open creates the whole
    // directory level at once, scores lower than v6.8 on the same trace.
    void conformTellsDesignsApart() {
        const RealTrace t = importFtrace(readFixture("S1-ls-sched.trace.txt"));
        const ConformResult v68 = conform(t, "v6.8");
        const ConformResult v67 = conform(t, "v6.7");
        QVERIFY2(v67.error.empty(), v67.error.c_str());
        QCOMPARE(v67.total, v68.total);
        QVERIFY(v67.equal < v68.equal);
    }
};

QTEST_GUILESS_MAIN(TstRealImport)
#include "tst_real_import.moc"
