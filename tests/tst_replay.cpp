// SPDX-License-Identifier: GPL-2.0-or-later
// core/replay: the state at any step, reached by seeking (checkpoints + bounded replay) or by
// stepping back, is the state folded from scratch; lifetimes, references, frames, navigation.
#include "replay/end_paths.h"
#include "replay/navigation.h"
#include "replay/replay.h"
#include "scenario/catalogue.h"
#include "scenario/runner.h"
#include "trace/symbols.h"

#include <QtTest>

#include <chrono>
#include <random>

using namespace ds;

namespace {

// A synthetic but well-formed log: tasks that enter/exit functions, allocate dentries under a
// root, take and drop references, hash/unhash, LRU, link/unlink, and free.
std::vector<Event> syntheticLog(uint32_t n, uint32_t seed, size_t maxLive = 1u << 30) {
    std::vector<Event> out;
    std::mt19937 rng(seed);
    ObjId nextId = 0;
    const SymId pin = intern("pin");
    const SymId fnA = intern("d_alloc"), fnB = intern("dput"), fnC = intern("lookup_slow");
    auto ev = [&](EventKind k, TaskId t, ObjKind ok, ObjId obj, int32_t a, int32_t b, SymId sym) {
        out.push_back(Event{static_cast<uint32_t>(out.size()), k, t, ok, 0, obj, a, b, sym, 0});
    };
    struct D {
        ObjId id;
        int count;
        bool linked, hashed, lru;
        ObjId inode;
    };
    const ObjId root = ++nextId;
    ev(EventKind::Alloc, kNoTask, ObjKind::Dentry, root, 0, 0, intern("/"));
    std::vector<D> live;
    std::vector<int> depth(3, 0);
    while (out.size() < n) {
        const auto t = static_cast<TaskId>(rng() % 3);
        const int r = static_cast<int>(rng() % 100);
        if (r < 15 && depth[t] < 6) {
            ev(EventKind::FuncEnter, t, ObjKind::None, 0, 0, 0, (rng() % 2) ? fnA : fnC);
            ++depth[t];
        } else if (r < 30 && depth[t] > 0) {
            ev(EventKind::FuncExit, t, ObjKind::None, 0, 0, 0, fnB);
            --depth[t];
        } else if ((r < 45 && live.size() < maxLive) || live.empty()) {
            const ObjId id = ++nextId;
            ev(EventKind::Alloc, t, ObjKind::Dentry, id, 0, 0, intern("d" + std::to_string(id)));
            ev(EventKind::Get, t, ObjKind::Dentry, root, 1, 2, pin);
            ev(EventKind::LinkChild, t, ObjKind::Dentry, id, static_cast<int32_t>(root), 1, 0);
            live.push_back(D{id, 1, true, false, false, 0});
        } else {
            D& d = live[rng() % live.size()];
            switch (rng() % 8) {
            case 0:
                ev(EventKind::Get, t, ObjKind::Dentry, d.id, d.count, d.count + 1, 0);
                ++d.count;
                break;
            case 1:
                if (d.count > 0) {
                    ev(EventKind::Put, t, ObjKind::Dentry, d.id, d.count, d.count - 1, 0);
                    --d.count;
                }
                break;
            case 2:
                ev(d.hashed ? EventKind::Unhash : EventKind::Hash, t, ObjKind::Dentry, d.id, 0, 0,
                   0);
                d.hashed = !d.hashed;
                break;
            case 3:
                ev(d.lru ? EventKind::LruDel : EventKind::LruAdd, t, ObjKind::Dentry, d.id, 0, 0,
                   0);
                d.lru = !d.lru;
                break;
            case 4:
                if (!d.inode) {
                    d.inode = ++nextId;
                    ev(EventKind::Alloc, t, ObjKind::Inode, d.inode, 1000 + int32_t(d.inode),
                       040755, 0);
                    ev(EventKind::Instantiate, t, ObjKind::Dentry, d.id,
                       static_cast<int32_t>(d.inode), 0, 0);
                }
                break;
            case 5:
                ev(EventKind::LockAcquire, t, ObjKind::Lock, 999999, 1, 0, intern("eventfs_mutex"));
                ev(EventKind::LockRelease, t, ObjKind::Lock, 999999, 1, 0, intern("eventfs_mutex"));
                break;
            case 6:
            case 7:
                if (d.count == 0) { // kill: unlink, free, drop the pin on root
                    ev(EventKind::SetFlag, t, ObjKind::Dentry, d.id,
                       static_cast<int32_t>(Flag::Killed), 1, 0);
                    if (d.inode) {
                        ev(EventKind::Instantiate, t, ObjKind::Dentry, d.id, 0,
                           static_cast<int32_t>(d.inode), 0);
                        ev(EventKind::Put, t, ObjKind::Inode, d.inode, 1, 0, 0);
                        ev(EventKind::Free, t, ObjKind::Inode, d.inode, 0, 0, 0);
                    }
                    ev(EventKind::UnlinkChild, t, ObjKind::Dentry, d.id, static_cast<int32_t>(root),
                       0, 0);
                    ev(EventKind::Free, t, ObjKind::Dentry, d.id, 0, 0, 0);
                    ev(EventKind::Put, t, ObjKind::Dentry, root, 2, 1, pin);
                    d = live.back();
                    live.pop_back();
                }
                break;
            }
        }
    }
    return out;
}

} // namespace

