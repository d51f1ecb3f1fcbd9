// SPDX-License-Identifier: GPL-2.0-or-later
// The teaching mode's sentences (core/explain): each checked against the event it describes,
// with the counts and the reason the kernel reference gives (Errata 4: tracefs_d_delete returns
// 0 for an eventfs dentry, which stays hashed and joins the LRU; Errata 6: the shrinker kills a
// parent whose last child died in the same pass).

#include "explain/explain.h"
#include "explain/graph.h"
#include "explain/kernel_source.h"
#include "scenario/runner.h"
#include "trace/symbols.h"

#include <QTest>

#include <functional>
#include <sstream>

using namespace ds;

namespace {

scenario::RunResult runBuiltin(const std::string& name) {
    std::vector<scenario::ParseError> errors;
    const auto sc = scenario::loadScenario(name, errors);
    if (!sc) return {};
    return scenario::runScenario(*sc);
}

// A run with its replay and explainer.
struct Explained {
    explicit Explained(const std::string& scenarioName)
        : run(runBuiltin(scenarioName)), replay(run.events), ex(run, replay) {}
    scenario::RunResult run;
    Replay replay;
    explain::Explainer ex;

    // The first event of `kind` on the object called `name` that `also` accepts.
    uint32_t find(EventKind kind, const std::string& name,
                  const std::function<bool(const Event&)>& also = {}) const {
        for (uint32_t i = 0; i < replay.size(); ++i) {
            const Event& e = replay.event(i);
            if (e.kind != kind || (also && !also(e))) continue;
            if (ex.objectName(e.obj, replay.stateAt(i)) == name) return i;
        }
        return kNever;
    }
    std::string sentence(uint32_t seq) const { return ex.sentence(seq); }
};

std::string arrow(int a, int b) {
    return std::to_string(a) + " \u2192 " + std::to_string(b);
}

bool isPin(const Event& e) {
    return e.sym && symbol(e.sym) == "pin";
}

#define VERIFY_HAS(text, part)                                                                     \
    QVERIFY2((text).find(part) != std::string::npos,                                               \
             ("\"" + std::string(text) + "\" lacks \"" + std::string(part) + "\"").c_str())

} // namespace

class TestExplain : public QObject {
    Q_OBJECT

private slots:
    void alloc();
    void dAdd();
    void dget();
    void dputToZeroRetained();
    void lruAddAndDel();
    void killAndFree();
    void shrinkerKillsParent();
    void revalidateFailure();
    void bug();
    void onlyStateChanges();
    void everyEventHasASentence();
    void stepByChange();
    void kernelSource();
    void graphAtPeak_data();
    void graphAtPeak();
};

void TestExplain::alloc() {
    const Explained x("refcount-lifecycle");
    const uint32_t seq = x.find(EventKind::Alloc, "sched");
    QVERIFY(seq != kNever);
    // d_alloc's pin on the parent is the next event of the same task.
    const Event& pin = x.replay.event(seq + 1);
    QVERIFY(pin.kind == EventKind::Get && isPin(pin));
    QCOMPARE(x.ex.objectName(pin.obj, x.replay.stateAt(seq)), std::string("events"));
    QCOMPARE(x.sentence(seq), "d_alloc(sched): new dentry, count 1, held by this path walk; it "
                              "pins its parent events (count " +
                                  arrow(pin.a, pin.b) + ").");
    QCOMPARE(arrow(pin.a, pin.b), arrow(2, 3)); // the mount's reference and the walk's
}

void TestExplain::dAdd() {
    const Explained x("refcount-lifecycle");
    const uint32_t seq = x.find(EventKind::Add, "enable");
    QVERIFY(seq != kNever);
    const Event& e = x.replay.event(seq);
    const StateAt at = x.replay.stateAt(seq); // the state outlives the reference taken into it
    const ObjState& inode = at.obj(static_cast<ObjId>(e.a));
    QCOMPARE(inode.kind, ObjKind::Inode);
    const std::string s = x.sentence(seq);
    VERIFY_HAS(s, "d_add(enable, inode " + std::to_string(inode.ino) + ")");
    VERIFY_HAS(s, "hashed next");
    QCOMPARE(x.replay.event(seq + 1).kind, EventKind::Hash); // __d_rehash follows, as it says
}

void TestExplain::dget() {
    const Explained x("refcount-lifecycle");
    const uint32_t seq = x.find(EventKind::Get, "events", [](const Event& e) { return !isPin(e); });
    QVERIFY(seq != kNever);
    const Event& e = x.replay.event(seq);
    QCOMPARE(x.sentence(seq), "dget(events): " + arrow(e.a, e.b) + ", held by this path walk.");
    // The open's own reference (Errata 1: do_dentry_open takes one, c 1 → 2).
    const uint32_t open =
        x.find(EventKind::Get, "sched", [](const Event& ev) { return !isPin(ev); });
    QCOMPARE(x.sentence(open),
             std::string("dget(sched): 1 \u2192 2, held by the file being opened."));
}

