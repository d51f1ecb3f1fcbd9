// The eventfs designs against kernel-reference §5 and §6.
#include "engine_fixture.h"

#include <algorithm>

using namespace ds;
using dstest::Machine;

namespace {
const std::vector<std::string> kSafe = {"v6.7", "rfc-open-refs", "rfc-open-array", "v6.8"};

scenario::Scenario crash() {
    std::vector<scenario::ParseError> errs;
    auto sc = scenario::loadScenario("d_instantiate-crash", errs);
    if (!sc) qFatal("d_instantiate-crash does not load");
    return *sc;
}

int count(const scenario::RunResult& r, Report::Kind kind) {
    return static_cast<int>(std::count_if(r.reports.begin(), r.reports.end(), [&](const Report& x) { return x.kind == kind; }));
}
}  // namespace

class TstDesigns : public QObject {
    Q_OBJECT
private slots:
    void everyDesignRegistered() {
        QCOMPARE(allDesigns().size(), size_t(7));
        for (const char* n : {"v6.5-static", "v6.6-rc1", "v6.7", "next-20240104", "rfc-open-refs", "rfc-open-array", "v6.8"})
            QVERIFY2(findDesign(n), n);
    }

    // §5.E: open, getdents64 to the end and close under v6.8 create one dentry (the lookup) and
    // nothing during getdents64; order is files first; file d_ino is the constant.
    void v68GetdentsCreatesNothing() {
        Machine m("v6.8", "sched");
        SyscallRecord g1, g2;
        int64_t afterOpen = 0, afterRead = 0;
        const int64_t before = m.k->dentryState().nrDentry;
        m.run([&](Kernel& k) {
            SyscallRecord a;
            const int fd = static_cast<int>(k.sys_open("events/sched", a));
            afterOpen = k.dentryState().nrDentry;
            k.sys_getdents64(fd, 4096, g1);
            k.sys_getdents64(fd, 4096, g2);
            afterRead = k.dentryState().nrDentry;
        });
        QCOMPARE(afterOpen, before + 1);
        QCOMPARE(afterRead, afterOpen);
        QCOMPARE(g1.ret, int64_t(1200));  // 30 entries, as on 6.18
        QCOMPARE(g1.entries.size(), size_t(30));
        QCOMPARE(g2.ret, int64_t(0));
        QCOMPARE(g1.entries[2].name, std::string("filter"));
        QCOMPARE(g1.entries[3].name, std::string("enable"));
        QCOMPARE(g1.entries[2].ino, uint64_t(19680823));
        QCOMPARE(int(g1.entries[4].type), int(DT_DIR_));
        QCOMPARE(g1.entries[2].off, int64_t(3));
        QCOMPARE(g1.entries.back().off, int64_t(30));
        Dentry* ds = m.dentry("events/sched");
        QCOMPARE(ds->count, 1);
        QVERIFY(!ds->firstChild);  // no child dentries
    }

    void v68DirInoStableAcrossReads() {
        const std::string text = "design v6.8\ntree tiny\n"
                                 "task A: ls /sys/kernel/tracing/events/sched\n"
                                 "task A: drop_caches\n"
                                 "task A: ls /sys/kernel/tracing/events/sched\n";
        auto r = dstest::runText(text);
        std::vector<uint64_t> inos;
        for (const auto& rec : r.records)
            for (const auto& e : rec.entries)
                if (e.name == "sched_switch") inos.push_back(e.ino);
        QCOMPARE(inos.size(), size_t(2));
        QCOMPARE(inos[0], inos[1]);
    }

    // §5.E E4 and §5.A A4: a cold stat creates three dentries; counts per the reference.
    void coldStatCounts_data() {
        QTest::addColumn<QString>("design");
        for (const char* d : {"v6.7", "next-20240104", "v6.8", "rfc-open-refs", "rfc-open-array"}) QTest::newRow(d) << QString::fromLatin1(d);
    }
    void coldStatCounts() {
        QFETCH(QString, design);
        Machine m(design.toLatin1().constData(), "tiny");
        const int64_t before = m.k->dentryState().nrDentry;
        SyscallRecord s;
        m.run([&](Kernel& k) { k.sys_stat("events/sched/sched_switch/enable", s); });
        QCOMPARE(s.ret, int64_t(0));
        QCOMPARE(m.k->dentryState().nrDentry, before + 3);
        QCOMPARE(m.dentry("events/sched")->count, 1);
        QCOMPARE(m.dentry("events/sched/sched_switch")->count, 1);
        Dentry* df = m.dentry("events/sched/sched_switch/enable");
        QCOMPARE(df->count, 0);
        QVERIFY(df->onLru);
        if (design == QLatin1String("v6.8")) QCOMPARE(df->inode->ino, uint64_t(19680823));
    }