class TestReplay : public QObject {
    Q_OBJECT

private slots:
    void seekEqualsScratchSynthetic();
    void seekEqualsScratchScenario();
    void childOrderNewestFirst();
    void refsHeldAndLifespans();
    void framesAndNavigation();
    void foldReport();
    void endPathsAreTheFoldsPaths();
    void endPathsOfBuiltinRuns();
};

void TestReplay::seekEqualsScratchSynthetic() {
    const std::vector<Event> log = syntheticLog(5000, 7);
    Replay replay(log, 64); // many checkpoints
    QVERIFY(replay.checkpointCount() > 50);
    // Forwards one by one from scratch, compared with random seeks and with stepping back.
    StateAt scratch = replay.foldFromScratch(0);
    std::vector<StateAt> all;
    all.reserve(log.size() + 1);
    all.push_back(scratch);
    for (const Event& e : log) {
        replay.apply(scratch, e);
        all.push_back(scratch);
    }
    std::string why;
    for (uint32_t k = 0; k <= replay.size(); ++k)
        QVERIFY2(replay.seek(k).sameAs(all[k], &why), (std::to_string(k) + ": " + why).c_str());
    for (uint32_t k = replay.size(); k-- > 0;)
        QVERIFY2(replay.seek(k).sameAs(all[k], &why),
                 (std::to_string(k) + " (back): " + why).c_str());
    std::mt19937 rng(3);
    for (int i = 0; i < 2000; ++i) {
        const uint32_t k = rng() % (replay.size() + 1);
        QVERIFY2(replay.seek(k).sameAs(all[k], &why),
                 (std::to_string(k) + " (random): " + why).c_str());
        QVERIFY(replay.stateAt(k).sameAs(all[k], &why));
    }
    // Counters follow allocations and frees.
    const StateAt& end = replay.seek(replay.size());
    QCOMPARE(replay.countersAt(replay.size()).dentries, end.counters().dentries);
    QCOMPARE(replay.countersAt(replay.size()).inodes, end.counters().inodes);
}