void TestExplain::dputToZeroRetained() {
    const Explained x("refcount-lifecycle");
    const uint32_t seq =
        x.find(EventKind::Put, "enable", [](const Event& e) { return e.a == 1 && e.b == 0; });
    QVERIFY(seq != kNever);
    QCOMPARE(x.sentence(seq),
             std::string("dput(enable): 1 \u2192 0. tracefs_d_delete() returns 0 (it is an eventfs "
                         "dentry), so retain_dentry() keeps it hashed; it joins the LRU next."));
    // and it does: the next state change of the task is d_lru_add of the same dentry
    const uint32_t next = explain::nextChange(x.replay.events(), seq + 1);
    QCOMPARE(x.replay.event(next).kind, EventKind::LruAdd);
    QCOMPARE(x.replay.event(next).obj, x.replay.event(seq).obj);
}

void TestExplain::lruAddAndDel() {
    const Explained x("refcount-lifecycle");
    const uint32_t add = x.find(EventKind::LruAdd, "enable");
    const uint32_t del = x.find(EventKind::LruDel, "enable");
    QVERIFY(add != kNever && del != kNever && add < del);
    QVERIFY(!x.replay.stateAt(add).obj(x.replay.event(add).obj).has(ObjState::OnLru));
    QVERIFY(x.replay.stateAt(add + 1).obj(x.replay.event(add).obj).has(ObjState::OnLru));
    const std::string a = x.sentence(add), d = x.sentence(del);
    VERIFY_HAS(a, "d_lru_add(enable)");
    VERIFY_HAS(a, "nr_unused + 1");
    VERIFY_HAS(d, "d_lru_del(enable)");
    VERIFY_HAS(d, "the shrinker takes it to kill it"); // drop_caches → prune_dcache_sb
}

void TestExplain::killAndFree() {
    const Explained x("refcount-lifecycle");
    const uint32_t kill = x.find(EventKind::SetFlag, "enable", [](const Event& e) {
        return e.a == static_cast<int32_t>(Flag::Killed);
    });
    const uint32_t dfree = x.find(EventKind::Free, "enable");
    QVERIFY(kill != kNever && dfree != kNever && kill < dfree);
    VERIFY_HAS(x.sentence(kill), "__dentry_kill(enable): DCACHE_DENTRY_KILLED");
    QCOMPARE(x.sentence(dfree),
             std::string("dentry_free(enable): the dentry is freed (nr_dentry \u2212 1)."));
    // Its inode goes with it: iput to 0, then destroy_inode of the same inode; the memory goes
    // back after the syscall, in an RCU callback.
    const ObjId inode = x.replay.stateAt(kill).obj(x.replay.event(kill).obj).inode;
    const std::string ino = std::to_string(x.replay.stateAt(kill).obj(inode).ino);
    bool iputSaid = false, destroySaid = false, freeSaid = false;
    for (uint32_t i = kill; i < x.replay.size(); ++i) {
        const Event& e = x.replay.event(i);
        if (e.obj != inode) continue;
        if (i < dfree && e.kind == EventKind::Put && e.b == 0)
            iputSaid = x.sentence(i).starts_with("iput(inode " + ino + "): i_count 1 \u2192 0");
        if (i < dfree && e.kind == EventKind::DestroyInode)
            destroySaid = x.sentence(i).starts_with("destroy_inode(inode " + ino +
                                                    "): the inode is gone for the VFS "
                                                    "(nr_inodes \u2212 1)");
        if (e.kind == EventKind::Free && e.okind == ObjKind::Inode)
            freeSaid =
                i > dfree && e.task == kNoTask &&
                x.sentence(i).starts_with("i_callback: inode " + ino + "'s memory goes back");
    }
    QVERIFY(iputSaid);
    QVERIFY(destroySaid);
    QVERIFY(freeSaid);
}

void TestExplain::shrinkerKillsParent() {
    const Explained x("refcount-lifecycle");
    const uint32_t seq =
        x.find(EventKind::Put, "sched_switch", [](const Event& e) { return isPin(e) && e.b == 0; });
    QVERIFY(seq != kNever);
    VERIFY_HAS(x.sentence(seq), "sched_switch loses its last child's pin: count 1 \u2192 0.");
    VERIFY_HAS(x.sentence(seq), "the shrinker kills it too");
}

