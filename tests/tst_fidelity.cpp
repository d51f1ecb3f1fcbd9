// SPDX-License-Identifier: GPL-2.0-or-later
// What real kernels do, pinned event for event (issue "Faithful era by era"): what a real 6.12
// kernel showed (kernel-reference errata [E-6.12], ../shared/data/real-6.12), and what GNU ls and
// stat ask of it. tst_fidelity_eras holds what each era's sources say ([V-src]).
#include "fidelity_events.h"

class TstFidelity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // [E-6.12] errata 1 / issue A1: the walk holds the final dentry (1), do_dentry_open takes
    // the file's own reference (1 -> 2), terminate_walk drops the walk's (2 -> 1).
    void openTakesTheFilesOwnReference_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("name");
        QTest::newRow("directory") << u"/sys/kernel/tracing/events/sched"_qs << u"sched"_qs;
        QTest::newRow("regular file")
            << u"/sys/kernel/tracing/events/sched/sched_switch/enable"_qs << u"enable"_qs;
    }
    void openTakesTheFilesOwnReference() {
        QFETCH(QString, path);
        QFETCH(QString, name);
        const auto run = dstest::runText("design v6.8\ntree full\ntask A: r0 = open(\"" +
                                         path.toStdString() + "\")\n");
        QVERIFY(run.error.empty());
        const Events ev{run};
        const ObjId d = ev.dentry(name.toStdString());
        QVERIFY(d);
        const auto [enter, exit] = ev.syscall("openat");
        const uint32_t open = ev.enter("do_dentry_open", enter);
        QVERIFY(open < exit);
        const uint32_t get = ev.find(EventKind::Get, d, open);
        QVERIFY(get < exit);
        QCOMPARE(run.events[get].a, 1);
        QCOMPARE(run.events[get].b, 2);
        const uint32_t walkEnd = ev.enter("terminate_walk", get);
        QVERIFY(walkEnd < exit);
        const uint32_t put = ev.find(EventKind::Put, d, walkEnd);
        QVERIFY(put < exit);
        QCOMPARE(run.events[put].a, 2);
        QCOMPARE(run.events[put].b, 1);
    }

    // [E-6.12] errata 2 / issue A7: a cold open's last component goes path_openat ->
    // open_last_lookups -> lookup_open -> d_alloc_parallel -> ->lookup (not lookup_slow); a stat
    // walks filename_lookup -> path_lookupat -> link_path_walk -> walk_component -> lookup_slow
    // -> __lookup_slow -> d_alloc_parallel for a directory on the way.
    void callPathsOfOpenAndStat() {
        const auto run = dstest::runText(
            "design v6.8\ntree full\n"
            "task A: r0 = open(\"/sys/kernel/tracing/events/sched\")\n"
            "task A: stat(\"/sys/kernel/tracing/events/irq/irq_handler_entry/enable\")\n");
        const Events ev{run};
        auto allocOf = [&](std::string_view name) {
            const ObjId d = ev.dentry(name);
            return ev.find(EventKind::Alloc, d);
        };
        const std::vector<std::string> open = ev.stackAt(allocOf("sched"), 0);
        const std::vector<std::string> openWant{
            "__x64_sys_openat",  "do_sys_openat2", "do_filp_open",     "path_openat",
            "open_last_lookups", "lookup_open",    "d_alloc_parallel", "d_alloc"};
        QCOMPARE(open, openWant);
        const std::vector<std::string> stat = ev.stackAt(allocOf("irq_handler_entry"), 0);
        const std::vector<std::string> statWant{
            "__x64_sys_newfstatat", "vfs_fstatat",    "vfs_statx",      "filename_lookup",
            "path_lookupat",        "link_path_walk", "walk_component", "__lookup_slow",
            "d_alloc_parallel",     "d_alloc"};
        QCOMPARE(stat, statWant);
        const std::vector<std::string> last = ev.stackAt(allocOf("enable"), 0);
        QCOMPARE(last[4], std::string("path_lookupat"));
        QCOMPARE(last[5], std::string("walk_component")); // lookup_last: not in link_path_walk
    }

    // [E-6.12] errata 6 / issue A3: when a removed event's directory fails d_revalidate,
    // d_invalidate first takes every cached child off the LRU onto a shrink list, then
    // shrink_dentry_list kills them, newest first.
    void invalidateCollectsBeforeItKills() {
        const auto run = dstest::runText(
            "design v6.8\ntree full\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/format\")\n"
            "task A: remove /sys/kernel/tracing/events/sched/sched_switch\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\") = -ENOENT\n");
        QVERIFY(run.expectationsOk);
        const Events ev{run};
        const ObjId enable = ev.dentry("enable"), format = ev.dentry("format");
        const uint32_t inval = ev.enter("d_invalidate", ev.syscall("stat", 2).first);
        QVERIFY(inval != kNever);
        const uint32_t delEnable = ev.find(EventKind::LruDel, enable, inval);
        const uint32_t delFormat = ev.find(EventKind::LruDel, format, inval);
        const uint32_t freeEnable = ev.find(EventKind::Free, enable, inval);
        const uint32_t freeFormat = ev.find(EventKind::Free, format, inval);
        QVERIFY(freeEnable != kNever && freeFormat != kNever);
        QVERIFY(std::max(delEnable, delFormat) < std::min(freeEnable, freeFormat));
        QVERIFY(delFormat < delEnable); // the newest child first
        QVERIFY(freeFormat < freeEnable);
        QVERIFY(ev.enter("shrink_dentry_list", inval) < freeFormat);
    }

    // [E-6.12] errata 5 / issue A4 (in part): 6.8's teardown of one dentry is __dentry_kill ->
    // iput -> tracefs_drop_inode -> evict -> tracefs_destroy_inode, then tracefs_d_release ->
    // eventfs_d_release (put_ei), then the dentry is freed.
    void teardownOrderV68() {
        const auto run = dstest::runText(
            "design v6.8\ntree full\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n"
            "task A: drop_caches\n");
        const Events ev{run};
        const ObjId enable = ev.dentry("enable");
        const uint32_t from = ev.syscall("drop_caches").first;
        const uint32_t freed = ev.find(EventKind::Free, enable, from);
        QVERIFY(freed != kNever);
        uint32_t kill = kNever;
        for (uint32_t i = from; i < freed; ++i)
            if (run.events[i].kind == EventKind::SetFlag && run.events[i].obj == enable) kill = i;
        QVERIFY(kill != kNever);
        std::vector<std::string> calls;
        for (uint32_t i = kill; i < freed; ++i)
            if (run.events[i].kind == EventKind::FuncEnter)
                calls.emplace_back(symbol(run.events[i].sym));
        const std::vector<std::string> want{"iput",
                                            "tracefs_drop_inode",
                                            "evict",
                                            "destroy_inode",
                                            "tracefs_destroy_inode",
                                            "tracefs_d_release",
                                            "eventfs_d_release",
                                            "put_ei"};
        QCOMPARE(calls, want);
        // lockref_mark_dead first: dentry_free sees the dead marker -128
        const uint32_t dead = ev.find(EventKind::MarkDead, enable, from);
        QVERIFY(dead < kill);
        QCOMPARE(run.events[dead].a, 0);
        QCOMPARE(run.events[dead].b, -128);
        // drop_inode says 1 (evict now); destroy_inode is called
        const Event& alloc = run.events[ev.find(EventKind::Instantiate, enable, kill)];
        const ObjId inode = static_cast<ObjId>(alloc.b);
        QVERIFY(inode);
        const uint32_t drop = ev.find(EventKind::DropInode, inode, kill);
        QVERIFY(drop < freed);
        QCOMPARE(run.events[drop].a, 1);
        QVERIFY(ev.find(EventKind::DestroyInode, inode, drop) < freed);
    }

    // [E-6.12] issue A4: the inode's memory goes back in an RCU callback (tracefs_free_inode),
    // after the syscall returned, in softirq context: no task, under rcu_do_batch -> i_callback.
    void inodeIsFreedAfterTheSyscallInAnRcuCallback() {
        const auto run = dstest::runText(
            "design v6.8\ntree full\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n"
            "task A: drop_caches\n"
            "task A: dentry_state\n");
        const Events ev{run};
        const auto [enter, exit] = ev.syscall("drop_caches");
        uint32_t evicted = 0, inodeFree = kNever;
        ObjId inode = 0;
        for (uint32_t i = enter; i < exit; ++i)
            if (run.events[i].kind == EventKind::DestroyInode) {
                ++evicted;
                inode = run.events[i].obj;
            }
        QCOMPARE(evicted, 3u);                  // enable, sched_switch, sched
        for (uint32_t i = enter; i < exit; ++i) // no inode memory goes back inside the syscall
            QVERIFY(
                !(run.events[i].kind == EventKind::Free && run.events[i].okind == ObjKind::Inode));
        inodeFree = ev.find(EventKind::Free, inode, exit);
        QVERIFY(inodeFree != kNever);
        QVERIFY(inodeFree < ev.syscall("dentry_state").first);
        const Event& f = run.events[inodeFree];
        QCOMPARE(f.okind, ObjKind::Inode);
        QCOMPARE(f.task, kNoTask);
        const std::vector<std::string> want{"rcu_do_batch", "i_callback"};
        QCOMPARE(ev.stackAt(inodeFree, kNoTask), want);
        QVERIFY(ev.enter("tracefs_free_inode", exit) < inodeFree); // ->free_inode, then the memory
        // v6.5 has no tracefs_inode_cache: free_inode_nonrcu
        const auto v65 = dstest::runText("design v6.5-static\ntree tiny\n"
                                         "task A: remove /sys/kernel/tracing/events/sched\n");
        const Events e65{v65};
        QVERIFY(e65.enter("free_inode_nonrcu") != kNever);
        QCOMPARE(e65.enter("tracefs_free_inode"), kNever);
        QVERIFY(e65.enter("free_inode_nonrcu") > e65.syscall("remove").second);
    }

    // [E-6.12] issue A6 (S1): GNU `ls DIR` is statx(DIR), openat, getdents64 until it returns 0,
    // close; so `sched` first reaches the LRU inside statx, before the open.
    void lsIsGnuLsSyscalls() {
        const auto run = dstest::runText("design v6.8\ntree full\n"
                                         "task A: ls /sys/kernel/tracing/events/sched\n");
        QVERIFY(run.error.empty());
        std::vector<std::string> names;
        for (const SyscallRecord& r : run.records)
            names.push_back(r.name);
        const std::vector<std::string> want{"statx",      "openat", "getdents64",
                                            "getdents64", "close",  "ls"};
        QCOMPARE(names, want);
        QCOMPARE(run.records[3].ret, int64_t(0));
        const Events ev{run};
        const ObjId sched = ev.dentry("sched");
        const auto [statxIn, statxOut] = ev.syscall("statx");
        const uint32_t lru = ev.find(EventKind::LruAdd, sched);
        QVERIFY(statxIn < lru && lru < statxOut);
        QVERIFY(ev.find(EventKind::Getattr, run.events[ev.find(EventKind::Add, sched)].a) <
                statxOut);
        const std::vector<std::string> path{"__x64_sys_statx", "do_statx", "vfs_statx",
                                            "vfs_getattr"};
        QCOMPARE(ev.stackAt(ev.enter("vfs_getattr") + 1, 0), path);
    }

    // [E-6.12] issue A6 (S2): GNU `ls -R` then opens every subdirectory by its full path, in
    // sorted order, depth first, with getdents64 twice each; no statx of the subdirectories.
    void lsRecursiveOpensSubdirectoriesInSortedOrder() {
        const auto run = dstest::runText("design v6.8\ntree full\n"
                                         "task A: ls -R /sys/kernel/tracing/events/sched\n");
        QVERIFY(run.error.empty());
        std::vector<std::string> opened;
        int statx = 0, getdents = 0;
        for (const SyscallRecord& r : run.records) {
            if (r.name == "openat") opened.push_back(r.args);
            statx += r.name == "statx";
            getdents += r.name == "getdents64";
        }
        QCOMPARE(statx, 1);
        QCOMPARE(getdents, 2 * int(opened.size()));
        QVERIFY(opened.size() > 3);
        QVERIFY(opened[0].find("events/sched\"") != std::string::npos);
        std::vector<std::string> subdirs(opened.begin() + 1, opened.end());
        QVERIFY(std::is_sorted(subdirs.begin(), subdirs.end()));
        QVERIFY(subdirs[0].find("/sys/kernel/tracing/events/sched/") != std::string::npos);
    }

    // [V-src] issue A6: GNU `ls -l` statx()es every entry as readdir hands it over: after the
    // getdents64 that returned it, before the one that returns 0, by its full path.
    void lsLongStatsEveryEntryBetweenTheReads() {
        const auto run =
            dstest::runText("design v6.8\ntree full\n"
                            "task A: ls -l /sys/kernel/tracing/events/sched/sched_switch\n");
        QVERIFY(run.error.empty());
        std::vector<std::string> names;
        for (const SyscallRecord& r : run.records)
            names.push_back(r.name == "statx" && r.args.find("sched_switch/") != std::string::npos
                                ? "statx entry"
                                : r.name);
        const std::vector<std::string> want{
            "statx",       "openat",      "getdents64", "statx entry", "statx entry", "statx entry",
            "statx entry", "statx entry", "getdents64", "close",       "ls -l"};
        QCOMPARE(names, want);
        const SyscallRecord& ls = run.records.back();
        QCOMPARE(ls.lines.size(), size_t(5)); // enable filter format id trigger
        QVERIFY(ls.lines[0].ends_with(" enable"));
        QVERIFY(ls.lines[0].starts_with("-rw"));
    }

    // [V-src] issue A6: lstat (busybox ls) and statx walk like stat, from their own entry points.
    void lstatAndStatxCallPaths() {
        const auto run =
            dstest::runText("design v6.8\ntree full\n"
                            "task A: lstat(\"/sys/kernel/tracing/events/sched\")\n"
                            "task A: statx(\"/sys/kernel/tracing/events/irq\")\n"
                            "task A: statx(\"/sys/kernel/tracing/events/nosuch\") = -ENOENT\n");
        QVERIFY(run.expectationsOk);
        const Events ev{run};
        const std::vector<std::string> lstat =
            ev.stackAt(ev.find(EventKind::Alloc, ev.dentry("sched")), 0);
        QCOMPARE(lstat[0], std::string("__x64_sys_newlstat"));
        QCOMPARE(lstat[1], std::string("vfs_fstatat"));
        const std::vector<std::string> statx =
            ev.stackAt(ev.find(EventKind::Alloc, ev.dentry("irq")), 0);
        const std::vector<std::string> want{"__x64_sys_statx", "do_statx",         "vfs_statx",
                                            "filename_lookup", "path_lookupat",    "walk_component",
                                            "__lookup_slow",   "d_alloc_parallel", "d_alloc"};
        QCOMPARE(statx, want);
    }

    // [V-src] issue A6: fstatat(dfd, name) walks from the directory open on dfd (path_init
    // takes its f_path: one more reference on it while the walk runs), not from the root.
    void fstatatWalksFromItsFd() {
        const auto run = dstest::runText(
            "design v6.8\ntree full\n"
            "task A: r0 = open(\"/sys/kernel/tracing/events/sched\", O_RDONLY|O_DIRECTORY)\n"
            "task A: fstatat(r0, \"sched_switch/enable\")\n"
            "task A: r1 = open(\"/sys/kernel/tracing/events/sched/enable\")\n"
            "task A: fstatat(r1, \"x\") = -ENOTDIR\n"
            "task A: fstatat(r0, \"nosuch\") = -ENOENT\n");
        QVERIFY(run.expectationsOk);
        const Events ev{run};
        const auto [in, out] = ev.syscall("fstatat");
        const ObjId sched = ev.dentry("sched");
        const uint32_t get = ev.find(EventKind::Get, sched, in);
        QVERIFY(get < out);
        QCOMPARE(run.events[get].a, 1); // the file's reference, then the walk's
        QCOMPARE(run.events[get].b, 2);
        const std::vector<std::string> want{
            "__x64_sys_newfstatat", "vfs_fstatat",    "vfs_statx",      "filename_lookup",
            "path_lookupat",        "link_path_walk", "walk_component", "__lookup_slow",
            "d_alloc_parallel",     "d_alloc"};
        QCOMPARE(ev.stackAt(ev.find(EventKind::Alloc, ev.dentry("sched_switch")), 0), want);
        QVERIFY(run.records[1].stat.has_value());
        QCOMPARE(run.records[1].stat->ino, uint64_t(19680823)); // enable: EVENTFS_FILE_INODE_INO
    }

    // [E-6.12] errata 6 / issue A2: drop_caches after `ls -R events/sched` kills the event
    // directories, and `sched` right after its last child: no d_lru_add of `sched` in between,
    // and no second pass needed for it.
    void shrinkerKillsParentInTheSamePass() {
        const auto run = dstest::runText("design v6.8\ntree full\n"
                                         "task A: ls -R /sys/kernel/tracing/events/sched\n"
                                         "task A: drop_caches\n");
        QVERIFY(run.error.empty());
        const Events ev{run};
        const auto [enter, exit] = ev.syscall("drop_caches");
        QVERIFY(enter != kNever && exit != kNever);
        const ObjId sched = ev.dentry("sched");
        const uint32_t schedFree = ev.find(EventKind::Free, sched, enter);
        QVERIFY(schedFree < exit);
        QCOMPARE(ev.find(EventKind::LruAdd, sched, enter), kNever);
        // the kill before sched's is its last child's: sched's own __dentry_kill follows it
        uint32_t lastChildFree = 0;
        for (uint32_t i = enter; i < schedFree; ++i) {
            const Event& e = run.events[i];
            if (e.kind == EventKind::Free && e.okind == ObjKind::Dentry) lastChildFree = i;
        }
        QVERIFY(lastChildFree > 0);
        const uint32_t schedKill = ev.enter("__dentry_kill", lastChildFree);
        QVERIFY(schedKill < schedFree);
        QCOMPARE(run.events[schedKill - 1].kind, EventKind::Put); // the child's pin, 1 -> 0
        QCOMPARE(run.events[schedKill - 1].obj, sched);
        QCOMPARE(run.events[schedKill - 1].b, 0);
    }

    // [E-6.12] errata 4 / issue A5: tracefs_d_delete is asked at 1 -> 0 and keeps an eventfs
    // dentry (it has an ei in d_fsdata): it goes on the LRU.
    void dDeleteKeepsEventfsDentries() {
        const auto run = dstest::runText(
            "design v6.8\ntree full\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n");
        const Events ev{run};
        const ObjId enable = ev.dentry("enable");
        const uint32_t put = ev.find(EventKind::Put, enable);
        QVERIFY(put != kNever);
        QCOMPARE(run.events[put].b, 0);
        QCOMPARE(symbol(run.events[put + 1].sym), std::string_view("tracefs_d_delete"));
        QVERIFY(ev.find(EventKind::LruAdd, enable, put) != kNever);
        QCOMPARE(ev.find(EventKind::Free, enable), kNever);
    }
};

QTEST_GUILESS_MAIN(TstFidelity)
#include "tst_fidelity.moc"
