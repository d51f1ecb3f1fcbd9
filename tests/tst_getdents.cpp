// SPDX-License-Identifier: GPL-2.0-or-later
// The getdents pane's model (core/replay/getdents): stepping through getdents-tiny-buffers event
// by event, the user buffer it shows holds, record by record, what strace prints for the call
// (names, d_off, d_reclen, buffer offsets, return values); the -EINVAL call; the slots v6.8
// passes over (unused before a child directory, hidden by an event file's callback); and where
// v6.7's dcache_readdir leaves its cursor among the children.
#include "replay/getdents.h"
#include "scenario/parser.h"
#include "scenario/runner.h"
#include "trace/uapi.h"

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace ds;
using namespace ds::scenario;

namespace {

struct Loaded {
    RunResult run;
    std::unique_ptr<Replay> replay;
};

std::unique_ptr<Loaded> runScenarioText(const std::string& text) {
    const ParseResult parsed = parseScenario(text, "t.scn", defaultParserContext());
    if (!parsed.ok()) return nullptr;
    auto l = std::make_unique<Loaded>();
    l->run = runScenario(*parsed.scenario);
    l->replay = std::make_unique<Replay>(
        std::span<const Event>(l->run.events.data(), l->run.events.size()));
    return l;
}

std::unique_ptr<Loaded> runBuiltin(const std::string& name, const std::string& design = {}) {
    std::vector<ParseError> errors;
    std::optional<Scenario> sc = loadScenario(name, errors);
    if (!sc) return nullptr;
    if (!design.empty()) sc->design = design;
    auto l = std::make_unique<Loaded>();
    l->run = runScenario(*sc);
    l->replay = std::make_unique<Replay>(
        std::span<const Event>(l->run.events.data(), l->run.events.size()));
    return l;
}

// The strace line of a call, from the pane's model at the step after it returned.
std::string straceLine(const GetdentsAt& g, const std::string& task) {
    std::string list;
    for (const DirentAt& d : g.records) {
        if (!list.empty()) list += ", ";
        list += "{d_ino=" + (d.ino ? std::to_string(*d.ino) : std::string("?")) +
                ", d_off=" + (d.dOff ? std::to_string(*d.dOff) : std::string("?")) +
                ", d_reclen=" + std::to_string(d.reclen) +
                ", d_type=" + std::string(dtypeName(d.type)) + ", d_name=\"" + d.name + "\"}";
    }
    const int64_t ret = g.willReturn.value_or(0);
    const std::string result = ret < 0
                                   ? "-1 " + std::string(errnoName(static_cast<int>(-ret))) + " (" +
                                         std::string(errnoDescription(static_cast<int>(-ret))) + ")"
                                   : std::to_string(ret);
    return "[" + task + "] getdents64(" + std::to_string(g.fd) + ", [" + list + "], " +
           std::to_string(g.count) + ") = " + result;
}

std::vector<std::string> goldenGetdentsLines(const std::string& name) {
    std::ifstream in(std::string(DENTRYSCOPE_TESTS_DIR "/golden/") + name + ".strace");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (line.find("] getdents64(") != std::string::npos) out.push_back(line);
    return out;
}

std::vector<const SyscallRecord*> getdentsCalls(const Run& run) {
    std::vector<const SyscallRecord*> out;
    for (const SyscallRecord& r : run.records)
        if (r.name == "getdents64") out.push_back(&r);
    return out;
}

QString slotsText(const GetdentsAt& g) {
    std::string out;
    for (const SlotAt& s : g.positions) {
        out += std::to_string(s.pos) + ":";
        switch (s.state) {
        case SlotAt::State::Emitted:
            out += s.name;
            break;
        case SlotAt::State::NoRoom:
            out += s.name + "(no room)";
            break;
        case SlotAt::State::Hidden:
            out += s.name + "(hidden)";
            break;
        case SlotAt::State::Removed:
            out += s.name + "(removed)";
            break;
        case SlotAt::State::Unused:
            out += "-";
            break;
        }
        out += " ";
    }
    return QString::fromStdString(out);
}

} // namespace

class TestGetdents : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recordByRecordAgainstStrace();
    void einvalWhenNothingFits();
    void dOffSkipsTheSlotBeforeAChildDirectory();
    void callbackHiddenSlots();
    void cursorUnderV67();
    void stepBackRewinds();
};