void TestExplain::revalidateFailure() {
    const Explained x("removal-while-open");
    const uint32_t seq =
        x.find(EventKind::Revalidate, "sched", [](const Event& e) { return e.a == 0; });
    QVERIFY(seq != kNever);
    QCOMPARE(x.sentence(seq),
             std::string("d_revalidate(sched) returns 0: the dentry is stale (its eventfs_inode is "
                         "being removed), so the walk d_invalidates it and looks the name up "
                         "afresh."));
    // the negative dentry of the fresh lookup is never hashed, so its last dput kills it
    const uint32_t last = x.find(EventKind::Put, "sched", [seq](const Event& e) {
        return e.seq > seq && e.b == 0 && !isPin(e);
    });
    QVERIFY(last != kNever);
    VERIFY_HAS(x.sentence(last), "It is unhashed and negative, so retain_dentry() lets it go");
}

void TestExplain::bug() {
    const Explained x("d_instantiate-crash");
    QVERIFY(!x.run.reports.empty());
    const Report& r = x.run.reports.front();
    QCOMPARE(r.kind, Report::Kind::Bug);
    const std::string s = x.sentence(r.seq);
    VERIFY_HAS(s, "BUG in d_instantiate(): kernel BUG at fs/dcache.c:2031!");
    VERIFY_HAS(s, "'" + x.ex.objectName(r.obj, x.replay.stateAt(r.seq)) + "'");
    VERIFY_HAS(s, "already positive");
    VERIFY_HAS(s, "kills task A");
}

void TestExplain::onlyStateChanges() {
    const Explained x("refcount-lifecycle");
    const std::string text = explain::formatExplain(x.run);
    std::istringstream in(text);
    std::string line;
    std::getline(in, line); // the header
    QVERIFY(line.starts_with("# v6.8"));
    size_t lines = 0;
    for (; std::getline(in, line); ++lines) {
        QVERIFY(line.starts_with("#"));
        const uint32_t seq = static_cast<uint32_t>(std::stoul(line.substr(1)));
        QVERIFY2(explain::changesState(x.replay.event(seq)), line.c_str());
    }
    size_t changes = 0;
    for (const Event& e : x.replay.events())
        changes += explain::changesState(e);
    QCOMPARE(lines, changes);
    QVERIFY(changes < x.replay.size() / 2); // function entry/exit and locks are most of the log
}

void TestExplain::everyEventHasASentence() {
    for (const char* name :
         {"refcount-lifecycle", "d_instantiate-crash", "removal-while-open",
          "getdents-tiny-buffers", "lookup-races-reader", "v6.6-rc1-underflow"}) {
        const Explained x(name);
        QVERIFY(x.replay.size() > 0);
        StateAt s = x.replay.stateAt(0);
        for (uint32_t i = 0; i < x.replay.size(); ++i) {
            const std::string text = x.ex.sentence(i, s);
            QVERIFY2(!text.empty() && (text.back() == '.' || text.back() == '!'),
                     (std::string(name) + " #" + std::to_string(i) + ": " + text).c_str());
            x.replay.apply(s, x.replay.event(i));
        }
    }
}

void TestExplain::stepByChange() {
    const Explained x("d_instantiate-crash");
    const auto events = x.replay.events();
    uint32_t visited = 0;
    for (uint32_t at = explain::nextChange(events, 0); at != kNever;
         at = explain::nextChange(events, at + 1)) {
        const EventKind k = events[at].kind;
        QVERIFY(k != EventKind::FuncEnter && k != EventKind::FuncExit &&
                k != EventKind::LockAcquire && k != EventKind::LockRelease &&
                k != EventKind::LockBlock);
        QCOMPARE(explain::previousChange(events, explain::nextChange(events, at + 1) == kNever
                                                     ? x.replay.size()
                                                     : explain::nextChange(events, at + 1)),
                 at);
        ++visited;
    }
    QVERIFY(visited > 0 && visited < x.replay.size());
}

void TestExplain::graphAtPeak_data() {
    QTest::addColumn<QString>("scenario");
    QTest::newRow("lifecycle") << QStringLiteral("refcount-lifecycle");
    QTest::newRow("crash") << QStringLiteral("d_instantiate-crash");
}

