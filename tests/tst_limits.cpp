// SPDX-License-Identifier: GPL-2.0-or-later
// The engine's limits: the kernel's fd rules (lowest free fd, EMFILE at 1024, fast at any
// table size), the event limit of a run, explore's bounded memory and its stop request, event
// numbers past 32 bits, and scenario paths that are not regular files.

#include "engine_fixture.h"

#include "trace/uapi.h"

#include <sys/stat.h>

#include <QElapsedTimer>
#include <QTemporaryDir>

using namespace ds;
using dstest::Sim;

namespace {

constexpr std::string_view kFile = "/sys/kernel/tracing/events/sched/enable";

// `ls -R events` `n` times on the full tree: millions of events from a few lines.
std::string manyListings(int n) {
    std::string text = "design v6.8\ntree full\n";
    for (int i = 0; i < n; ++i)
        text += "task A: ls -R events\n";
    return text;
}

} // namespace

class TestLimits : public QObject {
    Q_OBJECT

private slots:
    void lowestFreeFd() {
        Sim m("v6.8", "sched");
        m.run([&](System& k) {
            SyscallRecord r;
            std::vector<int64_t> fds;
            for (int i = 0; i < 5; ++i)
                fds.push_back(k.sys_open(kFile, r));
            QCOMPARE(fds, (std::vector<int64_t>{3, 4, 5, 6, 7}));
            QCOMPARE(k.sys_close(6, r), 0);
            QCOMPARE(k.sys_close(4, r), 0);
            QCOMPARE(k.sys_open(kFile, r), 4); // the lowest free, not the last freed
            QCOMPARE(k.sys_open(kFile, r), 6);
            QCOMPARE(k.sys_open(kFile, r), 8);
            // A failed open gives its fd back.
            QCOMPARE(k.sys_open("/sys/kernel/tracing/events/no-such", r), -ENOENT_);
            QCOMPARE(k.sys_open(kFile, r), 9);
            QCOMPARE(k.sys_close(1024, r), -EBADF_);
            QCOMPARE(k.sys_close(-1, r), -EBADF_);
            QCOMPARE(k.sys_close(2, r), -EBADF_); // stdio is not ours to close
        });
    }

    // RLIMIT_NOFILE's soft limit: fds 0..1023, of which 0-2 are stdio.
    void emfileAt1024() {
        Sim m("v6.8", "sched");
        m.run([&](System& k) {
            SyscallRecord r;
            for (int fd = 3; fd < 1024; ++fd)
                QCOMPARE(k.sys_open(kFile, r), fd);
            SyscallRecord full;
            const uint32_t before = k.machine().nextSeq();
            QCOMPARE(k.sys_open(kFile, full), -EMFILE_);
            QCOMPARE(full.ret, -EMFILE_);
            // EMFILE before any lookup: enter, the __x64_sys_openat and do_sys_openat2 frames,
            // exit.
            QCOMPARE(k.machine().nextSeq() - before, 6u);
            QCOMPARE(k.sys_close(700, r), 0);
            QCOMPARE(k.sys_open(kFile, r), 700);
            QCOMPARE(k.sys_open(kFile, r), -EMFILE_);
        });
    }

    // 100k open/close pairs with 1000 files open: each fd search is a few word scans, so this
    // takes a fraction of a second (a search from fd 3 took minutes).
    void manyOpensAreFast() {
        Sim m("v6.8", "sched");
        QElapsedTimer timer;
        timer.start();
        m.run([&](System& k) {
            SyscallRecord r;
            for (int fd = 3; fd < 1003; ++fd)
                QCOMPARE(k.sys_open(kFile, r), fd);
            bool ok = true;
            for (int i = 0; i < 100000; ++i) {
                ok &= k.sys_open(kFile, r) == 1003;
                ok &= k.sys_close(1003, r) == 0;
            }
            QVERIFY(ok);
        });
        const qint64 ms = timer.elapsed();
        qInfo("100000 open/close pairs with 1000 files open: %lld ms", ms);
        QVERIFY2(ms < 20000, "far slower than the fd rules allow"); // generous: sanitizer builds
    }