void TestReplay::seekEqualsScratchScenario() {
    std::vector<scenario::ParseError> errors;
    const auto sc = scenario::loadScenario("d_instantiate-crash", errors);
    if (!sc) QSKIP("built-in scenario d_instantiate-crash not available");
    const scenario::RunResult run = scenario::runScenario(*sc);
    if (!run.error.empty()) QSKIP(run.error.c_str());
    QVERIFY(run.events.size() > 100);
    Replay replay(run.events, 256);
    StateAt scratch = replay.foldFromScratch(0);
    std::string why;
    std::vector<StateAt> all{scratch};
    for (const Event& e : run.events) {
        replay.apply(scratch, e);
        all.push_back(scratch);
    }
    for (uint32_t k = 0; k <= replay.size(); ++k)
        QVERIFY2(replay.seek(k).sameAs(all[k], &why), (std::to_string(k) + ": " + why).c_str());
    for (uint32_t k = replay.size(); k-- > 0;)
        QVERIFY2(replay.seek(k).sameAs(all[k], &why),
                 (std::to_string(k) + " (back): " + why).c_str());
    // The fold agrees with the engine's own counters at the end.
    const StateAt& end = replay.seek(replay.size());
    QCOMPARE(end.counters().dentries, run.finalCounters.nrDentry);
    QCOMPARE(end.counters().inodes, run.finalCounters.nrInodes);
    // Every BUG report is an event.
    QCOMPARE(replay.reportSeqs().size(), run.reports.size());
}

void TestReplay::childOrderNewestFirst() {
    std::vector<Event> log;
    auto ev = [&](EventKind k, ObjKind ok, ObjId obj, int32_t a, int32_t b, SymId sym) {
        log.push_back(Event{static_cast<uint32_t>(log.size()), k, 0, ok, 0, obj, a, b, sym, 0});
    };
    ev(EventKind::Alloc, ObjKind::Dentry, 1, 0, 0, intern("/"));
    for (ObjId id = 2; id <= 5; ++id) {
        ev(EventKind::Alloc, ObjKind::Dentry, id, 0, 0, intern("c"));
        ev(EventKind::LinkChild, ObjKind::Dentry, id, 1, 1, 0);
    }
    ev(EventKind::UnlinkChild, ObjKind::Dentry, 3, 1, 0, 0);
    ev(EventKind::Free, ObjKind::Dentry, 3, 0, 0, 0);
    Replay replay(log);
    QCOMPARE(replay.seek(replay.size()).children(1), (std::vector<ObjId>{5, 4, 2}));
    QVERIFY(replay.isGhost(3, replay.size()));
    QVERIFY(!replay.isGhost(3, replay.size() - 1));
    QCOMPARE(replay.seek(5).children(1), (std::vector<ObjId>{3, 2}));
    QCOMPARE(replay.seek(5).obj(3).parent, ObjId(1));
    QVERIFY(!replay.seek(replay.size()).obj(3).alive());
    QVERIFY(replay.current().obj(3).has(ObjState::Freed));
}

void TestReplay::refsHeldAndLifespans() {
    std::vector<Event> log;
    const SymId pin = intern("pin");
    auto ev = [&](EventKind k, TaskId t, ObjId obj, int32_t a, int32_t b, SymId sym) {
        log.push_back(
            Event{static_cast<uint32_t>(log.size()), k, t, ObjKind::Dentry, 0, obj, a, b, sym, 0});
    };
    ev(EventKind::Alloc, 0, 1, 0, 0, 0); // 0: count 1 (ref #0)
    ev(EventKind::Get, 1, 1, 1, 2, 0);   // 1: ref #1 by task 1
    ev(EventKind::Get, 0, 1, 2, 3, pin); // 2: a child's pin
    ev(EventKind::Get, 0, 1, 3, 4, 0);   // 3: ref #3
    ev(EventKind::Put, 0, 1, 4, 3, 0);   // 4: drops #3 (LIFO)
    ev(EventKind::Put, 0, 1, 3, 2, pin); // 5: drops the pin
    Replay replay(log);
    auto refs = replay.refsHeld(1, 4);
    QCOMPARE(refs.size(), size_t(4));
    refs = replay.refsHeld(1, 6);
    QCOMPARE(refs.size(), size_t(2));
    QCOMPARE(refs[0].seq, 0u);
    QCOMPARE(refs[1].seq, 1u);
    QCOMPARE(int(refs[1].task), 1);
    QCOMPARE(replay.seek(6).obj(1).count, 2);
    QCOMPARE(replay.lifespan(1).allocSeq, 0u);
    QCOMPARE(replay.lifespan(1).freeSeq, kNever);
    QCOMPARE(replay.eventsOf(1).size(), size_t(6));
    QCOMPARE(nextEventOf(replay, 1, 2), 3u);
    QCOMPARE(prevEventOf(replay, 1, 3), 2u);
}

