// SPDX-License-Identifier: GPL-2.0-or-later
// The dcache rules of kernel-reference §3, pinned with exact counts.
#include "engine_fixture.h"

using namespace ds;
using dstest::Sim;

class TstEngine : public QObject {
    Q_OBJECT
private slots:
    // The call-stack pane and the exports name engine sources relative to the repository,
    // however the compiler was given the path (absolute, or relative to the build folder when a
    // launcher such as ccache rewrote it).
    void sourcePositionsAreRepositoryPaths() {
        QCOMPARE(relativeToRepo(DENTRYSCOPE_SOURCE_DIR "/core/vfs/dcache.cpp"),
                 std::string("core/vfs/dcache.cpp"));
        QCOMPARE(relativeToRepo("../../core/vfs/dcache.cpp"), std::string("core/vfs/dcache.cpp"));
        QCOMPARE(relativeToRepo("./core/vfs/dcache.cpp"), std::string("core/vfs/dcache.cpp"));
        QCOMPARE(relativeToRepo("core/vfs/dcache.cpp"), std::string("core/vfs/dcache.cpp"));
        Sim m("v6.8", "tiny");
        SyscallRecord r;
        m.run([&](System& k) { k.sys_open("/sys/kernel/tracing/events/sched", r); });
        int named = 0;
        const EventLog& log = m.k->machine().events();
        for (size_t i = 0; i < log.size(); ++i)
            if (const Event& e = log[i]; e.src) {
                const std::string& file = sourceLoc(e.src).file;
                QVERIFY2(file.starts_with("core/"), file.c_str());
                ++named;
            }
        QVERIFY(named > 10);
    }

    // §3.1: d_alloc pins the parent for as long as the child lives.
    void dAllocPinsParent() {
        Sim m("v6.8", "tiny");
        Dentry* ev = m.dentry("events");
        const int before = ev->count;
        SyscallRecord r;
        m.run([&](System& k) { k.sys_open("/sys/kernel/tracing/events/sched", r); });
        Dentry* ds = m.dentry("events/sched");
        QVERIFY(ds);
        QCOMPARE(ds->count, 1);          // the open file's reference
        QCOMPARE(ev->count, before + 1); // the child's pin
        QVERIFY(ds->hashed);
        QVERIFY(ds->inode);
    }

    // §3.5: dput at 1 of a hashed dentry keeps it cached on the LRU.
    void dputHashedGoesToLru() {
        Sim m("v6.8", "tiny");
        const int64_t unused = m.k->dentryState().nrUnused;
        m.run([&](System& k) {
            SyscallRecord a, b;
            const int fd = static_cast<int>(k.sys_open("events/sched", a));
            k.sys_close(fd, b);
        });
        Dentry* ds = m.dentry("events/sched");
        QVERIFY(ds);
        QCOMPARE(ds->count, 0);
        QVERIFY(ds->onLru);
        QVERIFY(!ds->life.freed);
        QCOMPARE(m.k->dentryState().nrUnused, unused + 1);
    }

    // §3.5/§3.6: an unhashed dentry dies at its last dput, and the kill drops the parent pin;
    // d_invalidate on an in-use directory kills its unused descendants only.
    void invalidateInUseSubtreeAndCascade() {
        Sim m("v6.8", "tiny");
        Dentry* ev = m.dentry("events");
        const int evBefore = ev->count;
        int fd = -1;
        m.run([&](System& k) {
            SyscallRecord a, b, c;
            fd = static_cast<int>(k.sys_open("events/sched", a));
            k.sys_stat("events/sched/sched_switch/enable", b);
        });
        Dentry* ds = m.dentry("events/sched");
        Dentry* de = m.dentry("events/sched/sched_switch");
        Dentry* df = m.dentry("events/sched/sched_switch/enable");
        QVERIFY(ds && de && df);
        QCOMPARE(ds->count, 2); // file + De's pin
        QCOMPARE(de->count, 1); // Df's pin
        QCOMPARE(df->count, 0); // unused, on the LRU
        m.run([&](System&) { d_invalidate(ds); });
        QVERIFY(!ds->hashed);
        QVERIFY(df->life.freed);
        QVERIFY(de->life.freed); // became unused when Df died, killed in the same shrink
        QCOMPARE(ds->count, 1);  // the in-use directory survives with the file's reference
        QVERIFY(!ds->life.freed);
        QCOMPARE(ev->count, evBefore + 1);
        // close: the last dput of an unhashed dentry kills it and drops EV's pin
        m.run([&](System& k) {
            SyscallRecord c;
            k.sys_close(fd, c);
        });
        QVERIFY(ds->life.freed);
        QCOMPARE(ev->count, evBefore);
    }