// At the step where 'sched' has its highest count, the graph has one holder arrow per reference:
// its children's pins, its open files, the tasks' walks.
void TestExplain::graphAtPeak() {
    QFETCH(QString, scenario);
    const Explained x(scenario.toStdString());
    ObjId sched = 0;
    int peak = -1;
    uint32_t at = 0;
    StateAt s = x.replay.stateAt(0);
    for (uint32_t i = 0; i < x.replay.size(); ++i) {
        const Event& e = x.replay.event(i);
        x.replay.apply(s, e);
        const ObjState& o = s.obj(e.obj);
        if (e.okind == ObjKind::Dentry && o.alive() && symbol(o.name) == "sched" &&
            o.count > peak) {
            peak = o.count;
            sched = e.obj;
            at = i + 1;
        }
    }
    QVERIFY(sched && peak > 1);
    const StateAt state = x.replay.stateAt(at);
    const auto g = explain::objectGraph(x.replay, state, sched, x.run);
    const auto holders = g.holders();
    QVERIFY2(holders.size() == size_t(peak), g.text().c_str());
    int pins = 0, files = 0, tasks = 0;
    for (const size_t h : holders) {
        const explain::GraphNode& n = g.nodes[g.edges[h].from];
        if (n.kind == explain::GraphNode::Kind::Task)
            ++tasks;
        else if (state.obj(n.id).kind == ObjKind::File)
            ++files;
        else if (state.obj(n.id).kind == ObjKind::Dentry) {
            ++pins;
            // a child of sched (the newest may not be linked yet: its pin is the last event)
            const ObjId parent = state.obj(n.id).parent;
            QVERIFY(parent == sched || (parent == 0 && x.replay.lifespan(n.id).allocSeq + 2 == at));
        }
    }
    QVERIFY(pins > 0 && files > 0);
    QCOMPARE(pins + files + tasks, peak);
    // and what sched holds: its parent events, its inode, its eventfs_inode
    const std::string text = g.text();
    QVERIFY2(text.find("-> dentry events") != std::string::npos, text.c_str());
    QVERIFY2(text.find("d_inode") != std::string::npos, text.c_str());
    // v6.8 (refcount-lifecycle) took a kref with get_ei; linux-next's d_fsdata held none.
    const bool kref = x.run.design == "v6.8";
    QCOMPARE(x.run.eventfs.kref, kref);
    QVERIFY2(text.find(kref ? "d_fsdata (get_ei)" : "d_fsdata (no reference)") != std::string::npos,
             text.c_str());
    // and the eventfs_inode's label shows its kref only where it has one
    QVERIFY2((text.find("kref") != std::string::npos) == kref, text.c_str());
}

// The kernel line beside ours: the file and function always, the line only where the era's
// report fixes it (the linux-next crash's decoded frames, kernel-reference.md §3.3-3.4).
void TestExplain::kernelSource() {
    using explain::kernelSourceText;
    QCOMPARE(kernelSourceText("d_instantiate", "", "next-20240104"),
             std::string("fs/dcache.c:2031 d_instantiate"));
    QCOMPARE(kernelSourceText("d_instantiate", "", "v6.8"),
             std::string("fs/dcache.c d_instantiate"));
    // v6.5's events directory comes from trace_events.c, though the name starts like
    // event_inode.c's create_dir / create_file
    QCOMPARE(kernelSourceText("create_event_toplevel_files", "", "v6.5-static"),
             std::string("kernel/trace/trace_events.c create_event_toplevel_files"));
    QCOMPARE(kernelSourceText("create_dir", "", "v6.7"),
             std::string("fs/tracefs/event_inode.c create_dir"));
    QCOMPARE(kernelSourceText("__lookup_slow", "eventfs_root_lookup", "next-20240104"),
             std::string("fs/namei.c:1694 __lookup_slow"));
    // the line is the call the frame was making: another callee, no line
    QCOMPARE(kernelSourceText("__lookup_slow", "simple_lookup", "next-20240104"),
             std::string("fs/namei.c __lookup_slow"));
    QCOMPARE(kernelSourceText("eventfs_iterate", "create_dir_dentry", "next-20240104"),
             std::string("fs/tracefs/event_inode.c:701 eventfs_iterate"));
    QCOMPARE(kernelSourceText("tracefs_d_revalidate", "", "v6.8"),
             std::string("fs/tracefs/inode.c tracefs_d_revalidate"));
    QCOMPARE(kernelSourceText("dput", "", "v6.8"), std::string("fs/dcache.c dput"));
    // every kernel function on the stacks of these runs has a file
    for (const char* name : {"d_instantiate-crash", "removal-while-open", "v6.6-rc1-underflow",
                             "getdents-tiny-buffers", "lookup-races-reader"}) {
        const Explained x(name);
        for (const CallFrame& f : x.replay.calls())
            if (f.fn)
                QVERIFY2(!kernelSourceText(symbol(f.fn), "", x.run.design).empty(),
                         std::string(symbol(f.fn)).c_str());
    }
}

QTEST_GUILESS_MAIN(TestExplain)
#include "tst_explain.moc"
