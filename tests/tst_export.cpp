// SPDX-License-Identifier: GPL-2.0-or-later
// The exporters (core/export): Chrome trace JSON, JSON Lines and the strace-like text, on the
// built-in scenarios. Each export of every built-in scenario is compared with
// tests/golden/<name>.strace, .jsonl and .chrome.json (the two listings of the full tree: strace
// only, their JSON runs to 40-75 MB); DENTRYSCOPE_UPDATE_GOLDEN=1 rewrites the goldens instead.
// The exports stream through a Sink in chunks, and stop formatting when a write fails.

#include "export/chrome.h"
#include "export/jsonl.h"
#include "export/sink.h"
#include "export/strace.h"
#include "scenario/runner.h"
#include "trace/symbols.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

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

std::string goldenPath(const std::string& name, const std::string& ext) {
    return std::string(DENTRYSCOPE_TESTS_DIR) + "/golden/" + name + ext;
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
    void escapesAndBadUtf8();
    void streamsInChunks();
    void stopsWhenTheOutputFails();
    void syscallRecordsCarrySeqs_data();
    void syscallRecordsCarrySeqs();
    void golden_data();
    void golden();
    void goldenJson_data();
    void goldenJson();
    void goldenComparisonIgnoresOnlySourceLines();

private:
    scenario::RunResult crash_;
};

void TestExport::initTestCase() {
    crash_ = runBuiltin("d_instantiate-crash");
    QVERIFY2(crash_.error.empty(), crash_.error.c_str());
    QVERIFY(!crash_.events.empty());
    QVERIFY(!crash_.reports.empty());
}

