// SPDX-License-Identifier: GPL-2.0-or-later
// v6.6-rc1 is its own code (issue "Faithful era by era", item B2; kernel-reference errata 8,
// §2.2, §5.B): struct eventfs_file on ei->e_top_files in add order, create_dentry(ef, parent,
// lookup), d_fsdata = ef, eventfs_set_ef_status_free, a release that dputs ef->dentry where set
// under eventfs_mutex, and eventfs_remove's dget / d_invalidate / dput.
#include "fidelity_events.h"

#include "explain/explain.h"
#include "vfs/inode.h"

namespace {

// The names getdents64 returned for a directory, dots left out.
std::vector<std::string> listed(const scenario::RunResult& run, int nth = 0) {
    std::vector<std::string> names;
    for (const SyscallRecord& r : run.records)
        if (r.name == "getdents64" && nth-- == 0)
            for (const DirEntry& e : r.entries)
                if (e.name != "." && e.name != "..") names.push_back(e.name);
    return names;
}

// The event directories of events/sched in the layout's (registration) order.
std::vector<std::string> schedEvents(const char* tree) {
    const tracefs::Layout* lay = tracefs::builtinLayout(tree);
    std::vector<std::string> names;
    for (int child : lay->dirs[lay->findDir("events/sched")].children)
        names.push_back(lay->dirs[child].name);
    return names;
}

// The name of the dentry an event is about, by its Alloc.
std::string dentryName(const scenario::RunResult& run, ObjId id) {
    for (const Event& e : run.events)
        if (e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry && e.obj == id)
            return std::string(symbol(e.sym));
    return {};
}

// The id of the first dentry allocated with this name.
ObjId firstDentry(const scenario::RunResult& run, std::string_view name) {
    for (const Event& e : run.events)
        if (e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry && symbol(e.sym) == name)
            return e.obj;
    return 0;
}

const Event* allocOf(const scenario::RunResult& run, ObjKind kind, ObjId id) {
    for (const Event& e : run.events)
        if (e.kind == EventKind::Alloc && e.okind == kind && e.obj == id) return &e;
    return nullptr;
}

// The first exit of `fn` at or after `from`.
uint32_t exitOf(const scenario::RunResult& run, std::string_view fn, uint32_t from) {
    for (uint32_t i = from; i < run.events.size(); ++i)
        if (run.events[i].kind == EventKind::FuncExit && symbol(run.events[i].sym) == fn) return i;
    return kNever;
}

const char* const kOpenSched = "task A: r0 = open(\"/sys/kernel/tracing/events/sched\", "
                               "O_RDONLY|O_DIRECTORY)\n";

} // namespace

