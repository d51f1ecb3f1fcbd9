// SPDX-License-Identifier: GPL-2.0-or-later
// The eventfs designs against kernel-reference §5 and §6.
#include "engine_fixture.h"

#include <algorithm>

using namespace ds;
using dstest::Sim;

namespace {
const std::vector<std::string> kSafe = {"v6.7", "rfc-open-refs", "rfc-open-array", "v6.8"};

scenario::Scenario crash() {
    std::vector<scenario::ParseError> errs;
    auto sc = scenario::loadScenario("d_instantiate-crash", errs);
    if (!sc) qFatal("d_instantiate-crash does not load");
    return *sc;
}

int count(const scenario::RunResult& r, Report::Kind kind) {
    return static_cast<int>(std::count_if(r.reports.begin(), r.reports.end(),
                                          [&](const Report& x) { return x.kind == kind; }));
}
} // namespace

class TstDesigns : public QObject {
    Q_OBJECT
private slots:
    void everyDesignRegistered() {
        QCOMPARE(allDesigns().size(), size_t(7));
        for (const char* n : {"v6.5-static", "v6.6-rc1", "v6.7", "next-20240104", "rfc-open-refs",
                              "rfc-open-array", "v6.8"})
            QVERIFY2(findDesign(n), n);
    }

    // §5.E: open, getdents64 to the end and close under v6.8 create one dentry (the lookup) and
    // nothing during getdents64; order is files first; file d_ino is the constant.
    void v68GetdentsCreatesNothing() {
        Sim m("v6.8", "sched");
        SyscallRecord g1, g2;
        int64_t afterOpen = 0, afterRead = 0;
        const int64_t before = m.k->dentryState().nrDentry;
        m.run([&](System& k) {
            SyscallRecord a;
            const int fd = static_cast<int>(k.sys_open("events/sched", a));
            afterOpen = k.dentryState().nrDentry;
            k.sys_getdents64(fd, 4096, g1);
            k.sys_getdents64(fd, 4096, g2);
            afterRead = k.dentryState().nrDentry;
        });
        QCOMPARE(afterOpen, before + 1);
        QCOMPARE(afterRead, afterOpen);
        QCOMPARE(g1.ret, int64_t(1200)); // 30 entries, as on 6.18
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
        QVERIFY(!ds->firstChild); // no child dentries
    }

