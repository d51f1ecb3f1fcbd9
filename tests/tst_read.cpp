// SPDX-License-Identifier: GPL-2.0-or-later
// read(fd, n) in a scenario (issue 11, A6): parsed, run through vfs_read -> ->read (a directory's
// generic_read_dir is -EISDIR; a tracefs file's contents are simulated where boot fixes them,
// elsewhere only f_pos moves, and every export says so), touching no dentry or inode reference.
#include "fidelity_events.h"
#include "scenario_parse.h"

#include "explain/explain.h"
#include "export/jsonl.h"
#include "export/strace.h"
#include "tracefs/design.h"

namespace {

const char* const kReads =
    "tree tiny\n"
    "task A: r0 = open(\"/sys/kernel/tracing/events/sched\", O_RDONLY|O_DIRECTORY)\n"
    "task A: read(r0, 4096) = -EISDIR\n"
    "task A: r1 = open(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n"
    "task A: read(r1, 1) = 1\n"
    "task A: read(r1, 4096) = 1\n"
    "task A: read(r1, 4096) = 0\n"
    "task A: r2 = open(\"/sys/kernel/tracing/events/sched/sched_switch/filter\")\n"
    "task A: read(r2, 4096) = 5\n"
    "task A: r3 = open(\"/sys/kernel/tracing/events/sched/sched_switch/format\")\n"
    "task A: read(r3, 100) = 100\n";

std::string withDesign(const char* design) {
    return std::string("design ") + design + "\n" + kReads;
}

const SyscallRecord& nthRead(const scenario::RunResult& run, int n) {
    for (const SyscallRecord& r : run.records)
        if (r.name == "read" && n-- == 0) return r;
    static const SyscallRecord none;
    return none;
}

} // namespace

class TstRead : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parses() {
        const auto r = dstest::parse("task A: r0 = open(\"events/sched/sched_switch/enable\")\n"
                                     "task A: read(r0, 4096) = 2\n");
        QVERIFY(r.ok());
        const scenario::Call& c = r.scenario->calls[1];
        QCOMPARE(c.kind, scenario::CallKind::Read);
        QCOMPARE(c.fd, std::string("r0"));
        QCOMPARE(c.number, int64_t(4096));
        QVERIFY(c.expect.present);
        QCOMPARE(c.expect.value, int64_t(2));
    }

    // Every design's directories have ->read = generic_read_dir: -EISDIR, nothing else.
    void directoryIsEisdir_data() {
        QTest::addColumn<QString>("design");
        for (const ds::Design* d : ds::allDesigns())
            QTest::newRow(std::string(d->name).c_str())
                << QString::fromStdString(std::string(d->name));
    }
    void directoryIsEisdir() {
        QFETCH(QString, design);
        const auto run = dstest::runText(withDesign(design.toLatin1().constData()));
        QVERIFY(run.error.empty());
        QVERIFY2(run.expectationsOk, "a read returned something else");
        const Events ev{run};
        const auto [in, out] = ev.syscall("read");
        QVERIFY(ev.enter("generic_read_dir", in) < out);
    }

    // The bytes of `enable` ("0\n") come out as asked, f_pos moving by what was read; a read
    // touches no dentry or inode: no reference taken or dropped, nothing allocated or freed.
    void fileContentsAndPosition() {
        const auto run = dstest::runText(withDesign("v6.8"));
        QVERIFY(run.expectationsOk);
        QCOMPARE(nthRead(run, 1).data, std::optional<std::string>("0"));
        QCOMPARE(nthRead(run, 2).data, std::optional<std::string>("\n"));
        QCOMPARE(nthRead(run, 3).data, std::optional<std::string>(""));
        QCOMPARE(nthRead(run, 4).data, std::optional<std::string>("none\n"));
        QVERIFY(!nthRead(run, 5).data); // format: not simulated
        const Events ev{run};
        std::vector<std::pair<int, int>> moves;
        for (int n = 1; n <= 5; ++n) {
            const auto [in, out] = ev.syscall("read", n);
            for (uint32_t i = in; i < out; ++i) {
                const Event& e = run.events[i];
                if (e.kind == EventKind::FilePos) moves.emplace_back(e.a, e.b);
                const bool touches = e.kind == EventKind::Get || e.kind == EventKind::Put ||
                                     e.kind == EventKind::Alloc || e.kind == EventKind::Free;
                QVERIFY2(!touches, "read touched an object");
            }
        }
        const std::vector<std::pair<int, int>> want{{0, 1}, {1, 2}, {0, 5}, {0, 100}};
        QCOMPARE(moves, want);
        QVERIFY(ev.enter("event_enable_read", ev.syscall("read", 1).first) != kNever);
    }

    // strace, JSON Lines and explain show what was read, and say where contents are not
    // simulated.
    void exports() {
        const auto run = dstest::runText(withDesign("v6.8"));
        QCOMPARE(exporter::formatSyscall(nthRead(run, 0)),
                 std::string("read(3, \"\", 4096) = -1 EISDIR (Is a directory)"));
        QCOMPARE(exporter::formatSyscall(nthRead(run, 2)),
                 std::string("read(4, \"\\n\", 4096) = 1"));
        QCOMPARE(exporter::formatSyscall(nthRead(run, 5)),
                 std::string("read(6, /* contents not simulated */, 100) = 100"));
        const std::string jsonl = exporter::formatJsonl(run);
        QVERIFY2(jsonl.find("\"call\":\"read\",\"args\":\"4, 1\",\"ret\":1,") != std::string::npos,
                 jsonl.c_str());
        QVERIFY(jsonl.find("\"data\":\"none\\n\"") != std::string::npos);
        QVERIFY(jsonl.find("\"data\":null") != std::string::npos);
        const Replay replay(run.events);
        const explain::Explainer x(run, replay);
        const std::string said = x.sentence(ev(run).syscall("read", 5).second);
        QVERIFY2(said.find("does not simulate this file's contents") != std::string::npos,
                 said.c_str());
    }

private:
    static Events ev(const scenario::RunResult& run) { return Events{run}; }
};

QTEST_GUILESS_MAIN(TstRead)
#include "tst_read.moc"