// The Chrome trace as a viewer reads it: microseconds (no displayTimeUnit), a cat on every
// event, complete (X) spans nested as the tasks' call stacks, counters named for Perfetto, and
// flows from a dget to its dput and from B's d_instantiate to the BUG on A's lane.
void TestExport::chromeTrace() {
    const std::string text = exporter::formatChromeTrace(crash_);
    QVERIFY(text.starts_with("{\"traceEvents\":["));
    json doc;
    try {
        doc = json::parse(text);
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
    QVERIFY(!doc.contains("displayTimeUnit"));
    const auto& events = doc["traceEvents"];
    QVERIFY(events.is_array());

    struct Span {
        uint64_t ts, dur;
        std::string name;
    };
    std::map<int, std::vector<Span>> spans; // task tid -> its X events
    std::set<std::string> taskThreads, processes, counterNames;
    std::map<int, int> lifetimes; // dcache tid -> X events
    std::set<int> dcacheThreads;
    std::set<std::tuple<uint64_t, int, int, std::string>> bindable; // ts, pid, tid, cat
    std::map<uint64_t, std::vector<json>> flows;                    // id -> s, f
    int refcounts = 0, live = 0;
    for (const auto& e : events) {
        QVERIFY(e.contains("name") && e.contains("ph") && e.contains("ts") && e.contains("pid") &&
                e.contains("tid"));
        QVERIFY2(e.contains("cat") && e["cat"].is_string(), e.dump().c_str());
        QVERIFY(e["ts"].is_number_unsigned()); // whole microseconds
        const std::string ph = e["ph"], name = e["name"], cat = e["cat"];
        const int pid = e["pid"], tid = e["tid"];
        QVERIFY2(ph != "B" && ph != "E", name.c_str());
        if (ph == "M") {
            if (name == "thread_name" && pid == 1)
                taskThreads.insert(e["args"]["name"].get<std::string>());
            if (name == "thread_name" && pid == 2) dcacheThreads.insert(tid);
            if (name == "process_name") processes.insert(e["args"]["name"].get<std::string>());
        } else if (ph == "X" && pid == 1) {
            QVERIFY(cat == "syscall" || cat == "function");
            spans[tid].push_back({e["ts"].get<uint64_t>(), e["dur"].get<uint64_t>(), name});
        } else if (ph == "X") {
            QCOMPARE(cat, std::string("dentry"));
            ++lifetimes[tid];
        } else if (ph == "C") {
            counterNames.insert(name);
            if (name == "dcache") {
                QVERIFY(e["args"].contains("dentries") && e["args"].contains("inodes"));
                ++live;
            } else {
                QVERIFY2(name.starts_with("/sys/kernel/tracing"), name.c_str());
                QVERIFY(e["args"].contains("d_lockref.count"));
                ++refcounts;
            }
        } else if (ph == "s" || ph == "f") {
            flows[e["id"].get<uint64_t>()].push_back(e);
        }
        if (ph == "i" || ph == "X") bindable.insert({e["ts"].get<uint64_t>(), pid, tid, cat});
    }
    QVERIFY(taskThreads.count("A") && taskThreads.count("B"));
    QVERIFY(processes.count("tasks") && processes.count("dcache"));

    // Each task's spans, sorted by start (outer first), nest as its call stack did.
    std::map<int, std::vector<std::pair<uint32_t, std::string>>> expected; // tid -> (seq, path)
    std::map<int, std::vector<std::string>> stack;
    for (const Event& e : crash_.events) {
        const int tid = e.task == kNoTask ? int(crash_.taskNames.size()) + 1 : int(e.task) + 1;
        auto& st = stack[tid];
        if (e.kind == EventKind::SyscallEnter || e.kind == EventKind::FuncEnter) {
            st.emplace_back(symbol(e.sym));
            std::string path;
            for (const auto& f : st)
                path += "/" + f;
            expected[tid].push_back({e.seq, path});
        } else if ((e.kind == EventKind::SyscallExit || e.kind == EventKind::FuncExit) &&
                   !st.empty()) {
            st.pop_back();
        } else if (e.kind == EventKind::TaskExit && e.a) {
            stack[int(e.obj) + 1].clear();
        }
    }
    QCOMPARE(spans.size(), expected.size());
    for (auto& [tid, list] : spans) {
        std::sort(list.begin(), list.end(), [](const Span& a, const Span& b) {
            return a.ts != b.ts ? a.ts < b.ts : a.dur > b.dur;
        });
        std::vector<const Span*> open;
        std::vector<std::pair<uint32_t, std::string>> got;
        for (const Span& sp : list) {
            while (!open.empty() && open.back()->ts + open.back()->dur <= sp.ts)
                open.pop_back();
            if (!open.empty()) // inside its parent, end included
                QVERIFY2(sp.ts + sp.dur <= open.back()->ts + open.back()->dur, sp.name.c_str());
            open.push_back(&sp);
            std::string path;
            for (const Span* f : open)
                path += "/" + f->name;
            got.push_back({static_cast<uint32_t>(sp.ts), path});
        }
        QCOMPARE(got, expected[tid]);
    }

    // One lifetime per dentry the run allocated, each on its own named lane.
    int dentries = 0;
    for (const Event& e : crash_.events)
        dentries += e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry;
    QCOMPARE(static_cast<int>(lifetimes.size()), dentries);
    for (const auto& [tid, n] : lifetimes) {
        QCOMPARE(n, 1);
        QVERIFY(dcacheThreads.count(tid));
    }
    QVERIFY(refcounts > 0 && live > 0);

    // Flows: a start and an end of the same name and cat, each on an event it binds to.
    int refFlows = 0, bugFlows = 0;
    for (const auto& [id, pair] : flows) {
        QCOMPARE(pair.size(), size_t(2));
        QCOMPARE(pair[0]["ph"].get<std::string>(), std::string("s"));
        QCOMPARE(pair[1]["ph"].get<std::string>(), std::string("f"));
        QVERIFY(pair[0]["name"] == pair[1]["name"]);
        QVERIFY(pair[0]["ts"].get<uint64_t>() < pair[1]["ts"].get<uint64_t>());
        for (const auto& end : pair)
            QVERIFY(bindable.count({end["ts"].get<uint64_t>(), end["pid"].get<int>(),
                                    end["tid"].get<int>(), end["cat"].get<std::string>()}));
        if (pair[0]["name"] == "dget → dput") ++refFlows;
        if (pair[0]["name"] == "d_instantiate → report") {
            ++bugFlows;
            QCOMPARE(pair[0]["tid"].get<int>(), 2); // B instantiated
            QCOMPARE(pair[1]["tid"].get<int>(), 1); // A hit the BUG
        }
    }
    QVERIFY(refFlows > 0);
    QCOMPARE(bugFlows, 1);
    // The BUG is an instant event on task A's lane.
    bool bug = false;
    for (const auto& e : events)
        bug |= e["ph"] == "i" && e["name"] == "kernel BUG at fs/dcache.c:2031!" && e["tid"] == 1 &&
               e["pid"] == 1 && e["cat"] == "report";
    QVERIFY(bug);
}

void TestExport::jsonLines() {
    const std::string text = exporter::formatJsonl(crash_);
    {
        const json first = json::parse(text.substr(0, text.find('\n')));
        QCOMPARE(first["schema"].get<std::string>(), std::string("dentryscope-jsonl/1"));
        QCOMPARE(first["type"].get<std::string>(), std::string("run"));
        QCOMPARE(first["event_count"].get<size_t>(), crash_.events.size());
    }
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
        if (type == "run") continue;
        if (type == "event") {
            QCOMPARE(j["seq"].get<size_t>(), events); // every event, in order
            ++events;
            QVERIFY(j.contains("kind") && j.contains("object_kind") && j.contains("object") &&
                    j.contains("source"));
            QVERIFY(j["task"].is_null() || j["task"].is_string());
            if (!j["source"].is_null())
                QVERIFY(j["source"].get<std::string>().starts_with("core/"));
            // a and b under their meaning: a reference count before and after
            if (j["kind"] == "get")
                QCOMPARE(j["count_after"].get<int>(), j["count_before"].get<int>() + 1);
            if (j["kind"] == "syscall_enter") QVERIFY(j["syscall"].is_string());
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

namespace {

// The engine's source positions ("core/vfs/namei.cpp:242") with their line numbers blanked, so that
// an edit of an engine file does not rewrite every JSON golden; the file names still compare.
std::string withoutSourceLines(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        const size_t at = text.find("core/", i);
        if (at == std::string::npos) break;
        size_t j = at;
        while (j < text.size() && text[j] != ':' && text[j] != '"' && text[j] != '\n')
            ++j;
        out.append(text, i, j - i);
        i = j;
        if (j < text.size() && text[j] == ':' && j + 1 < text.size() &&
            std::isdigit(static_cast<unsigned char>(text[j + 1]))) {
            out += ":N";
            i = j + 1;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
                ++i;
        }
    }
    out.append(text, i, std::string::npos);
    return out;
}

// Compares `actual` with the golden file (or rewrites it), naming the first differing line.
// Engine source line numbers are not compared (see withoutSourceLines).
void compareWithGolden(const std::string& actual, const std::string& path) {
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
    const std::string normActual = withoutSourceLines(actual);
    const std::string normExpected = withoutSourceLines(expected);
    if (normActual == normExpected) return;
    const std::vector<std::string> a = splitLines(normActual), e = splitLines(normExpected);
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

} // namespace

void TestExport::golden() {
    QFETCH(QString, name);
    const scenario::RunResult res = runBuiltin(name.toStdString());
    compareWithGolden(exporter::formatStrace(res), goldenPath(name.toStdString(), ".strace"));
}

void TestExport::goldenJson_data() {
    golden_data();
}

void TestExport::goldenJson() {
    QFETCH(QString, name);
    // Listings of the full tree: their JSON runs to 40-75 MB, too large to review as a golden
    // (their strace goldens stay; tst_trace_consumer validates their JSON).
    if (name == QLatin1String("ls-R-full") || name == QLatin1String("static-vs-eventfs-memory"))
        QSKIP("a listing of the full tree: its JSON exports are 40-75 MB, too large for a golden");
    const scenario::RunResult res = runBuiltin(name.toStdString());
    compareWithGolden(exporter::formatJsonl(res), goldenPath(name.toStdString(), ".jsonl"));
    compareWithGolden(exporter::formatChromeTrace(res),
                      goldenPath(name.toStdString(), ".chrome.json"));
}

// Only the line number after an engine file name is blanked: the file name, and every other
// number (a count, a seq, an address), still has to match.
void TestExport::goldenComparisonIgnoresOnlySourceLines() {
    const std::string a = "{\"seq\":7,\"source\":\"core/vfs/namei.cpp:242\",\"count\":2}";
    QCOMPARE(withoutSourceLines(a),
             std::string("{\"seq\":7,\"source\":\"core/vfs/namei.cpp:N\",\"count\":2}"));
    QCOMPARE(withoutSourceLines("{\"seq\":7,\"source\":\"core/vfs/namei.cpp:9\",\"count\":2}"),
             withoutSourceLines(a));
    QVERIFY(withoutSourceLines("{\"seq\":7,\"source\":\"core/vfs/dcache.cpp:242\",\"count\":2}") !=
            withoutSourceLines(a));
    QVERIFY(withoutSourceLines("{\"seq\":7,\"source\":\"core/vfs/namei.cpp:242\",\"count\":3}") !=
            withoutSourceLines(a));
    QCOMPARE(withoutSourceLines("core/x.h\"core/y.h:1"), std::string("core/x.h\"core/y.h:N"));
}

using ExportWriter = bool (*)(const Run&, exporter::Sink&);
using ExportFormatter = std::string (*)(const Run&);
const std::pair<ExportWriter, ExportFormatter> kFormats[] = {
    {&exporter::writeJsonl, &exporter::formatJsonl},
    {&exporter::writeChromeTrace, &exporter::formatChromeTrace},
    {&exporter::writeStrace, &exporter::formatStrace}};

// The longest text of a run, for the room RapidJSON reserves for one string (6 bytes a byte, the
// worst case of escaping, and its quotes).
// Names from a scenario file are any bytes: quotes and control characters are escaped, a byte
// that is not UTF-8 becomes U+FFFD, and the line still parses.
void TestExport::escapesAndBadUtf8() {
    Run run;
    run.design = "v6.8";
    run.taskNames = {"A\"\\\n", "caf\xc3\xa9", "bad\xff\xc3"};
    const std::string text = exporter::formatJsonl(run);
    json first;
    try {
        first = json::parse(text.substr(0, text.find('\n')));
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
    QCOMPARE(first["tasks"][0].get<std::string>(), std::string("A\"\\\n"));
    QCOMPARE(first["tasks"][1].get<std::string>(), std::string("caf\xc3\xa9"));
    QCOMPARE(first["tasks"][2].get<std::string>(), std::string("bad\xef\xbf\xbd\xef\xbf\xbd"));
    QVERIFY(json::parse(exporter::formatChromeTrace(run)).contains("traceEvents"));
}

static size_t longestText(const Run& run) {
    size_t n = 0;
    for (const Report& r : run.reports)
        n = std::max({n, r.text.size(), r.headline.size()});
    for (const SyscallRecord& r : run.records) {
        n = std::max(n, r.args.size());
        for (const std::string& l : r.lines)
            n = std::max(n, l.size());
    }
    return n;
}

// The exports go out in chunks of the sink's buffer (larger only when one string needs the room
// at once), and the chunks add up to the same bytes as the whole.
void TestExport::streamsInChunks() {
    for (const auto& [write, format] : kFormats) {
        std::string joined;
        size_t writes = 0, largest = 0;
        bool ok = false;
        {
            exporter::Sink sink(
                [&](const char* data, size_t size) {
                    ++writes;
                    largest = std::max(largest, size);
                    joined.append(data, size);
                    return true;
                },
                1024);
            ok = write(crash_, sink);
        }
        QVERIFY(ok);
        QVERIFY(largest <= std::max<size_t>(1024, 2 + 6 * longestText(crash_)));
        QVERIFY2(writes > 2, std::to_string(writes).c_str());
        QVERIFY(joined == format(crash_));
    }
}

// A failed write (a full disk) ends the export: it says so, and formats no more output.
void TestExport::stopsWhenTheOutputFails() {
    for (const auto& [write, format] : kFormats) {
        size_t writes = 0;
        bool ok = true;
        {
            exporter::Sink sink(
                [&](const char*, size_t) {
                    ++writes;
                    return writes < 2; // the second chunk fails
                },
                1024);
            ok = write(crash_, sink);
            QVERIFY(!sink.ok());
        }
        QVERIFY(!ok);
        QCOMPARE(writes, size_t(2)); // nothing is written after the failure
    }
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