    // §5.A A1: v6.7's open creates one level and holds a reference on each child.
    void v67OpenHoldsOneLevel() {
        Machine m("v6.7", "tiny");
        m.run([&](Kernel& k) {
            SyscallRecord a;
            k.sys_open("events/sched", a);
        });
        Dentry* ds = m.dentry("events/sched");
        // 1 (file) + 2 event dirs + 2 files (child pins) + 1 (cursor)
        QCOMPARE(ds->count, 6);
        QCOMPARE(m.dentry("events/sched/sched_switch")->count, 1);
        QCOMPARE(m.dentry("events/sched/filter")->count, 1);
        QVERIFY(!m.dentry("events/sched/sched_switch/enable"));  // only one level
    }

    // §5.E E5 on 6.18: removal while open.
    void v68RemovalWhileOpen() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("removal-while-open", errs);
        QVERIFY(sc);
        auto r = scenario::runScenario(*sc);
        for (const auto& e : r.expectations) QVERIFY2(e.ok, (e.text + " -- " + e.detail).c_str());
        QVERIFY(r.expectationsOk);
    }

    // §6: the BUG under next-20240104, with the robot's frames in order.
    void crashStackMatchesRobot() {
        auto r = scenario::runScenario(crash());
        QCOMPARE(count(r, Report::Kind::Bug), 1);
        const Report& bug = *std::find_if(r.reports.begin(), r.reports.end(), [](const Report& x) { return x.kind == Report::Kind::Bug; });
        QCOMPARE(bug.function, std::string("d_instantiate"));
        QCOMPARE(bug.headline, std::string("kernel BUG at fs/dcache.c:2031!"));
        const std::vector<std::string> robot = {"iterate_dir", "eventfs_iterate", "create_dir_dentry", "eventfs_start_creating",
                                                "lookup_one_len", "__lookup_slow", "eventfs_root_lookup", "create_dir_dentry",
                                                "d_instantiate"};
        // bug.stack is innermost first; walk it outermost first and find the robot's frames in order
        size_t next = 0;
        for (auto it = bug.stack.rbegin(); it != bug.stack.rend() && next < robot.size(); ++it)
            if (*it == robot[next]) ++next;
        QCOMPARE(next, robot.size());
    }

    void exploreFindsCrashOnlyInNext() {
        scenario::ExploreOptions eo;
        eo.preemptions = 1;
        auto found = scenario::explore(crash(), eo);
        QVERIFY(found.failing.has_value());
        QCOMPARE(count(*found.failing, Report::Kind::Bug), 1);
        for (const std::string& d : kSafe) {
            eo.designOverride = d;
            auto r = scenario::explore(crash(), eo);
            QVERIFY2(!r.failing, d.c_str());
            QVERIFY2(r.exhausted, d.c_str());
            QVERIFY(r.schedulesRun > 1);
        }
    }

    // §1 V0: an event dir added between open and release: release puts what it never got.
    void v66rc1Underflow() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("v6.6-rc1-underflow", errs);
        QVERIFY(sc);
        auto r = scenario::runScenario(*sc);
        QCOMPARE(count(r, Report::Kind::Warn), 1);
        QVERIFY(r.reports[0].text.find("my_event") != std::string::npos);
        auto v67 = scenario::runScenario(*sc, {.designOverride = "v6.7"});
        QCOMPARE(count(v67, Report::Kind::Warn), 0);
    }

    // v6.5-static pins a dentry and an inode per file and directory from boot.
    void staticPinsEverything() {
        Machine st("v6.5-static", "full");
        const auto* full = tracefs::builtinLayout("full");
        const int64_t expected = 1 /* root */ + int64_t(full->dirCount()) + int64_t(full->fileCount());
        QCOMPARE(st.k->dentryState().nrDentry, expected);
        QCOMPARE(st.k->dentryState().nrInodes, expected);
        QVERIFY(expected > 14000);
        Machine v68("v6.8", "full");
        v68.run([&](Kernel& k) { SyscallRecord a; k.sys_drop_caches(a); });
        QCOMPARE(v68.k->dentryState().nrDentry, int64_t(2));
        const int64_t bytes = expected * (192 + 656);
        QVERIFY(bytes > 11'000'000);  // ~11.7 MiB pinned before eventfs
    }

    void lsRecursiveFullTree() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("ls-R-full", errs);
        QVERIFY(sc);
        auto r = scenario::runScenario(*sc);
        for (const auto& e : r.expectations) QVERIFY2(e.ok, (e.text + " -- " + e.detail).c_str());
    }
};

QTEST_GUILESS_MAIN(TstDesigns)
#include "tst_designs.moc"