// Every step inside every getdents64 call: the buffer holds a prefix of the call's records, at
// the offsets their sizes give, each d_off written once the next record fits; after the call the
// model prints exactly the golden strace line.
void TestGetdents::recordByRecordAgainstStrace() {
    auto l = runBuiltin("getdents-tiny-buffers");
    QVERIFY(l);
    const auto calls = getdentsCalls(l->run);
    const auto golden = goldenGetdentsLines("getdents-tiny-buffers");
    QCOMPARE(calls.size(), size_t(7));
    QCOMPARE(golden.size(), calls.size());
    for (size_t c = 0; c < calls.size(); ++c) {
        const SyscallRecord& rec = *calls[c];
        size_t seen = 0;
        for (uint32_t k = rec.enterSeq + 1; k <= rec.exitSeq + 1; ++k) {
            const GetdentsAt g = getdentsAt(l->run, *l->replay, l->replay->seek(k), rec.task);
            QVERIFY(g.found);
            QCOMPARE(g.enterSeq, rec.enterSeq);
            QCOMPARE(g.inCall, k <= rec.exitSeq);
            QCOMPARE(g.willReturn.value_or(-999), rec.ret);
            QVERIFY(g.records.size() <= rec.entries.size());
            QVERIFY(g.records.size() >= seen); // one record at a time, never more than one step
            QVERIFY(g.records.size() <= seen + 1);
            seen = g.records.size();
            int64_t off = 0;
            for (size_t i = 0; i < g.records.size(); ++i) {
                const DirentAt& d = g.records[i];
                const DirEntry& e = rec.entries[i];
                QCOMPARE(d.name, e.name);
                QCOMPARE(d.bufOff, off);
                QCOMPARE(d.reclen, int64_t(e.reclen));
                QCOMPARE(d.type, e.type);
                QCOMPARE(d.ino.value_or(0), e.ino);
                if (d.dOff) QCOMPARE(*d.dOff, e.off);
                // only the newest record may still have d_off 0
                if (i + 1 < g.records.size()) QVERIFY(d.dOff.has_value());
                off += d.reclen;
            }
            QCOMPARE(g.written, off);
            if (k == rec.exitSeq + 1) {
                QCOMPARE(g.records.size(), rec.entries.size());
                QCOMPARE(straceLine(g, "A"), golden[c]);
                QCOMPARE(g.calls.size(), c + 1); // every call on the fd so far
                QCOMPARE(g.calls.back().ret.value_or(-999), rec.ret);
                QCOMPARE(g.calls.back().records, int(rec.entries.size()));
            }
        }
        QCOMPARE(seen, rec.entries.size());
    }
}

// getdents64(fd, 16): "." needs 24 bytes; nothing is written and the call returns -EINVAL.
void TestGetdents::einvalWhenNothingFits() {
    auto l = runBuiltin("getdents-tiny-buffers");
    QVERIFY(l);
    const SyscallRecord& rec = *getdentsCalls(l->run).front();
    QCOMPARE(rec.ret, int64_t(-EINVAL_));
    bool sawNoRoom = false;
    for (uint32_t k = rec.enterSeq + 1; k <= rec.exitSeq + 1; ++k) {
        const GetdentsAt g = getdentsAt(l->run, *l->replay, l->replay->seek(k), rec.task);
        QVERIFY(g.records.empty());
        QCOMPARE(g.count, int64_t(16));
        if (!g.noRoom) continue;
        if (!sawNoRoom) QVERIFY(g.noRoomIsCurrent); // shown as the step that tried it
        sawNoRoom = true;
        QCOMPARE(g.noRoom->name, std::string("."));
        QCOMPARE(g.noRoom->reclen, int64_t(24));
        QCOMPARE(g.noRoom->bufOff, int64_t(0));
        QCOMPARE(g.noRoom->left, int64_t(16));
        QCOMPARE(g.noRoom->pos, int64_t(0));
    }
    QVERIFY(sawNoRoom);
    const GetdentsAt after =
        getdentsAt(l->run, *l->replay, l->replay->seek(rec.exitSeq + 1), rec.task);
    QCOMPARE(after.willReturn.value_or(0), int64_t(-EINVAL_));
    QCOMPARE(after.fPos, int64_t(0)); // nothing consumed: the next call starts at "." again
}

// v6.8 bumps ctx->pos before each child directory: the 64-byte call stops at "sched_switch"
// (pos 5, no room) and gives the slot back, so "enable" gets d_off 4; the 100-byte call starts
// there, writes sched_switch at pos 5 and sched_wakeup at 6, both with d_off 6; slot 4 is never
// used. This is what the pane shows for the "repeated d_off" of the issue.
void TestGetdents::dOffSkipsTheSlotBeforeAChildDirectory() {
    auto l = runBuiltin("getdents-tiny-buffers");
    QVERIFY(l);
    const auto calls = getdentsCalls(l->run);
    const SyscallRecord& c64 = *calls[3];
    const GetdentsAt g64 =
        getdentsAt(l->run, *l->replay, l->replay->seek(c64.exitSeq + 1), c64.task);
    QCOMPARE(g64.count, int64_t(64));
    QVERIFY(g64.noRoom);
    QCOMPARE(g64.noRoom->name, std::string("sched_switch"));
    QCOMPARE(g64.noRoom->pos, int64_t(5));
    QCOMPARE(g64.noRoom->bufOff, int64_t(64));
    QCOMPARE(g64.noRoom->left, int64_t(0));
    QCOMPARE(g64.records.back().dOff.value_or(0), int64_t(4));
    QCOMPARE(g64.fPos, int64_t(4));

    const SyscallRecord& c100 = *calls[4];
    const GetdentsAt g100 =
        getdentsAt(l->run, *l->replay, l->replay->seek(c100.exitSeq + 1), c100.task);
    QCOMPARE(g100.startPos, int64_t(4));
    QCOMPARE(g100.records.size(), size_t(2));
    QCOMPARE(g100.records[0].pos, int64_t(5));
    QCOMPARE(g100.records[1].pos, int64_t(6));
    QCOMPARE(g100.records[0].dOff.value_or(0), int64_t(6));
    QCOMPARE(g100.records[1].dOff.value_or(0), int64_t(6));
    QCOMPARE(slotsText(g100), QLatin1String("0:. 1:.. 2:filter 3:enable 4:- 5:sched_switch "
                                            "6:sched_wakeup "));
    // the calls on the fd so far: where each one resumed
    QCOMPARE(g100.calls.size(), size_t(5));
    const int64_t starts[] = {0, 0, 1, 2, 4};
    const int64_t rets[] = {-EINVAL_, 24, 24, 64, 64};
    for (size_t i = 0; i < 5; ++i) {
        QCOMPARE(g100.calls[i].startPos, starts[i]);
        QCOMPARE(g100.calls[i].ret.value_or(-999), rets[i]);
    }
}

