// What real kernels do, pinned event for event (issue "Faithful era by era"). Each test names
// its evidence: an observation on a real 6.12 kernel (kernel-reference errata [E-6.12]) or a
// reading of that era's source (errata [V-src]).
#include "engine_fixture.h"

#include "replay/replay.h"

#include <algorithm>

using namespace ds;

namespace {

// The events of a run, with the questions these tests ask of them.
struct Events {
    const scenario::RunResult& run;

    // The id of the newest dentry allocated with this name (0 when none).
    ObjId dentry(std::string_view name) const {
        ObjId id = 0;
        for (const Event& e : run.events)
            if (e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry && symbol(e.sym) == name)
                id = e.obj;
        return id;
    }
    // Seq of the first event of `kind` on dentry `obj` at or after `from` (kNever when none).
    uint32_t find(EventKind kind, ObjId obj, uint32_t from = 0) const {
        for (uint32_t i = from; i < run.events.size(); ++i)
            if (run.events[i].kind == kind && run.events[i].obj == obj) return i;
        return kNever;
    }
    // Seq of the first entry into kernel function `fn` at or after `from`.
    uint32_t enter(std::string_view fn, uint32_t from = 0) const {
        for (uint32_t i = from; i < run.events.size(); ++i)
            if (run.events[i].kind == EventKind::FuncEnter && symbol(run.events[i].sym) == fn)
                return i;
        return kNever;
    }
    // The kernel call stack of `task` just before event `seq`, outermost first.
    std::vector<std::string> stackAt(uint32_t seq, TaskId task) const {
        std::vector<std::string> stack;
        for (uint32_t i = 0; i < seq; ++i) {
            const Event& e = run.events[i];
            if (e.task != task) continue;
            if (e.kind == EventKind::FuncEnter) stack.emplace_back(symbol(e.sym));
            if (e.kind == EventKind::FuncExit && !stack.empty()) stack.pop_back();
        }
        return stack;
    }
    // The enter and exit seqs of the first syscall record with this name.
    std::pair<uint32_t, uint32_t> syscall(std::string_view name, int nth = 0) const {
        for (const SyscallRecord& r : run.records)
            if (r.name == name && nth-- == 0) return {r.enterSeq, r.exitSeq};
        return {kNever, kNever};
    }
};

} // namespace

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

QTEST_GUILESS_MAIN(TstFidelity)
#include "tst_fidelity.moc"