    // §3.2: a second lookup of a name in lookup waits, then uses the first one's result.
    void inLookupMakesSecondTaskWait() {
        const std::string text = "design v6.8\ntree tiny\n"
                                 "task A: stat(\"/sys/kernel/tracing/events/sched\")\n"
                                 "task B: stat(\"/sys/kernel/tracing/events/sched\")\n";
        scenario::RunResult plain = dstest::runText(text);
        uint32_t inLookupSeq = 0;
        for (const Event& e : plain.events)
            if (e.kind == EventKind::InLookup && e.a == 1 && e.task == 0) {
                inLookupSeq = e.seq;
                break;
            }
        QVERIFY(inLookupSeq > 0);
        scenario::RunOptions o;
        o.schedule = Schedule{};
        o.schedule->switches.push_back({inLookupSeq, 1});
        scenario::RunResult r = dstest::runText(text, o);
        QCOMPARE(r.impossibleSwitches, 0);
        bool bWaited = false, bWoken = false;
        for (const Event& e : r.events) {
            if (e.kind == EventKind::Wait && e.task == 1) bWaited = true;
            if (e.kind == EventKind::Wake && e.a == 1) bWoken = true;
        }
        QVERIFY(bWaited);
        QVERIFY(bWoken);
        QCOMPARE(r.records.size(), size_t(2));
        QCOMPARE(r.records[0].ret, 0);
        QCOMPARE(r.records[1].ret, 0);
        QCOMPARE(r.records[0].stat->ino, r.records[1].stat->ino); // B got A's dentry
        // one sched dentry survives: B's own in-lookup candidate was dropped
        QCOMPARE(r.finalCounters.nrDentry, 3);
    }

    // §3.7: record sizes and d_off with small buffers.
    void getdentsRecordsAndOffsets_data() {
        QTest::addColumn<int>("bufsize");
        QTest::addColumn<int>("ret");
        QTest::addColumn<QList<int>>("reclens");
        QTest::addColumn<QList<int>>("offs");
        QTest::newRow("24") << 24 << 24 << QList<int>{24} << QList<int>{1};
        QTest::newRow("48") << 48 << 48 << QList<int>{24, 24} << QList<int>{1, 2};
        QTest::newRow("64") << 64 << 48 << QList<int>{24, 24} << QList<int>{1, 2};
        QTest::newRow("100") << 100 << 80 << QList<int>{24, 24, 32} << QList<int>{1, 2, 3};
        // v6.8 bumps ctx->pos *before* emitting each child directory, so enable's d_off (the
        // position of the next entry) is 5, and the last entry gets ctx->pos = 6 as well.
        QTest::newRow("4096") << 4096 << 176 << QList<int>{24, 24, 32, 32, 32, 32}
                              << QList<int>{1, 2, 3, 5, 6, 6};
        QTest::newRow("too small") << 23 << -22 << QList<int>{} << QList<int>{};
    }
    void getdentsRecordsAndOffsets() {
        QFETCH(int, bufsize);
        QFETCH(int, ret);
        QFETCH(QList<int>, reclens);
        QFETCH(QList<int>, offs);
        Sim m("v6.8", "tiny");
        SyscallRecord g;
        m.run([&](System& k) {
            SyscallRecord a;
            const int fd = static_cast<int>(k.sys_open("events/sched", a));
            k.sys_getdents64(fd, bufsize, g);
        });
        QCOMPARE(g.ret, int64_t(ret));
        QCOMPARE(g.entries.size(), size_t(reclens.size()));
        for (qsizetype i = 0; i < reclens.size(); ++i) {
            QCOMPARE(int(g.entries[i].reclen), reclens[i]);
            QCOMPARE(int(g.entries[i].off), offs[i]);
        }
    }