void TestReplay::framesAndNavigation() {
    std::vector<Event> log;
    auto ev = [&](EventKind k, TaskId t, SymId sym) {
        log.push_back(
            Event{static_cast<uint32_t>(log.size()), k, t, ObjKind::None, 0, 0, 0, 0, sym, 0});
    };
    const SymId sys = intern("getdents64"), outer = intern("iterate_dir"),
                inner = intern("d_instantiate");
    ev(EventKind::SyscallEnter, 0, sys); // 0
    ev(EventKind::FuncEnter, 0, outer);  // 1
    ev(EventKind::FuncEnter, 0, inner);  // 2
    ev(EventKind::Hash, 0, 0);           // 3
    ev(EventKind::FuncExit, 0, inner);   // 4
    ev(EventKind::Hash, 1, 0);           // 5 (other task)
    ev(EventKind::Hash, 0, 0);           // 6
    ev(EventKind::FuncEnter, 0, inner);  // 7: never returns (the task dies)
    log.push_back(
        Event{8, EventKind::Report, 0, ObjKind::None, 0, 0, 0, 0, intern("kernel BUG"), 0});
    log.push_back(Event{9, EventKind::TaskExit, 0, ObjKind::Task, 0, 0, 1, 0, 0, 0});
    ev(EventKind::SyscallEnter, 1, sys); // 10
    Replay replay(log);
    // The stack after event 3: d_instantiate inside iterate_dir.
    const StateAt& s = replay.seek(4);
    const auto frames = replay.stack(s.task(0).node);
    QCOMPARE(frames.size(), size_t(2));
    QCOMPARE(replay.call(frames[0]).fn, inner);
    QCOMPARE(replay.call(frames[1]).fn, outer);
    QCOMPARE(replay.frameAt(0, 3), frames[0]);
    // Step over from step 2 (after entering iterate_dir): the d_instantiate call is skipped.
    QCOMPARE(stepOver(replay, 2), 5u);
    QCOMPARE(stepOut(replay, 4), 5u);  // out of d_instantiate
    QCOMPARE(stepOver(replay, 5), 7u); // task 0's next event after the call: #6
    QCOMPARE(nextReport(replay, 0), 9u);
    QCOMPARE(prevReport(replay, 10), 9u);
    QCOMPARE(nextSyscall(replay, 1), 11u);
    QCOMPARE(prevSyscall(replay, 11), 1u);
    // The dead task keeps its stack.
    const StateAt& dead = replay.seek(replay.size());
    QVERIFY(dead.task(0).died);
    QCOMPARE(replay.stack(dead.task(0).node).size(), size_t(2));
    QCOMPARE(replay.call(dead.task(0).node).fn, inner);
    QCOMPARE(replay.syscalls().size(), size_t(2));
    QCOMPARE(replay.syscalls()[0].exitSeq, kNever);
}

