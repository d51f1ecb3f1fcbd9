// SPDX-License-Identifier: GPL-2.0-or-later
// What each kernel era's sources say, pinned event for event (issue "Faithful era by era",
// part B; kernel-reference errata [V-src]). tst_fidelity holds what a real 6.12 kernel showed.
#include "fidelity_events.h"

#include "vfs/inode.h"

class TstFidelityEras : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // [V-src] errata 12 / issue B4: __d_add first clears DCACHE_PAR_LOOKUP
    // (__d_lookup_unhash), then attaches the inode, then hashes the dentry (__d_rehash).
    void dAddOrder() {
        const auto run = dstest::runText(
            "design v6.8\ntree full\ntask A: stat(\"/sys/kernel/tracing/events/sched\")\n");
        const Events ev{run};
        const ObjId sched = ev.dentry("sched");
        const uint32_t add = ev.enter("d_add", ev.syscall("stat").first);
        QVERIFY(add != kNever);
        std::vector<EventKind> kinds;
        for (uint32_t i = add + 1; i < run.events.size(); ++i) {
            const Event& e = run.events[i];
            if (e.kind == EventKind::FuncExit && symbol(e.sym) == "d_add") break;
            if (e.obj == sched) kinds.push_back(e.kind);
        }
        QCOMPARE(kinds,
                 (std::vector<EventKind>{EventKind::InLookup, EventKind::Add, EventKind::Hash}));
    }

    // v6.5 has no eventfs: its events directories are plain tracefs directories made by
    // trace_events.c (event_subsystem_dir creates a system's `filter` before its `enable`, as
    // the "-" lines of the eventfs patch of July 2023 show), adding and removing an event runs
    // under trace_events' event_mutex, and nothing of eventfs (no eventfs_inode, no
    // eventfs_mutex, no eventfs_* function) appears in the trace. Its table of events is
    // trace-event state the engine keeps untraced.
    void v65HasNoEventfs() {
        const auto run =
            dstest::runText("design v6.5-static\ntree tiny\n"
                            "task A: add /sys/kernel/tracing/events/sched/sched_new\n"
                            "task A: remove /sys/kernel/tracing/events/sched/sched_new\n"
                            "task A: r0 = open(\"/sys/kernel/tracing/events/sched\", "
                            "O_RDONLY|O_DIRECTORY)\n"
                            "task A: getdents64(r0, 4096)\n");
        QVERIFY2(run.error.empty(), run.error.c_str());
        QVERIFY(!run.eventfs.exists);
        QStringList eventfsFunctions;
        int mutexTaken = 0;
        for (const Event& e : run.events) {
            QVERIFY2(e.okind != ObjKind::Eventfs, eventKindName(e.kind).data());
            if (e.kind == EventKind::FuncEnter && symbol(e.sym).starts_with("eventfs"))
                eventfsFunctions << QString::fromUtf8(symbol(e.sym));
            if (e.kind == EventKind::LockAcquire && e.okind == ObjKind::Lock) {
                QCOMPARE(symbol(e.sym), std::string_view("event_mutex"));
                ++mutexTaken;
            }
        }
        QCOMPARE(mutexTaken, 2); // the add and the removal
        QVERIFY2(eventfsFunctions.isEmpty(), qPrintable(eventfsFunctions.join(u' ')));
        const Events ev{run};
        const uint32_t add = ev.syscall("add").first;
        const uint32_t rm = ev.syscall("remove").first;
        QVERIFY(add != kNever && rm != kNever);
        // the scenario's add and remove stand for v6.5's own entry points
        QCOMPARE(symbol(run.events[add].sym), std::string_view("trace_add_event_call"));
        QCOMPARE(symbol(run.events[rm].sym), std::string_view("trace_remove_event_call"));
        QCOMPARE(ev.stackAt(ev.enter("event_create_dir", add), 0).back(),
                 std::string("trace_add_event_call"));
        QCOMPARE(ev.stackAt(ev.enter("tracefs_remove", rm), 0).back(),
                 std::string("trace_remove_event_call"));
        // dcache_readdir lists newest first: ... the events, then enable, then filter.
        const SyscallRecord* listing = nullptr;
        for (const SyscallRecord& r : run.records)
            if (r.name == "getdents64") listing = &r;
        QVERIFY(listing && listing->entries.size() >= 2);
        const auto& d = listing->entries;
        QCOMPARE(d[d.size() - 2].name, std::string("enable"));
        QCOMPARE(d[d.size() - 1].name, std::string("filter"));
    }

    // An event removed and added again (a module reloaded, a kprobe re-created) comes back in
    // every era, even while a task still has the old directory open: the old one was unhashed
    // and unlinked from its parent's list, so the name is free. Adding a live one is EEXIST.
    void removedEventCanBeAddedAgain_data() {
        QTest::addColumn<QString>("design");
        for (const Design* d : allDesigns())
            QTest::newRow(std::string(d->name).c_str())
                << QString::fromStdString(std::string(d->name));
    }
    void removedEventCanBeAddedAgain() {
        QFETCH(QString, design);
        const std::string dir = "/sys/kernel/tracing/events/sched/sched_new";
        const auto run = dstest::runText(
            "design " + design.toStdString() + "\ntree tiny\ntask A: add " + dir +
            "\ntask A: r0 = open(\"" + dir + "\", O_RDONLY|O_DIRECTORY)\ntask A: remove " + dir +
            "\ntask A: add " + dir + "\ntask A: add " + dir + "\ntask A: stat(\"" + dir +
            "/enable\")\ntask A: close(r0)\ntask A: remove " + dir + "\ntask A: add " + dir + "\n");
        QVERIFY2(run.error.empty(), run.error.c_str());
        std::vector<int64_t> adds;
        for (const SyscallRecord& r : run.records)
            if (r.name == "add") adds.push_back(r.ret);
        QCOMPARE(adds, (std::vector<int64_t>{0, 0, -EEXIST_, 0}));
        int stats = 0;
        for (const SyscallRecord& r : run.records)
            if (r.stat || r.name.find("stat") != std::string::npos) {
                QCOMPARE(r.ret, int64_t(0)); // the new directory's files are there
                ++stats;
            }
        QCOMPARE(stats, 1);
    }

    // [V-src] errata 11 / issue B5: a dentry is taken off the LRU before it is unhashed; before
    // 6.8 it leaves its parent's list before its inode goes (dentry_unlist, then
    // dentry_unlink_inode), 6.8's new locking scheme unlists it after ->d_release.
    void killOrder_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<bool>("unlistLast");
        QTest::newRow("v6.7") << u"v6.7"_qs << false;
        QTest::newRow("v6.8") << u"v6.8"_qs << true;
    }
    void killOrder() {
        QFETCH(QString, design);
        QFETCH(bool, unlistLast);
        const auto run =
            dstest::runText("design " + design.toStdString() +
                            "\ntree tiny\n"
                            "task A: stat(\"/sys/kernel/tracing/events/sched/enable\")\n"
                            "task A: drop_caches\n");
        const Events ev{run};
        const ObjId enable = ev.dentry("enable");
        const uint32_t from = ev.syscall("drop_caches").first;
        const uint32_t lruDel = ev.find(EventKind::LruDel, enable, from);
        const uint32_t unhash = ev.find(EventKind::Unhash, enable, from);
        const uint32_t unlist = ev.find(EventKind::UnlinkChild, enable, from);
        const uint32_t noInode = ev.find(EventKind::Instantiate, enable, from); // d_inode = NULL
        const uint32_t freed = ev.find(EventKind::Free, enable, from);
        QVERIFY(freed != kNever);
        QVERIFY(lruDel < unhash);
        QVERIFY(unhash < unlist && unhash < noInode);
        QCOMPARE(unlist > noInode, unlistLast);
        QVERIFY(unlist < freed && noInode < freed);
    }

    // [V-src] issue B1: in 6.6-rc1 a dput at count 0 is silent in the kernel (fast_dput has no
    // WARN_ON_ONCE before 504e08cebe1d, 6.8-rc1): retain_dentry's count-- shows -1. Our checker
    // still flags it, as dentryscope's own diagnostic, never as a kernel message.
    void v66rc1UnderflowIsSilentInTheKernel() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("v6.6-rc1-underflow", errs);
        QVERIFY(sc);
        const auto run = scenario::runScenario(*sc);
        const Events ev{run};
        const ObjId my = ev.dentry("my_event");
        bool sawMinusOne = false;
        for (const Event& e : run.events)
            if (e.kind == EventKind::Put && e.obj == my && e.a == 0 && e.b == -1)
                sawMinusOne = true;
        QVERIFY(sawMinusOne);
        QCOMPARE(run.reports.size(), size_t(1));
        const Report& r = run.reports[0];
        QVERIFY(r.headline.starts_with("dentryscope:"));
        QVERIFY(r.headline.find("not a kernel message") != std::string::npos);
        QVERIFY(r.text.find("WARNING") == std::string::npos);
        // 6.8's fast_dput WARNs instead and the count stays 0
        dstest::Sim v68("v6.8", "tiny");
        Dentry* events = v68.dentry("events");
        QVERIFY(events);
        v68.run([&](System&) {
            const int before = events->count;
            for (int i = 0; i < before; ++i)
                dput(events);
            dput(events); // one too many
            QCOMPARE(events->count, 0);
        });
        const auto& reports = v68.k->reports();
        QCOMPARE(reports.size(), size_t(1));
        QCOMPARE(reports[0].function, std::string("fast_dput"));
        QVERIFY(reports[0].headline.starts_with("WARNING"));
    }

    // [V-src] issue B7: tracefs_get_inode always takes a get_next_ino() number first; 6.8's
    // eventfs then gives a directory its ei's own number (eventfs_dir_ino, allocated after) and
    // every file EVENTFS_FILE_INODE_INO, so each inode created skips one number.
    void tracefsGetInodeTakesANumberFirst() {
        const auto run = dstest::runText(
            "design v6.8\ntree full\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched\")\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch\")\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_wakeup\")\n");
        QVERIFY(run.error.empty());
        std::vector<uint64_t> ino;
        for (const SyscallRecord& r : run.records)
            if (r.stat) ino.push_back(r.stat->ino);
        QCOMPARE(ino.size(), size_t(4));
        QCOMPARE(ino[1] - ino[0], uint64_t(2)); // sched_switch's own number, then its ei's
        QCOMPARE(ino[2], uint64_t(19680823));   // EVENTFS_FILE_INODE_INO (enable's own: skipped)
        QCOMPARE(ino[3] - ino[1], uint64_t(3)); // enable's, sched_wakeup's own, its ei's
    }

    // [V-src] issue B7: d_instantiate's BUG_ON(!hlist_unhashed(&entry->d_u.d_alias)) also trips
    // on a dentry still in lookup: d_u is a union with d_in_lookup_hash, which is hashed then.
    void dInstantiateBugsOnADentryInLookup() {
        dstest::Sim sim("v6.8", "tiny");
        Dentry* events = sim.dentry("events");
        QVERIFY(events);
        sim.run([&](System& k) {
            Dentry* d = d_alloc_parallel(events, intern("brand_new"));
            QVERIFY(d->inLookup);
            Inode* inode = new_inode(&k.vfs().sb(), 4242, 0100644);
            d_instantiate(d, inode); // the task dies here
        });
        const auto& reports = sim.k->reports();
        QCOMPARE(reports.size(), size_t(1));
        QCOMPARE(reports[0].kind, Report::Kind::Bug);
        QCOMPARE(reports[0].function, std::string("d_instantiate"));
        QVERIFY(reports[0].text.find("still in lookup") != std::string::npos);
    }

    // [V-src] errata 14: v6.5 tracefs has no s_d_op, so simple_lookup installs
    // always_delete_dentry: a negative dentry dies at its last dput instead of staying cached.
    void v65NegativeDentriesAreNotCached() {
        const auto run =
            dstest::runText("design v6.5-static\ntree tiny\n"
                            "task A: stat(\"/sys/kernel/tracing/events/nosuch\") = -ENOENT\n"
                            "task A: dentry_state\n");
        const Events ev{run};
        const ObjId nosuch = ev.dentry("nosuch");
        QVERIFY(nosuch);
        QVERIFY(ev.enter("always_delete_dentry") != kNever);
        QVERIFY(ev.find(EventKind::Free, nosuch) < ev.syscall("stat").second);
        QCOMPARE(ev.find(EventKind::LruAdd, nosuch), kNever);
    }

    // [V-src] errata 10 / issue B3: v6.7 final's update_inode_attr takes eventfs_mutex through
    // eventfs_find_events (7e8358edf503), for every dentry it creates.
    void v67TakesEventfsMutexInUpdateInodeAttr() {
        const auto run =
            dstest::runText("design v6.7\ntree tiny\n"
                            "task A: r0 = open(\"/sys/kernel/tracing/events/sched\")\n");
        const Events ev{run};
        const uint32_t attr = ev.enter("update_inode_attr");
        QVERIFY(attr != kNever);
        QCOMPARE(symbol(run.events[attr + 1].sym), std::string_view("eventfs_find_events"));
        QCOMPARE(run.events[attr + 2].kind, EventKind::LockAcquire);
        QCOMPARE(symbol(run.events[attr + 2].sym), std::string_view("eventfs_mutex"));
    }

    // [V-src] errata 14 / issue B7: lseek on a v6.6/v6.7 eventfs directory is
    // generic_file_llseek: f_pos moves, the dcache_readdir cursor does not.
    void v67LseekDoesNotMoveTheCursor_data() {
        QTest::addColumn<QString>("design");
        QTest::newRow("v6.6-rc1") << u"v6.6-rc1"_qs;
        QTest::newRow("v6.7") << u"v6.7"_qs;
    }
    void v67LseekDoesNotMoveTheCursor() {
        QFETCH(QString, design);
        const auto run = dstest::runText("design " + design.toStdString() +
                                         "\ntree tiny\n"
                                         "task A: r0 = open(\"/sys/kernel/tracing/events/sched\")\n"
                                         "task A: getdents64(r0, 4096)\n"
                                         "task A: lseek(r0, 3) = 3\n");
        const Events ev{run};
        const auto [enter, exit] = ev.syscall("lseek");
        QVERIFY(enter != kNever);
        bool movedPos = false;
        for (uint32_t i = enter; i < exit; ++i) {
            const Event& e = run.events[i];
            QVERIFY2(!(e.kind == EventKind::SetFlag && e.a == int32_t(Flag::CursorOnList)),
                     "the cursor moved");
            QVERIFY2(e.kind != EventKind::FuncEnter || symbol(e.sym) != "scan_positives",
                     "dcache_dir_lseek ran");
            movedPos |= e.kind == EventKind::FilePos && e.b == 3;
        }
        QVERIFY(movedPos);
    }

    // [V-src] errata 16 / issue B7: v6.5's event_create_dir creates an event's files in the
    // order enable, id, filter, trigger, (hist), format; dcache_readdir lists the newest first.
    void v65CreatesEventFilesInItsOwnOrder() {
        const auto run =
            dstest::runText("design v6.5-static\ntree tiny\n"
                            "task A: r0 = open(\"/sys/kernel/tracing/events/sched/sched_switch\")\n"
                            "task A: getdents64(r0, 4096)\n");
        const auto& rec =
            *std::find_if(run.records.begin(), run.records.end(),
                          [](const SyscallRecord& r) { return r.name == "getdents64"; });
        std::vector<std::string> listed;
        for (const DirEntry& e : rec.entries)
            if (e.name == "enable" || e.name == "id" || e.name == "filter" || e.name == "trigger" ||
                e.name == "format")
                listed.push_back(e.name);
        QCOMPARE(listed, (std::vector<std::string>{"format", "trigger", "filter", "id", "enable"}));
    }

    // [V-src] issue B7: next-20240104's eventfs_iterate starts with ret = -EINVAL and returns
    // it when the directory's ei is freed or has no dentry: here B's removal marks
    // sched_switch is_freed while A's getdents64 holds the directory's lock (B then waits for it).
    void nextIterateEinvalAfterRemoval() {
        const auto run = dstest::runText(
            "design next-20240104\ntree tiny\n"
            "task A: r0 = open(\"/sys/kernel/tracing/events/sched/sched_switch\")\n"
            "task A: getdents64(r0, 48) = 48\n" // the dots only
            "task A: getdents64(r0, 4096) = -EINVAL\n"
            "task A: close(r0)\n"
            "task B: remove /sys/kernel/tracing/events/sched/sched_switch\n"
            "switch to B after A's 2nd lock_acquire of /sys/kernel/tracing/events/sched/"
            "sched_switch\n");
        QVERIFY(run.error.empty());
        QVERIFY(run.expectationsOk);
        QCOMPARE(run.impossibleSwitches, 0);
        const Events ev{run};
        const auto [in, out] = ev.syscall("getdents64", 1);
        const uint32_t iterate = ev.enter("eventfs_iterate", in);
        QVERIFY(iterate < out);
        // the removal marked the ei freed before the iterate read it
        uint32_t freed = kNever;
        for (uint32_t i = 0; i < iterate; ++i)
            if (run.events[i].kind == EventKind::SetFlag &&
                run.events[i].okind == ObjKind::Eventfs &&
                run.events[i].a == static_cast<int32_t>(Flag::Freed))
                freed = i;
        QVERIFY(freed != kNever);
        QVERIFY(ev.enter("create_dir_dentry", iterate) > out);
    }

    // [V-src] issue B7: next-20240104 calls each entry's callback (system_callback for a system
    // directory, event_callback for an event directory) with eventfs_mutex held.
    void nextIterateRunsCallbacksUnderEventfsMutex() {
        const auto run =
            dstest::runText("design next-20240104\ntree tiny\n"
                            "task A: r0 = open(\"/sys/kernel/tracing/events/sched\")\n"
                            "task A: getdents64(r0, 4096)\n"
                            "task A: r1 = open(\"/sys/kernel/tracing/events/sched/sched_switch\")\n"
                            "task A: getdents64(r1, 4096)\n");
        QVERIFY(run.error.empty());
        int callbacks = 0;
        bool held = false;
        for (const Event& e : run.events) {
            const bool mutex = symbol(e.sym) == "eventfs_mutex";
            if (e.kind == EventKind::LockAcquire && mutex) held = true;
            if (e.kind == EventKind::LockRelease && mutex) held = false;
            if (e.kind != EventKind::FuncEnter) continue;
            const std::string_view fn = symbol(e.sym);
            if (fn != "system_callback" && fn != "event_callback") continue;
            QVERIFY2(held, "a callback ran without eventfs_mutex");
            ++callbacks;
        }
        QVERIFY(callbacks >= 2 + 5); // sched's filter, enable; sched_switch's files
    }

    // [V-src] issue B7: in next-20240104 a create that fails ends the listing (ret = 0, what
    // was emitted stays): B removes `sched` right after A entered create_dir_dentry for its
    // first child, so A finds the parent ei freed (no dentry) and creates nothing after it.
    void nextIterateStopsAtAFailedCreate() {
        const std::string text = "design next-20240104\ntree tiny\n"
                                 "task A: r0 = open(\"/sys/kernel/tracing/events/sched\")\n"
                                 "task A: getdents64(r0, 4096)\n"
                                 "task B: remove /sys/kernel/tracing/events/sched\n";
        const auto first = dstest::runText(text);
        const Events ev1{first};
        const uint32_t create = ev1.enter("create_dir_dentry", ev1.enter("eventfs_iterate"));
        QVERIFY(create != kNever);
        const auto run = dstest::runText(text + "switch at " + std::to_string(create) + " to B\n");
        QVERIFY(run.error.empty());
        const Events ev{run};
        const auto [in, out] = ev.syscall("getdents64");
        QVERIFY(out != kNever);
        const uint32_t c1 = ev.enter("create_dir_dentry", in);
        QVERIFY(c1 < out);
        QCOMPARE(ev.enter("create_dir_dentry", c1 + 1) < out, false);
        QCOMPARE(ev.enter("create_file_dentry", in) < out, false);
        QCOMPARE(run.records[1].name, std::string("getdents64"));
        QCOMPARE(run.records[1].ret, int64_t(48)); // the dots, emitted before the failed create
    }

    // [V-src] issue B7: object sizes are per era (design.h has the basis). v6.5 tracefs has no
    // tracefs_inode: its inodes are plain struct inode from inode_cache (624 bytes of slab);
    // v6.6-rc1 to v6.8 wrap them in struct tracefs_inode {flags, private} (640). A dentry is
    // 192 bytes in every era. dentry_state's bytes (and the run's) price its counts so.
    void objectSizesArePerEra_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<int>("inode");
        QTest::newRow("v6.5-static") << u"v6.5-static"_qs << 624;
        QTest::newRow("v6.6-rc1") << u"v6.6-rc1"_qs << 640;
        QTest::newRow("v6.7") << u"v6.7"_qs << 640;
        QTest::newRow("next-20240104") << u"next-20240104"_qs << 640;
        QTest::newRow("v6.8") << u"v6.8"_qs << 640;
    }
    void objectSizesArePerEra() {
        QFETCH(QString, design);
        QFETCH(int, inode);
        const auto run = dstest::runText("design " + design.toStdString() +
                                         "\ntree tiny\n"
                                         "task A: stat(\"/sys/kernel/tracing/events/sched\")\n"
                                         "task A: dentry_state\n");
        QVERIFY(run.error.empty());
        QCOMPARE(run.sizes.dentry, int64_t(192));
        QCOMPARE(run.sizes.inode, int64_t(inode));
        const DentryState& c = *run.records.back().counters;
        QVERIFY(c.nrDentry > 0 && c.nrInodes > 0);
        QCOMPARE(c.bytes(), c.nrDentry * 192 + c.nrInodes * inode);
    }

    // Issue B7 / session note: close() runs __fput inside the syscall from 6.6-rc1 on
    // (021a160abf62, "fs: use __fput_sync in close(2)", in the v6.6 merge window); v6.5's fput
    // queues it as task_work, run after the syscall's exit on the way back to user space. So
    // under v6.5-static the directory's reference goes after close's exit event, under v6.6-rc1
    // and v6.8 before it.
    void closeRunsFputInsideTheSyscallFrom66_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<bool>("inside");
        QTest::newRow("v6.5-static") << QStringLiteral("v6.5-static") << false;
        QTest::newRow("v6.6-rc1") << QStringLiteral("v6.6-rc1") << true;
        QTest::newRow("v6.8") << QStringLiteral("v6.8") << true;
    }
    void closeRunsFputInsideTheSyscallFrom66() {
        QFETCH(QString, design);
        QFETCH(bool, inside);
        const auto run = dstest::runText("design " + design.toStdString() +
                                         "\ntree tiny\n"
                                         "task A: r0 = open(\"/sys/kernel/tracing/events/sched\")\n"
                                         "task A: close(r0)\n");
        QVERIFY(run.error.empty());
        const Events ev{run};
        const auto [in, out] = ev.syscall("close");
        const uint32_t fput = ev.enter("__fput", in);
        QVERIFY(fput != kNever);
        const ObjId sched = ev.dentry("sched");
        const uint32_t put = ev.find(EventKind::Put, sched, fput);
        QVERIFY(put != kNever);
        QCOMPARE(fput < out, inside);
        QCOMPARE(put < out, inside);
        if (!inside) {
            const std::vector<std::string> stack = ev.stackAt(fput, run.events[fput].task);
            QCOMPARE(stack, (std::vector<std::string>{"exit_to_user_mode_loop", "task_work_run",
                                                      "____fput"}));
        }
    }

    // Issue B7: the oops counter [#N] counts oopses only; a WARN before the BUG does not count.
    void oopsCounterCountsOopsesOnly() {
        Machine m;
        m.warn("dput", "a warning", "", ObjKind::None, 0, 0);
        Scheduler s(Schedule{});
        m.addTask("A");
        m.setScheduler(&s);
        s.addTask(
            [&] { m.bugOn(true, "d_instantiate", "fs/dcache.c:2031", ObjKind::None, 0, "", 0); });
        s.run();
        m.setScheduler(nullptr);
        QCOMPARE(m.reports().size(), size_t(2));
        QVERIFY2(m.reports()[1].text.find("invalid opcode: 0000 [#1]") != std::string::npos,
                 m.reports()[1].text.c_str());
    }

    // [V-src] errata 15 / issue B6: a task killed by a BUG goes through do_exit -> exit_files ->
    // __fput, so its open files drop their references; ref_tracker then names only what it
    // held inside the kernel (the references on its victim), never the open() of events/sched.
    void taskKilledByBugClosesItsFiles() {
        std::vector<scenario::ParseError> errors;
        const auto sc = scenario::loadScenario("d_instantiate-crash", errors);
        QVERIFY(sc);
        const auto run = scenario::runScenario(*sc);
        QVERIFY(!run.reports.empty());
        const Events ev{run};
        const uint32_t bug = run.reports.front().seq;
        const TaskId victim = run.reports.front().task;
        const uint32_t doExit = ev.enter("do_exit", bug);
        QVERIFY(doExit != kNever);
        QCOMPARE(run.events[doExit].task, victim);
        QVERIFY(ev.enter("exit_files", doExit) != kNever);
        // its file is freed before its task_exit
        bool fileFreed = false;
        for (uint32_t i = doExit; i < run.events.size(); ++i) {
            const Event& e = run.events[i];
            if (e.kind == EventKind::TaskExit) break;
            fileFreed |= e.kind == EventKind::Free && e.okind == ObjKind::File && e.task == victim;
        }
        QVERIFY(fileFreed);
        const auto leak = std::find_if(run.reports.begin(), run.reports.end(), [](const Report& r) {
            return r.kind == Report::Kind::Leak;
        });
        QVERIFY(leak != run.reports.end());
        QVERIFY2(leak->text.find("__x64_sys_openat") == std::string::npos, leak->text.c_str());
        QVERIFY2(leak->text.find("sched_wake_idle_without_ipi") != std::string::npos,
                 leak->text.c_str());
    }
};

QTEST_GUILESS_MAIN(TstFidelityEras)
#include "tst_fidelity_eras.moc"