    // The same (scenario, design, schedule) gives the same event log, byte for byte.
    void eventLogIsDeterministic() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("d_instantiate-crash", errs);
        QVERIFY(sc);
        auto serialize = [](const scenario::RunResult& r) {
            std::string out;
            for (const Event& e : r.events) {
                out += std::to_string(e.seq) + ' ' + std::string(eventKindName(e.kind)) + ' ' +
                       std::to_string(e.task) + ' ' + std::to_string(e.obj) + ' ' +
                       std::to_string(e.a) + ' ' + std::to_string(e.b) + ' ' +
                       std::string(symbol(e.sym)) + ' ' + sourceLoc(e.src).file + ':' +
                       std::to_string(sourceLoc(e.src).line) + '\n';
            }
            return out;
        };
        const auto a = scenario::runScenario(*sc);
        const auto b = scenario::runScenario(*sc);
        QVERIFY(a.events.size() > 1000);
        QCOMPARE(serialize(a), serialize(b));
        QCOMPARE(a.reports.size(), b.reports.size());
    }

    // The event log keeps every event through its moves from the heap to its own mapping and
    // its growth there, and copies, moves and shrinks without losing one.
    void eventLogStorage() {
        EventLog log;
        const uint32_t n = 1u << 20; // 28 MiB: heap, then a mapping grown four times
        for (uint32_t i = 0; i < n; ++i)
            log.push_back(Event{i, EventKind::Get, TaskId(i % 3), ObjKind::Dentry, 0, i * 7,
                                int32_t(i), -int32_t(i), i ^ 0x55u, i / 2});
        QCOMPARE(log.size(), size_t(n));
        QVERIFY(log.capacity() >= n);
        bool same = true;
        for (uint32_t i = 0; i < n && same; ++i)
            same = log[i].seq == i && log[i].obj == i * 7 && log[i].b == -int32_t(i) &&
                   log[i].src == i / 2;
        QVERIFY(same);
        EventLog copy = log;
        QVERIFY(copy == log);
        log.shrinkToFit();
        QVERIFY(log.capacity() >= n);
        QVERIFY(log.bytesReserved() < size_t(n) * sizeof(Event) + (size_t(2) << 20));
        QVERIFY(copy == log);
        EventLog moved = std::move(copy);
        QVERIFY(copy.empty());
        QCOMPARE(moved.back().seq, n - 1);
        moved.push_back(Event{n, EventKind::Put, 0, ObjKind::Inode, 0, 1, 2, 3, 4, 5});
        QCOMPARE(moved.size(), size_t(n) + 1);
        QVERIFY(!(moved == log));
        const EventLog small{Event{0, EventKind::Alloc, 0, ObjKind::File, 0, 9, 0, 0, 0, 0}};
        QCOMPARE(small.size(), size_t(1));
        QCOMPARE(small.front().obj, ObjId(9));
    }

    // Every object kind is stamped the same way at allocation and free (task, event, stack), so
    // a KASAN report on an eventfs_inode names who allocated and who freed it, with stacks.
    void kasanOnEventfsInodeNamesBothStacks() {
        Sim m("v6.7", "tiny");
        EventfsInode* ei = nullptr;
        m.run([&](System& k) {
            SyscallRecord add, rm;
            QCOMPARE(k.sys_add("events/sched/sched_new", add), int64_t(0));
            ei = k.findEventfs("events/sched/sched_new");
            QVERIFY(ei);
            QCOMPARE(k.sys_remove("events/sched/sched_new", rm), int64_t(0));
        });
        QVERIFY(ei && ei->life.freed);
        m.run([&](System&) { kref_get(ei); }); // a use after free
        QCOMPARE(m.k->reports().size(), size_t(1));
        const Report& r = m.k->reports().front();
        QCOMPARE(r.kind, Report::Kind::Kasan);
        const std::string& text = r.text;
        const size_t alloc = text.find("Allocated by task A");
        const size_t freed = text.find("Freed by task A");
        QVERIFY2(alloc != std::string::npos && freed != std::string::npos, text.c_str());
        QVERIFY2(text.find("eventfs_create_dir", alloc) < freed, text.c_str()); // the alloc stack
        QVERIFY2(text.find("eventfs_remove_dir", freed) != std::string::npos, text.c_str());
    }

    // The filesystem installs the tables: v6.5-static's directories all get libfs's simple
    // tables; under v6.8 the root keeps them, eventfs directories get eventfs's, and every
    // dentry carries the super block's dentry_operations.
    void filesystemInstallsItsTables() {
        Sim st("v6.5-static", "tiny");
        int dirs = 0;
        QVERIFY(st.k->vfs().sb().s_d_op == nullptr);
        for (const Dentry& d : st.k->vfs().dentries()) {
            // what simple_lookup made carries always_delete_dentry; the root has none
            QVERIFY(d.d_op == (d.isRoot() ? nullptr : &simple_dentry_operations));
            if (!d.inode || !isDirMode(d.inode->mode)) continue;
            ++dirs;
            QVERIFY(d.inode->i_op == &simple_dir_inode_operations);
            QVERIFY(d.inode->i_fop == &simple_dir_operations);
        }
        QVERIFY(dirs > 3); // the root, events, sched and its event directories

        Sim v68("v6.8", "tiny");
        statEventFile(v68);
        const SuperBlock& sb = v68.k->vfs().sb();
        QVERIFY(sb.s_d_op && sb.s_d_op->d_revalidate && sb.s_d_op->d_release);
        QVERIFY(v68.k->root()->inode->i_fop == &simple_dir_operations);
        Dentry* ev = v68.dentry("events");
        Dentry* sched = v68.dentry("events/sched");
        QVERIFY(ev && sched);
        QVERIFY(ev->inode->i_op != &simple_dir_inode_operations && ev->inode->i_op->lookup);
        QCOMPARE(sched->inode->i_op, ev->inode->i_op);
        QCOMPARE(sched->inode->i_fop, ev->inode->i_fop);
        for (const Dentry& d : v68.k->vfs().dentries())
            QCOMPARE(d.d_op, sb.s_d_op);
    }

private:
    static void statEventFile(Sim& m) {
        m.run([&](System& k) {
            SyscallRecord s;
            QCOMPARE(k.sys_stat("events/sched/sched_switch/enable", s), int64_t(0));
        });
    }
};

QTEST_GUILESS_MAIN(TstEngine)
#include "tst_engine.moc"