void TestReplay::foldReport() {
#ifdef NDEBUG
    const uint32_t n = 2'000'000;
#else
    const uint32_t n = 200'000; // sanitizer and debug builds
#endif
    const std::vector<Event> log = syntheticLog(n, 11, 20000);
    Replay replay(log);
    double secs = 1e9;
    for (int round = 0; round < 3; ++round) { // best of three
        StateAt s = replay.foldFromScratch(0);
        const auto t0 = std::chrono::steady_clock::now();
        for (const Event& e : log)
            replay.apply(s, e);
        secs = std::min(
            secs, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        QCOMPARE(s.step(), replay.size());
    }
    const double rate = double(log.size()) / secs;
    qInfo("folded %zu events in %.3f s: %.1f M events/s", log.size(), secs, rate / 1e6);
    // Seeking anywhere costs at most one interval of folding.
    const auto t1 = std::chrono::steady_clock::now();
    std::mt19937 rng(5);
    for (int i = 0; i < 200; ++i)
        replay.seek(rng() % replay.size());
    const double seekMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count() /
        200;
    qInfo("random seek: %.3f ms", seekMs);
    // Reported, not asserted (no timed tests): bench_replay tracks the numbers.
}

namespace {

// Every allocated object's EndPaths path against dentryPath at Replay's last step.
void compareEndPaths(std::span<const Event> log, const std::string& what) {
    const EndPaths fast(log);
    Replay replay(log, UINT32_MAX);
    const StateAt& end = replay.seek(replay.size());
    size_t compared = 0;
    for (const Event& e : log) {
        if (e.kind != EventKind::Alloc) continue;
        QVERIFY2(fast.path(e.obj) == dentryPath(end, e.obj),
                 (what + ": object " + std::to_string(e.obj) + ": " + fast.path(e.obj) +
                  " != " + dentryPath(end, e.obj))
                     .c_str());
        ++compared;
    }
    QVERIFY2(compared > 0, what.c_str());
}

} // namespace

// The Chrome export names its lanes by EndPaths, a pass that keeps only names and parents: it
// follows the fold where a parent moves (LinkChild, a cursor's list_move_tail) and where it does
// not (a CursorMove to an unknown parent), and gives an inode or a file no name.
void TestReplay::endPathsAreTheFoldsPaths() {
    std::vector<Event> log;
    auto ev = [&](EventKind k, ObjKind ok, ObjId obj, int32_t a, int32_t b, SymId sym) {
        log.push_back(Event{static_cast<uint32_t>(log.size()), k, 0, ok, 0, obj, a, b, sym, 0});
    };
    ev(EventKind::Alloc, ObjKind::Dentry, 1, 0, 0, intern("/"));
    ev(EventKind::Alloc, ObjKind::Dentry, 2, 1, 0, intern("events"));
    ev(EventKind::Alloc, ObjKind::Dentry, 3, 2, 0, intern("sched"));
    ev(EventKind::Alloc, ObjKind::Dentry, 4, 2, 0, intern("irq"));
    ev(EventKind::Alloc, ObjKind::Dentry, 5, 3, 0, intern("enable"));
    ev(EventKind::LinkChild, ObjKind::Dentry, 5, 4, 1, 0); // now below irq
    ev(EventKind::Alloc, ObjKind::Dentry, 6, 3, int32_t(kDentryCursor), 0);
    ev(EventKind::CursorMove, ObjKind::Dentry, 6, 0, 4, 0);  // to irq's list
    ev(EventKind::CursorMove, ObjKind::Dentry, 6, 0, 99, 0); // no such parent: stays
    ev(EventKind::Alloc, ObjKind::Inode, 7, 1000, 040755, intern("ignored"));
    ev(EventKind::Alloc, ObjKind::File, 8, 3, 3, intern("ignored"));
    ev(EventKind::Alloc, ObjKind::Eventfs, 9, 0, 0, intern("sched"));
    const EndPaths fast(log);
    QCOMPARE(fast.path(5), std::string("/events/irq/enable"));
    QCOMPARE(fast.path(6), std::string("/events/irq/"));
    QCOMPARE(fast.path(8), std::string("/events/sched/"));
    QCOMPARE(fast.path(42), std::string()); // never allocated
    compareEndPaths(log, "hand-made log");
    compareEndPaths(syntheticLog(20000, 7), "synthetic log");
}

void TestReplay::endPathsOfBuiltinRuns() {
    for (const auto& sc : catalogue::scenarios()) {
        std::vector<scenario::ParseError> errors;
        const auto parsed = scenario::loadScenario(sc.name, errors);
        QVERIFY2(parsed, sc.name.c_str());
        for (const auto& design : catalogue::designs()) {
            scenario::RunOptions opts;
            opts.designOverride = design.name;
            const scenario::RunResult run = scenario::runScenario(*parsed, opts);
            compareEndPaths(run.events, sc.name + " under " + design.name);
        }
    }
}

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