    // §5.E step 4: slots of files a callback hides still count. The ftrace events have no
    // enable/filter/trigger (event_callback returns 0), so their positions are skipped.
    void v68CallbackSkippedSlots() {
        Sim m("v6.8", "full");
        SyscallRecord fn, pr, hidden;
        m.run([&](System& k) {
            SyscallRecord a, b, c;
            const int f1 = static_cast<int>(k.sys_open("events/ftrace/function", a));
            k.sys_getdents64(f1, 4096, fn);
            const int f2 = static_cast<int>(k.sys_open("events/ftrace/print", b));
            k.sys_getdents64(f2, 4096, pr);
            k.sys_stat("events/ftrace/function/enable", hidden);
            (void)c;
        });
        auto offs = [](const SyscallRecord& r) {
            std::vector<std::pair<std::string, int64_t>> out;
            for (const DirEntry& e : r.entries)
                out.emplace_back(e.name, e.off);
            return out;
        };
        using V = std::vector<std::pair<std::string, int64_t>>;
        // slots: . 0, .. 1, enable 2, filter 3, trigger 4, format 5, id 6; end 7
        QCOMPARE(offs(fn), (V{{".", 1}, {"..", 5}, {"format", 6}, {"id", 7}}));
        QCOMPARE(offs(pr), (V{{".", 1}, {"..", 4}, {"trigger", 5}, {"format", 6}, {"id", 7}}));
        QCOMPARE(hidden.ret, int64_t(-2)); // hidden from lookup too
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

    // §5.E E4 and §5.A A4 for every design: a cold stat of events/sched/sched_switch/enable.
    void coldStatCounts_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<int>("created"); // new dentries
        QTest::addColumn<int>("ds");      // c(DS), c(De), c(Df) afterwards
        QTest::addColumn<int>("de");
        QTest::addColumn<int>("df");
        // static: everything was created and pinned at boot; a stat creates nothing
        QTest::newRow("v6.5-static") << "v6.5-static" << 0 << 5 << 6 << 1;
        // the nested lookups (§4.1) or lookup_dir_entry (§4.2): DS and De keep their child's
        // pin, the file is left unused on the LRU
        for (const char* d :
             {"v6.6-rc1", "v6.7", "next-20240104", "rfc-open-refs", "rfc-open-array", "v6.8"})
            QTest::newRow(d) << QString::fromLatin1(d) << 3 << 1 << 1 << 0;
    }
    void coldStatCounts() {
        QFETCH(QString, design);
        QFETCH(int, created);
        QFETCH(int, ds);
        QFETCH(int, de);
        QFETCH(int, df);
        Sim m(design.toLatin1().constData(), "tiny");
        const int64_t before = m.k->dentryState().nrDentry;
        SyscallRecord s;
        m.run([&](System& k) { k.sys_stat("events/sched/sched_switch/enable", s); });
        QCOMPARE(s.ret, int64_t(0));
        QCOMPARE(m.k->dentryState().nrDentry, before + created);
        QCOMPARE(m.dentry("events/sched")->count, ds);
        QCOMPARE(m.dentry("events/sched/sched_switch")->count, de);
        Dentry* file = m.dentry("events/sched/sched_switch/enable");
        QCOMPARE(file->count, df);
        QCOMPARE(file->onLru, df == 0);
        if (design == QLatin1String("v6.8")) QCOMPARE(file->inode->ino, uint64_t(19680823));
        // a warm repeat takes lookup_fast and changes nothing
        m.run([&](System& k) {
            SyscallRecord again;
            QCOMPARE(k.sys_stat("events/sched/sched_switch/enable", again), int64_t(0));
        });
        QCOMPARE(m.k->dentryState().nrDentry, before + created);
        QCOMPARE(file->count, df);
    }

    // §5.A A1: v6.7's open creates one level and holds a reference on each child.
    void v67OpenHoldsOneLevel() {
        Sim m("v6.7", "tiny");
        m.run([&](System& k) {
            SyscallRecord a;
            k.sys_open("events/sched", a);
        });
        Dentry* ds = m.dentry("events/sched");
        // 1 (file) + 2 event dirs + 2 files (child pins) + 1 (cursor)
        QCOMPARE(ds->count, 6);
        QCOMPARE(m.dentry("events/sched/sched_switch")->count, 1);
        QCOMPARE(m.dentry("events/sched/filter")->count, 1);
        QVERIFY(!m.dentry("events/sched/sched_switch/enable")); // only one level
    }

