// SPDX-License-Identifier: GPL-2.0-or-later
// The exporters (core/export): Chrome trace JSON, JSON Lines and the strace-like text, on the
// built-in scenarios. The strace text of every built-in scenario is compared with
// tests/golden/<name>.strace; DENTRYSCOPE_UPDATE_GOLDEN=1 rewrites the goldens instead.

#include "export/chrome.h"
#include "export/jsonl.h"
#include "export/strace.h"
#include "scenario/runner.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace ds;
using nlohmann::json;

namespace {

scenario::RunResult runBuiltin(const std::string& name) {
    std::vector<scenario::ParseError> errors;
    const auto sc = scenario::loadScenario(name, errors);
    if (!sc) {
        for (const auto& e : errors)
            qWarning("%s", e.format().c_str());
        return {};
    }
    return scenario::runScenario(*sc);
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

std::string goldenPath(const std::string& name) {
    return std::string(DENTRYSCOPE_TESTS_DIR) + "/golden/" + name + ".strace";
}

bool readFile(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

std::string clip(const std::string& s) {
    return s.size() > 300 ? s.substr(0, 300) + "..." : s;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void chromeTrace();
    void jsonLines();
    void straceCrash();
    void deterministic();
    void syscallRecordsCarrySeqs_data();
    void syscallRecordsCarrySeqs();
    void golden_data();
    void golden();

private:
    scenario::RunResult crash_;
};

void TestExport::initTestCase() {
    crash_ = runBuiltin("d_instantiate-crash");
    QVERIFY2(crash_.error.empty(), crash_.error.c_str());
    QVERIFY(!crash_.events.empty());
    QVERIFY(!crash_.reports.empty());
}

void TestExport::chromeTrace() {
    const std::string text = exporter::formatChromeTrace(crash_);
    QVERIFY(text.starts_with("{\"displayTimeUnit\":\"ns\""));
    nlohmann::ordered_json doc;
    try {
        doc = nlohmann::ordered_json::parse(text);
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
    QVERIFY(doc.is_object());
    QCOMPARE(doc.begin().key(), std::string("displayTimeUnit"));
    QCOMPARE(doc["displayTimeUnit"].get<std::string>(), std::string("ns"));
    const auto& events = doc["traceEvents"];
    QVERIFY(events.is_array());

    std::set<std::string> taskThreads, processes;
    std::map<std::pair<int, int>, std::vector<std::string>> stacks;
    std::map<int, int> lifetimes; // dcache tid -> X events
    std::set<int> dcacheThreads;
    int counters = 0, refcounts = 0, live = 0, instants = 0;
    double lastTs = -1;
    for (const auto& e : events) {
        QVERIFY(e.contains("name") && e.contains("ph") && e.contains("ts") && e.contains("pid") &&
                e.contains("tid"));
        const std::string ph = e["ph"];
        const int pid = e["pid"], tid = e["tid"];
        const std::string name = e["name"];
        if (ph == "M") {
            if (name == "thread_name" && pid == 1)
                taskThreads.insert(e["args"]["name"].get<std::string>());
            if (name == "thread_name" && pid == 2) dcacheThreads.insert(tid);
            if (name == "process_name") processes.insert(e["args"]["name"].get<std::string>());
            continue;
        }
        const double ts = e["ts"].get<double>();
        if (ph == "B" || ph == "E") {
            QVERIFY2(ts >= lastTs, name.c_str()); // spans come in time order
            lastTs = ts;
        }
        if (ph == "B") {
            stacks[{pid, tid}].push_back(name);
        } else if (ph == "E") {
            auto& st = stacks[{pid, tid}];
            QVERIFY2(!st.empty(), ("E without B: " + name).c_str());
            QCOMPARE(st.back(), name);
            st.pop_back();
        } else if (ph == "X") {
            QCOMPARE(pid, 2);
            QVERIFY(e["dur"].get<double>() >= 0);
            ++lifetimes[tid];
        } else if (ph == "C") {
            ++counters;
            QVERIFY(e["args"].contains("value"));
            if (name.starts_with("refcount ")) ++refcounts;
            if (name == "live dentries" || name == "live inodes") ++live;
        } else if (ph == "I" || ph == "i") {
            ++instants;
        }
    }
    QVERIFY(taskThreads.count("A"));
    QVERIFY(taskThreads.count("B"));
    QVERIFY(processes.count("tasks"));
    QVERIFY(processes.count("dcache"));
    for (const auto& [key, st] : stacks)
        QVERIFY2(st.empty(), ("unbalanced B/E on tid " + std::to_string(key.second)).c_str());

    // One lifetime per dentry the run allocated, each on its own named lane.
    int dentries = 0;
    for (const Event& e : crash_.events)
        dentries += e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry;
    QCOMPARE(static_cast<int>(lifetimes.size()), dentries);
    for (const auto& [tid, n] : lifetimes) {
        QCOMPARE(n, 1);
        QVERIFY(dcacheThreads.count(tid));
    }
    QVERIFY(refcounts > 0);
    QVERIFY(live > 0);
    QVERIFY(counters == refcounts + live);
    QVERIFY(instants > 0);
    // The BUG is an instant event on task A's lane.
    bool bug = false;
    for (const auto& e : events)
        bug |= e["ph"] == "I" && e["name"] == "kernel BUG at fs/dcache.c:2031!" && e["tid"] == 1 &&
               e["pid"] == 1;
    QVERIFY(bug);
}

void TestExport::jsonLines() {
    const std::string text = exporter::formatJsonl(crash_);
    size_t events = 0, syscalls = 0, reports = 0, getdents = 0, offsets = 0;
    for (const std::string& line : splitLines(text)) {
        json j;
        try {
            j = json::parse(line);
        } catch (const std::exception& e) {
            QFAIL((std::string(e.what()) + ": " + clip(line)).c_str());
        }
        QVERIFY(j.is_object());
        const std::string type = j["type"];
        if (type == "event") {
            QCOMPARE(j["seq"].get<size_t>(), events); // every event, in order
            ++events;
            QVERIFY(j.contains("kind") && j.contains("obj_kind") && j.contains("sym") &&
                    j.contains("src"));
            QVERIFY(j["task"].is_null() || j["task"].is_string());
            if (!j["src"].is_null()) QVERIFY(j["src"].get<std::string>().starts_with("core/"));
        } else if (type == "syscall") {
            ++syscalls;
            if (j["call"] == "getdents64" && j.contains("entries")) {
                ++getdents;
                int64_t previous = 0;
                for (const auto& d : j["entries"]) {
                    QVERIFY(d.contains("d_ino") && d.contains("d_off") && d.contains("d_name"));
                    QVERIFY(d["d_type"] == "DT_DIR" || d["d_type"] == "DT_REG");
                    QVERIFY(d["d_off"].get<int64_t>() > 0);
                    QVERIFY(d["d_off"].get<int64_t>() >= previous);
                    previous = d["d_off"].get<int64_t>();
                    ++offsets;
                }
            }
        } else if (type == "report") {
            ++reports;
            QVERIFY(j["stack"].is_array());
            if (j["kind"] == "bug") {
                QCOMPARE(j["function"].get<std::string>(), std::string("d_instantiate"));
                QCOMPARE(j["headline"].get<std::string>(),
                         std::string("kernel BUG at fs/dcache.c:2031!"));
                QCOMPARE(j["stack"][0].get<std::string>(), std::string("d_instantiate"));
            }
        }
    }
    QCOMPARE(events, crash_.events.size());
    QCOMPARE(reports, crash_.reports.size());
    QVERIFY(syscalls >= crash_.records.size());
    QVERIFY(getdents >= 1);
    QVERIFY(offsets >= 3);
}

void TestExport::straceCrash() {
    const std::string text = exporter::formatStrace(crash_);
    QVERIFY(text.find("[A] openat(AT_FDCWD, \"/sys/kernel/tracing/events/sched\", "
                      "O_RDONLY|O_DIRECTORY) = 3\n") != std::string::npos);
    QVERIFY(text.find("[B] getdents64(3, [{d_ino=") != std::string::npos);
    QVERIFY(text.find("[  sim] kernel BUG at fs/dcache.c:2031!\n") != std::string::npos);
    QVERIFY(text.find("[A] +++ killed by SIGSEGV +++\n") != std::string::npos);
    QVERIFY(text.find("expect bug d_instantiate: ok\n") != std::string::npos);
    // The oops comes where it happened: after B's listing, before A is killed.
    QVERIFY(text.find("[B] getdents64") < text.find("kernel BUG at"));
    QVERIFY(text.find("kernel BUG at") < text.find("+++ killed"));
}

void TestExport::deterministic() {
    const scenario::RunResult again = runBuiltin("d_instantiate-crash");
    QVERIFY(exporter::formatJsonl(again) == exporter::formatJsonl(crash_));
    QVERIFY(exporter::formatChromeTrace(again) == exporter::formatChromeTrace(crash_));
}

void TestExport::syscallRecordsCarrySeqs_data() {
    golden_data();
}

// Every syscall record points at its own SyscallEnter and SyscallExit events (same task, enter
// before exit, the exit's value is the result). A call whose task died never returns and has
// no record.
void TestExport::syscallRecordsCarrySeqs() {
    QFETCH(QString, name);
    const scenario::RunResult res = runBuiltin(name.toStdString());
    QVERIFY(!res.records.empty());
    for (const SyscallRecord& r : res.records) {
        const QString what = QString::fromStdString(r.name + "(" + r.args + ")");
        if (r.name == "ls" || r.name == "ls -R") {
            QVERIFY2(r.enterSeq < r.exitSeq && r.exitSeq < res.events.size(), qPrintable(what));
            QCOMPARE(res.events[r.enterSeq].kind, EventKind::SyscallEnter);
            QCOMPARE(res.events[r.exitSeq].kind, EventKind::SyscallExit);
            continue;
        }
        QVERIFY2(r.enterSeq < res.events.size(), qPrintable(what));
        const Event& enter = res.events[r.enterSeq];
        QCOMPARE(enter.kind, EventKind::SyscallEnter);
        QCOMPARE(enter.task, r.task);
        QVERIFY2(r.enterSeq < r.exitSeq && r.exitSeq < res.events.size(), qPrintable(what));
        const Event& exit = res.events[r.exitSeq];
        QCOMPARE(exit.kind, EventKind::SyscallExit);
        QCOMPARE(exit.task, r.task);
        QCOMPARE(exit.sym, enter.sym);
        QCOMPARE(static_cast<int64_t>(exit.a), r.ret);
    }
}

void TestExport::golden_data() {
    QTest::addColumn<QString>("name");
    const auto list = scenario::builtinScenarios();
    QVERIFY(!list.empty());
    for (const auto& [name, summary] : list)
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestExport::golden() {
    QFETCH(QString, name);
    const scenario::RunResult res = runBuiltin(name.toStdString());
    const std::string actual = exporter::formatStrace(res);
    const std::string path = goldenPath(name.toStdString());
    if (qEnvironmentVariableIntValue("DENTRYSCOPE_UPDATE_GOLDEN") == 1) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << actual;
        QVERIFY2(out.good(), ("cannot write " + path).c_str());
        qInfo("rewrote %s", path.c_str());
        return;
    }
    std::string expected;
    QVERIFY2(readFile(path, expected),
             ("missing " + path + " (run with DENTRYSCOPE_UPDATE_GOLDEN=1 to create it)").c_str());
    if (actual == expected) return;
    const std::vector<std::string> a = splitLines(actual), e = splitLines(expected);
    size_t i = 0;
    while (i < a.size() && i < e.size() && a[i] == e[i])
        ++i;
    const std::string message =
        path + " differs at line " + std::to_string(i + 1) + ":\n--- expected\n-" +
        (i < e.size() ? clip(e[i]) : std::string("<end of file>")) + "\n+++ actual\n+" +
        (i < a.size() ? clip(a[i]) : std::string("<end of output>")) +
        "\n(DENTRYSCOPE_UPDATE_GOLDEN=1 rewrites the goldens)";
    QFAIL(message.c_str());
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