class TstFidelityV66rc1 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Errata 8: a system's filter and enable are added before its events, and open creates the
    // dentries in e_top_files order; d_alloc links each at the head of the child list, so
    // dcache_readdir lists [eN … e1, enable, filter]. v6.7 creates the dirs first, then its
    // entries[] (filter, enable): [enable, filter, eN … e1] (§5.A A1's table).
    void readdirListsNewestFirst_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<bool>("filesLast");
        QTest::newRow("v6.6-rc1") << u"v6.6-rc1"_qs << true;
        QTest::newRow("v6.7") << u"v6.7"_qs << false;
    }
    void readdirListsNewestFirst() {
        QFETCH(QString, design);
        QFETCH(bool, filesLast);
        const auto run = dstest::runText("design " + design.toStdString() + "\ntree sched\n" +
                                         kOpenSched + "task A: getdents64(r0, 65536)\n");
        QVERIFY(run.error.empty());
        std::vector<std::string> events = schedEvents("sched");
        QCOMPARE(events.size(), size_t(26));
        std::reverse(events.begin(), events.end()); // eN … e1
        std::vector<std::string> expected;
        if (!filesLast) expected = {"enable", "filter"};
        expected.insert(expected.end(), events.begin(), events.end());
        if (filesLast) expected.insert(expected.end(), {"enable", "filter"});
        QCOMPARE(listed(run), expected);
    }

    // [I] an event directory's e_top_files is event_create_dir's order (v6.5's: enable, id,
    // filter, trigger, format), so its listing is the reverse.
    void eventDirListsItsFilesInReverseAddOrder() {
        const auto run =
            dstest::runText("design v6.6-rc1\ntree tiny\n"
                            "task A: r0 = open(\"/sys/kernel/tracing/events/sched/sched_switch\")\n"
                            "task A: getdents64(r0, 4096)\n");
        QCOMPARE(listed(run),
                 (std::vector<std::string>{"format", "trigger", "filter", "id", "enable"}));
    }

    // §2.2: d_fsdata of every eventfs dentry is its own eventfs_file, one object per file and
    // directory (v6.7: a file's d_fsdata is its directory's eventfs_inode).
    void dFsdataIsTheEventfsFile() {
        const auto run = dstest::runText(std::string("design v6.6-rc1\ntree tiny\n") + kOpenSched);
        const Events ev{run};
        ObjId schedEf = 0;
        for (const Event& e : run.events)
            if (e.kind == EventKind::SetFsdata && dentryName(run, e.obj) == "sched") schedEf = e.a;
        QVERIFY(schedEf);
        std::vector<std::string> seen;
        const uint32_t open = ev.syscall("openat").first;
        for (uint32_t i = open; i < run.events.size(); ++i) {
            const Event& e = run.events[i];
            if (e.kind != EventKind::SetFsdata) continue;
            const std::string name = dentryName(run, e.obj);
            const Event* ef = allocOf(run, ObjKind::Eventfs, static_cast<ObjId>(e.a));
            QVERIFY2(ef, name.c_str());
            QCOMPARE(std::string(symbol(ef->sym)), name); // the dentry's own ef
            if (name != "sched") {
                QCOMPARE(static_cast<ObjId>(ef->a), schedEf); // on sched's e_top_files
                seen.push_back(name);
            }
        }
        // created in e_top_files order
        QCOMPARE(seen,
                 (std::vector<std::string>{"filter", "enable", "sched_switch", "sched_wakeup"}));
        // and in the engine's state: ef->dentry is the dentry whose d_fsdata is the ef
        dstest::Sim sim("v6.6-rc1", "tiny");
        sim.run([](System& k) {
            SyscallRecord r;
            QCOMPARE(k.sys_open("events/sched", r), int64_t(3));
        });
        for (const char* path : {"events/sched", "events/sched/filter", "events/sched/enable",
                                 "events/sched/sched_switch"}) {
            Dentry* d = sim.dentry(path);
            QVERIFY2(d && d->d_fsdata, path);
            const auto* ef = static_cast<const EventfsFile*>(d->d_fsdata);
            QCOMPARE(ef->dentry, d);
            QCOMPARE(symbol(ef->name), symbol(d->name));
            QCOMPARE(ef->ei != nullptr, isDirMode(d->inode->mode));
        }
        // v6.7: a file's d_fsdata is its directory's eventfs_inode
        dstest::Sim v67("v6.7", "tiny");
        v67.run([](System& k) {
            SyscallRecord r;
            k.sys_open("events/sched", r);
        });
        QCOMPARE(v67.dentry("events/sched/filter")->d_fsdata,
                 static_cast<void*>(v67.k->findEventfs("events/sched")));
    }

    // Errata 8 / §5.B V0: release takes eventfs_mutex for each ef on the list, reads
    // ef->dentry and dputs it where set, whoever took the reference. An event added after
    // open and never looked up has no dentry and is skipped; once a stat created its dentry
    // (count 0, on the LRU) it is put too: the underflow to -1 (errata 9).
    void releasePutsEveryEfWithADentry_data() {
        QTest::addColumn<bool>("lookedUp");
        QTest::newRow("my_event never looked up") << false;
        QTest::newRow("my_event stat'ed") << true;
    }
    void releasePutsEveryEfWithADentry() {
        QFETCH(bool, lookedUp);
        std::string text = std::string("design v6.6-rc1\ntree tiny\n") + kOpenSched +
                           "task A: add /sys/kernel/tracing/events/sched/my_event\n";
        if (lookedUp) text += "task A: stat(\"/sys/kernel/tracing/events/sched/my_event\")\n";
        text += "task A: close(r0)\n";
        const auto run = dstest::runText(text);
        QVERIFY(run.error.empty());
        const Events ev{run};
        const uint32_t rel = ev.enter("eventfs_release");
        const uint32_t relEnd = exitOf(run, "eventfs_release", rel);
        QVERIFY(rel != kNever && relEnd != kNever);
        // the dputs of eventfs_release itself (dcache_dir_close's cursor put comes after them)
        std::vector<std::string> put;
        std::vector<int> after;
        int locks = 0;
        std::vector<std::string_view> frames; // below eventfs_release
        bool heldBeforePut = false;
        for (uint32_t i = rel + 1; i < relEnd; ++i) {
            const Event& e = run.events[i];
            if (e.kind == EventKind::FuncEnter) frames.push_back(symbol(e.sym));
            if (e.kind == EventKind::FuncExit && !frames.empty()) frames.pop_back();
            if (frames.empty() && e.kind == EventKind::LockAcquire &&
                symbol(e.sym) == "eventfs_mutex") {
                ++locks;
                heldBeforePut = true;
            }
            if (frames.size() == 1 && frames[0] == "dput" && e.kind == EventKind::Put &&
                e.okind == ObjKind::Dentry) {
                QVERIFY2(heldBeforePut, "ef->dentry was read without eventfs_mutex");
                heldBeforePut = false;
                put.push_back(dentryName(run, e.obj));
                after.push_back(e.b);
            }
        }
        QCOMPARE(locks, 5); // filter, enable, sched_switch, sched_wakeup, my_event
        std::vector<std::string> expected{"filter", "enable", "sched_switch", "sched_wakeup"};
        if (lookedUp) expected.push_back("my_event");
        QCOMPARE(put, expected);
        std::vector<int> counts(4, 0); // open's reference on each went
        if (lookedUp) counts.push_back(-1);
        QCOMPARE(after, counts);
        // no dentry_list in 6.6-rc1: private_data is the cursor alone
        for (const Event& e : run.events)
            QVERIFY(e.okind != ObjKind::Dlist);
        QCOMPARE(run.reports.size(), size_t(lookedUp ? 1 : 0));
    }

    // §2.2 / §5.B: eventfs_remove, under eventfs_mutex, unlinks the subtree depth first and
    // gets every dentry it has, dropping d_fsdata; outside the mutex it walks that chain from
    // its last link (the directory first) with d_invalidate + dput; the files' efs are freed
    // after the SRCU grace period. With sched open, its dentry stays (the open's references are
    // never put: the list release walks is empty now).
    void removalInvalidatesFromTheChainsEnd() {
        const auto run = dstest::runText(
            std::string("design v6.6-rc1\ntree tiny\n") + kOpenSched +
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch/enable\")\n"
            "task A: remove /sys/kernel/tracing/events/sched\n"
            "task A: getdents64(r0, 4096)\n"
            "task A: stat(\"/sys/kernel/tracing/events/sched/sched_switch\") = -ENOENT\n"
            "task A: close(r0)\n");
        QVERIFY2(run.error.empty(), run.error.c_str());
        const Events ev{run};
        const auto [from, to] = ev.syscall("remove");
        const uint32_t unlock = [&] {
            for (uint32_t i = from; i < to; ++i)
                if (run.events[i].kind == EventKind::LockRelease &&
                    symbol(run.events[i].sym) == "eventfs_mutex")
                    return i;
            return kNever;
        }();
        QVERIFY(unlock != kNever);
        std::vector<std::string> got, cleared, unhashed;
        for (uint32_t i = from; i < to; ++i) {
            const Event& e = run.events[i];
            if (e.okind != ObjKind::Dentry) continue;
            if (i < unlock && e.kind == EventKind::Get) got.push_back(dentryName(run, e.obj));
            if (i < unlock && e.kind == EventKind::SetFsdata && e.a == 0)
                cleared.push_back(dentryName(run, e.obj));
            if (e.kind == EventKind::Unhash) {
                QVERIFY(i > unlock);
                unhashed.push_back(dentryName(run, e.obj));
            }
        }
        // depth first, children before their directory, each list in add order
        const std::vector<std::string> queued{"filter",       "enable",       "enable",
                                              "sched_switch", "sched_wakeup", "sched"};
        QCOMPARE(got, queued);
        QCOMPARE(cleared, queued);
        QCOMPARE(unhashed, (std::vector<std::string>{"sched", "sched_wakeup", "sched_switch",
                                                     "enable", "enable", "filter"}));
        // the files' efs are freed after the grace period; a directory's ef stays while its
        // dentry does (each is held by the open or by a child)
        std::vector<ObjId> dirEfs;
        for (const char* name : {"sched", "sched_switch", "sched_wakeup"})
            dirEfs.push_back(static_cast<ObjId>(
                run.events[ev.find(EventKind::SetFsdata, firstDentry(run, name))].a));
        int files = 0;
        for (const Event& e : run.events) {
            if (e.kind != EventKind::Alloc || e.okind != ObjKind::Eventfs) continue;
            if (std::find(dirEfs.begin(), dirEfs.end(), e.obj) != dirEfs.end()) {
                QCOMPARE(ev.find(EventKind::Free, e.obj), kNever);
                continue;
            }
            if (std::find(dirEfs.begin(), dirEfs.end(), static_cast<ObjId>(e.a)) == dirEfs.end())
                continue;
            ++files;
            const uint32_t freed = ev.find(EventKind::Free, e.obj);
            QVERIFY2(freed > unlock && freed < to, symbol(e.sym).data());
        }
        QCOMPARE(files, 12); // sched's filter, enable and the 5 files of each event
        // no S_DEAD in 6.6: dcache_readdir still runs and finds no hashed child
        QCOMPARE(listed(run), std::vector<std::string>{});
        for (const Report& r : run.reports)
            QVERIFY2(r.kind != Report::Kind::Warn && r.kind != Report::Kind::Kasan,
                     r.headline.c_str());
    }

    // Removal with nothing open: every dentry, inode and eventfs object of the subtree goes.
    void removalFreesTheSubtree() {
        dstest::Sim sim("v6.6-rc1", "tiny");
        const int64_t boot = sim.k->dentryState().nrDentry;
        EventfsInode* ei = sim.k->findEventfs("events/sched");
        QVERIFY(ei && ei->ef);
        std::vector<EventfsFile*> files;
        for (EventfsFile* f : ei->topFiles)
            files.push_back(f);
        QCOMPARE(files.size(), size_t(4));
        sim.run([](System& k) {
            SyscallRecord s, r;
            QCOMPARE(k.sys_stat("events/sched/sched_switch/enable", s), int64_t(0));
            QCOMPARE(k.sys_remove("/sys/kernel/tracing/events/sched", r), int64_t(0));
        });
        QCOMPARE(sim.k->dentryState().nrDentry, boot);
        QVERIFY(ei->life.freed);
        for (EventfsFile* f : files)
            QVERIFY(f->ei ? f->ei->life.freed : f->life.freed);
        QVERIFY(sim.k->findEventfs("events")->topFiles.size() == 3); // enable, header_*
        QVERIFY(sim.k->reports().empty());
    }

    // Item B1 stays: explore of the built-in v6.6-rc1 scenario finds the underflow, reported
    // as dentryscope's own diagnostic.
    void exploreStillFindsTheUnderflow() {
        std::vector<scenario::ParseError> errs;
        auto sc = scenario::loadScenario("v6.6-rc1-underflow", errs);
        QVERIFY(sc);
        const auto found = scenario::explore(*sc, {});
        QVERIFY(found.failing);
        const Report& r = found.failing->reports.front();
        QVERIFY(r.headline.starts_with("dentryscope:"));
        QVERIFY(r.text.find("my_event") != std::string::npos);
    }

    // The teaching mode names the era's objects: an eventfs_file is added to a list and freed
    // by free_ef (no kref); the events directory's own is an eventfs_inode.
    void explainNamesEventfsFiles() {
        const auto run =
            dstest::runText(std::string("design v6.6-rc1\ntree tiny\n") + kOpenSched +
                            "task A: add /sys/kernel/tracing/events/sched/my_event\n"
                            "task A: remove /sys/kernel/tracing/events/sched/my_event\n");
        const std::string text = explain::formatExplain(run);
        QVERIFY2(text.find("eventfs_file 'my_event' is added at the tail of the e_top_files of "
                           "eventfs_file 'sched'.") != std::string::npos,
                 text.c_str());
        QVERIFY(text.find("eventfs_inode 'events', the events directory's") != std::string::npos);
        QVERIFY(text.find("free_ef: eventfs_file 'enable' is freed") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TstFidelityV66rc1)
#include "tst_fidelity_v66rc1.moc"