    // §5 for every design: open events/sched, getdents64 to the end, close; the dentry count
    // and DS's count after each step (tiny tree: DS has 2 files and 2 event dirs).
    void openReadClose_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<int>("openNew");   // dentries created by open (cursor included)
        QTest::addColumn<int>("dsOpen");    // c(DS) after open
        QTest::addColumn<int>("readNew");   // dentries created by getdents64
        QTest::addColumn<int>("dsRead");    // c(DS) after getdents64 to the end
        QTest::addColumn<int>("childRead"); // c of child sched_switch after getdents64 (-1: none)
        QTest::addColumn<int>("closeNew");  // dentries created minus freed by close
        QTest::addColumn<int>("dsClosed");  // c(DS) after close
        // static: everything exists from boot; dcache_dir_open adds the cursor (file + cursor)
        QTest::newRow("v6.5-static") << "v6.5-static" << 1 << 7 << 0 << 7 << 6 << -1 << 5;
        // §5.B/§5.A: open creates one level and holds one ref each, plus the cursor
        QTest::newRow("v6.6-rc1") << "v6.6-rc1" << 6 << 6 << 0 << 6 << 1 << -1 << 4;
        QTest::newRow("v6.7") << "v6.7" << 6 << 6 << 0 << 6 << 1 << -1 << 4;
        // §5.C: only the walk creates DS; getdents64 creates every child and leaves it at 0
        QTest::newRow("next-20240104") << "next-20240104" << 1 << 1 << 4 << 5 << 0 << 0 << 4;
        // §5.F: created at open; the plan holds the refs until release, the patch drops them
        QTest::newRow("rfc-open-refs") << "rfc-open-refs" << 5 << 5 << 0 << 5 << 1 << 0 << 4;
        QTest::newRow("rfc-open-array") << "rfc-open-array" << 5 << 5 << 0 << 5 << 0 << 0 << 4;
        // §5.E: one dentry for the walk, nothing else; DS goes to the LRU at close
        QTest::newRow("v6.8") << "v6.8" << 1 << 1 << 0 << 1 << -1 << 0 << 0;
    }
    void openReadClose() {
        QFETCH(QString, design);
        QFETCH(int, openNew);
        QFETCH(int, dsOpen);
        QFETCH(int, readNew);
        QFETCH(int, dsRead);
        QFETCH(int, childRead);
        QFETCH(int, closeNew);
        QFETCH(int, dsClosed);
        Sim m(design.toLatin1().constData(), "tiny");
        const int64_t boot = m.k->dentryState().nrDentry;
        int fd = -1;
        m.run([&](System& k) {
            SyscallRecord r;
            fd = static_cast<int>(k.sys_open("events/sched", r));
        });
        QCOMPARE(fd, 3);
        const int64_t afterOpen = m.k->dentryState().nrDentry;
        QCOMPARE(afterOpen - boot, int64_t(openNew));
        Dentry* ds = m.dentry("events/sched");
        QVERIFY(ds);
        QCOMPARE(ds->count, dsOpen);
        m.run([&](System& k) {
            SyscallRecord a, b;
            QCOMPARE(k.sys_getdents64(fd, 4096, a), int64_t(176)); // . .. 2 files 2 dirs
            QCOMPARE(k.sys_getdents64(fd, 4096, b), int64_t(0));
        });
        QCOMPARE(m.k->dentryState().nrDentry - afterOpen, int64_t(readNew));
        QCOMPARE(ds->count, dsRead);
        Dentry* ss = m.dentry("events/sched/sched_switch");
        QCOMPARE(ss ? ss->count : -1, childRead);
        const int64_t afterRead = m.k->dentryState().nrDentry;
        m.run([&](System& k) {
            SyscallRecord r;
            QCOMPARE(k.sys_close(fd, r), int64_t(0));
        });
        QCOMPARE(m.k->dentryState().nrDentry - afterRead, int64_t(closeNew));
        QCOMPARE(ds->count, dsClosed);
        QVERIFY(!ds->life.freed);
        if (dsClosed == 0) QVERIFY(ds->onLru); // retained, hashed, unused
        QVERIFY(m.k->reports().empty());
    }

    // §5 A5/B/E5 for every design: the system is removed while events/sched is open and was
    // read to the end; then getdents64, lseek + getdents64, fstat, a stat below it, close.
    void removalWhileOpen_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<int>("getdents");      // getdents64 right after the removal
        QTest::addColumn<int>("rewound");       // getdents64 after lseek(fd, 0)
        QTest::addColumn<int>("dsCount");       // c(DS) after the removal
        QTest::addColumn<bool>("dsDead");       // S_DEAD on DS's inode
        QTest::addColumn<int>("children");      // live child dentries of DS after the removal
        QTest::addColumn<bool>("freedAtClose"); // DS and its ei are gone after close
        QTest::addColumn<int>("netDentries");   // nr_dentry after close minus at boot
        // tracefs_remove: simple_recursive_removal kills the children; IS_DEADDIR -> ENOENT
        // (15 dentries go; the stat's negative "sched" from simple_lookup is not cached: v6.5
        // tracefs has no s_d_op, so it carries always_delete_dentry and dies at its dput)
        QTest::newRow("v6.5-static") << "v6.5-static" << -2 << -2 << 2 << true << 0 << true << -15;
        // §5.B: d_invalidate + dput per dentry, no S_DEAD: dcache_readdir skips the unhashed
        // children (only the dots). Release walks the emptied e_top_files and puts nothing:
        // the references open took leak and DS stays pinned.
        QTest::newRow("v6.6-rc1") << "v6.6-rc1" << 0 << 48 << 6 << false << 4 << false << 5;
        // §5.A A5: +1 per dentry held for the workfn (modelled as run), file + 4 pins + cursor
        // eventfs does not cache the stat's unknown name: everything is gone after close
        QTest::newRow("v6.7") << "v6.7" << -2 << -2 << 6 << true << 4 << true << 0;
        QTest::newRow("next-20240104")
            << "next-20240104" << -2 << -2 << 1 << true << 0 << true << 0;
        QTest::newRow("rfc-open-refs")
            << "rfc-open-refs" << -2 << -2 << 5 << true << 4 << true << 0;
        QTest::newRow("rfc-open-array")
            << "rfc-open-array" << -2 << -2 << 1 << true << 0 << true << 0;
        // §5.E E5: dentries untouched; EINVAL, then the dots after lseek
        QTest::newRow("v6.8") << "v6.8" << -22 << 48 << 1 << false << 0 << true << 0;
    }
    void removalWhileOpen() {
        QFETCH(QString, design);
        QFETCH(int, getdents);
        QFETCH(int, rewound);
        QFETCH(int, dsCount);
        QFETCH(bool, dsDead);
        QFETCH(int, children);
        QFETCH(bool, freedAtClose);
        QFETCH(int, netDentries);
        Sim m(design.toLatin1().constData(), "tiny");
        const int64_t boot = m.k->dentryState().nrDentry;
        EventfsInode* ei = m.k->findEventfs("events/sched");
        QVERIFY(ei);
        int fd = -1;
        m.run([&](System& k) {
            SyscallRecord a, b, c;
            fd = static_cast<int>(k.sys_open("events/sched", a));
            while (k.sys_getdents64(fd, 4096, b) > 0)
                b = {};
            QCOMPARE(k.sys_remove("/sys/kernel/tracing/events/sched", c), int64_t(0));
        });
        Dentry* ds = m.dentry("events/sched");
        QVERIFY(ds);
        QCOMPARE(ds->count, dsCount);
        QVERIFY(!ds->hashed || design == QLatin1String("v6.8")); // v6.8 leaves it to d_revalidate
        QCOMPARE(ds->inode->dead, dsDead);
        QVERIFY(ei->isFreed);
        int live = 0;
        for (Dentry* c = ds->firstChild; c; c = c->nextSibling)
            live += !c->cursor && !c->life.freed;
        QCOMPARE(live, children);
        m.run([&](System& k) {
            SyscallRecord g, l, g2, st, s, cl;
            QCOMPARE(k.sys_getdents64(fd, 4096, g), int64_t(getdents));
            QCOMPARE(k.sys_lseek(fd, 0, l), int64_t(0));
            QCOMPARE(k.sys_getdents64(fd, 4096, g2), int64_t(rewound));
            if (rewound > 0) {
                QCOMPARE(g2.entries.size(), size_t(2));
                QCOMPARE(g2.entries[0].name, std::string("."));
            }
            QCOMPARE(k.sys_fstat(fd, st), int64_t(0)); // the inode is alive
            QVERIFY(st.stat && isDirMode(st.stat->mode));
            QCOMPARE(k.sys_stat("events/sched/sched_switch/enable", s), int64_t(-2));
            QCOMPARE(k.sys_close(fd, cl), int64_t(0));
        });
        QCOMPARE(ds->life.freed, freedAtClose);
        QCOMPARE(ei->life.freed, freedAtClose);
        QCOMPARE(m.k->dentryState().nrDentry - boot, int64_t(netDentries));
        // nothing was used after free; only v6.6-rc1 leaves references behind
        m.k->reportLeaks();
        int kasan = 0, leaks = 0;
        for (const Report& r : m.k->reports()) {
            kasan += r.kind == Report::Kind::Kasan;
            leaks += r.kind == Report::Kind::Leak;
        }
        QCOMPARE(kasan, 0);
        QCOMPARE(leaks, freedAtClose ? 0 : 1);
    }

    // §5.E E5 on 6.18: removal while open.
    void v68RemovalWhileOpen() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("removal-while-open", errs);
        QVERIFY(sc);
        auto r = scenario::runScenario(*sc);
        for (const auto& e : r.expectations)
            QVERIFY2(e.ok, (e.text + " -- " + e.detail).c_str());
        QVERIFY(r.expectationsOk);
    }

    // §6: the BUG under next-20240104, with the robot's frames in order.
    void crashStackMatchesRobot() {
        auto r = scenario::runScenario(crash());
        QCOMPARE(count(r, Report::Kind::Bug), 1);
        const Report& bug = *std::find_if(r.reports.begin(), r.reports.end(), [](const Report& x) {
            return x.kind == Report::Kind::Bug;
        });
        QCOMPARE(bug.function, std::string("d_instantiate"));
        QCOMPARE(bug.headline, std::string("kernel BUG at fs/dcache.c:2031!"));
        const std::vector<std::string> robot = {
            "iterate_dir",    "eventfs_iterate", "create_dir_dentry",   "eventfs_start_creating",
            "lookup_one_len", "__lookup_slow",   "eventfs_root_lookup", "create_dir_dentry",
            "d_instantiate"};
        // bug.stack is innermost first; walk it outermost first and find the robot's frames in
        // order
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

    // §6.2: a plain path walk racing the reader needs two preemptions to hit the same BUG,
    // this time in the stat's own nested lookup.
    void lookupRacesReader() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("lookup-races-reader", errs);
        QVERIFY(sc);
        scenario::ExploreOptions one;
        one.preemptions = 1;
        const auto none = scenario::explore(*sc, one);
        QVERIFY(!none.failing);
        QVERIFY(none.exhausted);
        scenario::ExploreOptions two;
        two.preemptions = 2;
        const auto found = scenario::explore(*sc, two);
        QVERIFY(found.failing);
        const Report& bug = found.failing->reports.front();
        QCOMPARE(bug.kind, Report::Kind::Bug);
        QCOMPARE(bug.function, std::string("d_instantiate"));
        QCOMPARE(found.failing->taskNames[bug.task], std::string("B"));
        QVERIFY(std::find(bug.stack.begin(), bug.stack.end(), "vfs_statx") != bug.stack.end());
        QVERIFY(std::find(bug.stack.begin(), bug.stack.end(), "iterate_dir") == bug.stack.end());
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
        Sim st("v6.5-static", "full");
        const auto* full = tracefs::builtinLayout("full");
        const int64_t expected =
            1 /* root */ + int64_t(full->dirCount()) + int64_t(full->fileCount());
        QCOMPARE(st.k->dentryState().nrDentry, expected);
        QCOMPARE(st.k->dentryState().nrInodes, expected);
        QVERIFY(expected > 14000);
        // 14,178 x (192 + 624) bytes (v6.5: plain inodes from inode_cache): the README's figure
        QCOMPARE(st.k->dentryState().bytes(), int64_t(11'569'248));
        QCOMPARE(expected, int64_t(14'178));
        Sim v68("v6.8", "full");
        QCOMPARE(v68.k->dentryState().bytes(), int64_t(1'664)); // 2 x (192 + 640)
        DentryState afterLs;
        v68.run([&](System& k) {
            SyscallRecord ls, dc;
            k.ls("/sys/kernel/tracing/events", LsMode::Recursive, ls);
            afterLs = k.dentryState();
            k.sys_drop_caches(dc);
        });
        QCOMPARE(afterLs.nrDentry, int64_t(2'427)); // one per directory, none per file
        QCOMPARE(afterLs.nrInodes, int64_t(2'427));
        QCOMPARE(afterLs.bytes(), int64_t(2'019'264));
        QCOMPARE(v68.k->dentryState().nrDentry, int64_t(2)); // the root and events/
        QCOMPARE(v68.k->dentryState().bytes(), int64_t(1'664));
    }

    void lsRecursiveFullTree() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("ls-R-full", errs);
        QVERIFY(sc);
        auto r = scenario::runScenario(*sc);
        for (const auto& e : r.expectations)
            QVERIFY2(e.ok, (e.text + " -- " + e.detail).c_str());
    }
};

QTEST_GUILESS_MAIN(TstDesigns)
#include "tst_designs.moc"