// An ftrace event directory: enable, filter, trigger and id are hidden by the event's callback
// and still take their positions; the pane marks them and the d_off values jump over them.
void TestGetdents::callbackHiddenSlots() {
    auto l = runScenarioText("design v6.8\ntree small\n"
                             "task A: r0 = open(\"/sys/kernel/tracing/events/ftrace/timerlat\", "
                             "O_RDONLY|O_DIRECTORY)\n"
                             "task A: getdents64(r0, 4096)\n"
                             "task A: close(r0)\n");
    QVERIFY(l);
    const SyscallRecord& rec = *getdentsCalls(l->run).front();
    const GetdentsAt g = getdentsAt(l->run, *l->replay, l->replay->seek(rec.exitSeq + 1), rec.task);
    QCOMPARE(slotsText(g), QLatin1String("0:. 1:.. 2:enable(hidden) 3:filter(hidden) "
                                         "4:trigger(hidden) 5:format 6:id(hidden) "));
    QCOMPARE(g.records.size(), size_t(3));
    QCOMPARE(g.records[1].name, std::string(".."));
    QCOMPARE(g.records[1].dOff.value_or(0), int64_t(5));
    QCOMPARE(g.records[2].dOff.value_or(0), int64_t(7));
    for (size_t i = 0; i < g.records.size(); ++i)
        QCOMPARE(g.records[i].dOff.value_or(0), rec.entries[i].off);
}

// v6.7 lists with dcache_readdir: after each call that stopped early its cursor dentry sits in
// the directory's child list just before the child that did not fit (just after the last one
// written); at the end of the directory it leaves the list.
void TestGetdents::cursorUnderV67() {
    auto l = runBuiltin("getdents-tiny-buffers", "v6.7");
    QVERIFY(l);
    int checked = 0;
    for (const SyscallRecord* rec : getdentsCalls(l->run)) {
        const GetdentsAt g =
            getdentsAt(l->run, *l->replay, l->replay->seek(rec->exitSeq + 1), rec->task);
        QVERIFY2(g.cursor != 0, (l->run.design + "\n" + formatGetdents(g)).c_str());
        std::vector<std::string> order; // positive children and our cursor, in list order
        for (const ChildAt& c : g.children)
            if (c.ours || c.positive) order.push_back(c.ours ? "<cursor>" : c.name);
        const auto at = std::find(order.begin(), order.end(), std::string("<cursor>"));
        QCOMPARE(at != order.end(), g.cursorOnList);
        const bool wroteChildren =
            !g.records.empty() && g.records.back().name != "." && g.records.back().name != "..";
        if (g.noRoom && wroteChildren) {
            QVERIFY2(g.cursorOnList, formatGetdents(g).c_str());
            QVERIFY(at != order.begin() && at + 1 != order.end());
            QCOMPARE(*(at - 1), g.records.back().name);
            QCOMPARE(*(at + 1), g.noRoom->name);
            ++checked;
        }
        if (rec->ret == 0) QVERIFY2(!g.cursorOnList, formatGetdents(g).c_str());
    }
    QVERIFY(checked >= 1);
}

// The model is a function of the step: going back gives what going forward gave.
void TestGetdents::stepBackRewinds() {
    auto l = runBuiltin("getdents-tiny-buffers");
    QVERIFY(l);
    const TaskId a = 0;
    std::vector<std::string> forward;
    for (uint32_t k = 0; k <= l->replay->size(); ++k)
        forward.push_back(formatGetdents(getdentsAt(l->run, *l->replay, l->replay->seek(k), a)));
    for (uint32_t k = l->replay->size() + 1; k-- > 0;)
        QCOMPARE(formatGetdents(getdentsAt(l->run, *l->replay, l->replay->seek(k), a)), forward[k]);
}

QTEST_APPLESS_MAIN(TestGetdents)
#include "tst_getdents.moc"