    void eventLimitStopsTheRun() {
        scenario::RunOptions opts;
        opts.maxEvents = 100000;
        const auto res = dstest::runText(manyListings(20), opts);
        QVERIFY(res.eventLimitReached);
        QVERIFY(!res.expectationsOk);
        QVERIFY2(res.error.starts_with("the run reached the limit of 100000 events"),
                 res.error.c_str());
        QVERIFY(res.events.size() == 0);
        // Under the limit nothing changes.
        opts.maxEvents = 100000000;
        const auto whole = dstest::runText(manyListings(2), opts);
        QVERIFY2(whole.error.empty(), whole.error.c_str());
        QVERIFY(!whole.eventLimitReached);
        QVERIFY(whole.events.size() > 100000);
    }

    // A limit reached while another task is blocked on a lock still ends the run.
    void eventLimitWithTasksWaiting() {
        const std::string text = "design next-20240104\ntree full\n"
                                 "task A: ls -R events\ntask B: ls -R events\n"
                                 "schedule round-robin\n";
        for (uint64_t limit : {1000ull, 50000ull, 400000ull}) {
            scenario::RunOptions opts;
            opts.maxEvents = limit;
            const auto res = dstest::runText(text, opts);
            QVERIFY(res.eventLimitReached);
        }
    }

    void exploreStopsWhenAsked() {
        std::vector<scenario::ParseError> errors;
        auto sc = scenario::loadScenario("d_instantiate-crash", errors);
        QVERIFY(sc);
        scenario::ExploreOptions opts;
        opts.designOverride = "v6.8"; // safe: explore would go on to the bound
        opts.preemptions = 2;
        int calls = 0;
        opts.onProgress = [&](const scenario::ExploreProgress& p) {
            ++calls;
            return p.schedulesRun < 5;
        };
        const auto res = scenario::explore(*sc, opts);
        QVERIFY(res.interrupted);
        QVERIFY(!res.exhausted);
        QCOMPARE(res.schedulesRun, 5);
        QCOMPARE(calls, 5);
    }

    void exploreReportsTheEventLimit() {
        auto parsed = scenario::parseScenario(
            "design v6.8\ntree full\ntask A: ls -R events\ntask B: ls events\n", "t.scn",
            scenario::defaultParserContext());
        QVERIFY(parsed.ok());
        scenario::ExploreOptions opts;
        opts.maxEvents = 10000;
        const auto res = scenario::explore(*parsed.scenario, opts);
        QVERIFY2(res.error.starts_with("the run reached the limit of 10000 events"),
                 res.error.c_str());
        QVERIFY(!res.exhausted);
    }

    // The largest event number a switch can name reaches the engine unchanged.
    void switchAtLargestEventRoundTrips() {
        const auto res = dstest::runText(
            "task A: drop_caches\ntask B: drop_caches\nswitch at 4294967295 to B\n");
        QCOMPARE(res.schedule.switches.size(), size_t(1));
        QCOMPARE(res.schedule.switches[0].afterEvent, 4294967295u);
        QCOMPARE(res.schedule.switches[0].task, 1);
    }

    void scenarioMustBeARegularFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string fifo = dir.filePath(QStringLiteral("fifo.scn")).toStdString();
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        const std::string notRegular =
            "is not a regular file (a FIFO, device or socket), not a scenario file";
        for (const std::string& path : {fifo, std::string("/dev/null")}) {
            QElapsedTimer timer;
            timer.start();
            std::vector<scenario::ParseError> errors;
            QVERIFY(!scenario::loadScenario(path, errors));
            QCOMPARE(errors.size(), size_t(1));
            QCOMPARE(errors[0].message, notRegular);
            QVERIFY(timer.elapsed() < 5000); // refused at once, not after a blocking read
        }
        // /proc/kmsg is a "regular" file that blocks until the kernel logs something.
        std::vector<scenario::ParseError> errors;
        QVERIFY(!scenario::loadScenario("/proc/kmsg", errors));
        QCOMPARE(errors.size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
