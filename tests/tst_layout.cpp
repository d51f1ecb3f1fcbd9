// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for core/tracefs/layout: the 6.18 events/ tree, its subsets, and the TSV parser.
#include "tracefs/layout.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

using namespace ds::tracefs;

namespace {

const char* const kFullFile = DENTRYSCOPE_TESTS_DIR "/../resources/tracefs-events-6.18.tsv";

std::vector<std::string> fileNames(const LayoutDir& d) {
    std::vector<std::string> r;
    for (const auto& f : d.files)
        r.push_back(f.name);
    return r;
}

std::vector<uint16_t> fileModes(const LayoutDir& d) {
    std::vector<uint16_t> r;
    for (const auto& f : d.files)
        r.push_back(f.mode);
    return r;
}

std::vector<std::string> childNames(const Layout& l, const LayoutDir& d) {
    std::vector<std::string> r;
    for (int c : d.children)
        r.push_back(l.dirs[size_t(c)].name);
    return r;
}

const LayoutDir& dir(const Layout& l, std::string_view path) {
    const int i = l.findDir(path);
    if (i < 0) qFatal("no directory %.*s", int(path.size()), path.data());
    return l.dirs[size_t(i)];
}

// Structural invariants every layout must satisfy.
void checkConsistent(const Layout& l) {
    QVERIFY(!l.dirs.empty());
    QCOMPARE(l.dirs[0].name, std::string("events"));
    QCOMPARE(l.dirs[0].path, std::string("events"));
    QCOMPARE(l.dirs[0].parent, -1);
    QCOMPARE(l.dirs[0].depth, 0);
    size_t childRefs = 0;
    for (size_t i = 0; i < l.dirs.size(); ++i) {
        const LayoutDir& d = l.dirs[i];
        QCOMPARE(l.findDir(d.path), int(i));
        if (i > 0) {
            QVERIFY(d.parent >= 0 && size_t(d.parent) < i); // pre-order: parent first
            const LayoutDir& p = l.dirs[size_t(d.parent)];
            QCOMPARE(d.path, p.path + "/" + d.name);
            QCOMPARE(d.depth, p.depth + 1);
            QCOMPARE(std::count(p.children.begin(), p.children.end(), int(i)), 1);
        }
        for (int c : d.children)
            QCOMPARE(l.dirs[size_t(c)].parent, int(i));
        childRefs += d.children.size();
        std::set<std::string> names;
        for (const auto& f : d.files)
            QVERIFY(names.insert(f.name).second);
        for (int c : d.children)
            QVERIFY(names.insert(l.dirs[size_t(c)].name).second);
    }
    QCOMPARE(childRefs, l.dirs.size() - 1);
}

const std::vector<std::string> kEventFiles = {"enable", "filter", "trigger", "format", "id"};
const std::vector<uint16_t> kEventModes = {0640, 0640, 0640, 0440, 0440};

} // namespace

class TestLayout : public QObject {
    Q_OBJECT

private slots:
    // Runs first: concurrent first use of the built-ins must be safe and give one object.
    void builtinConcurrentFirstUse() {
        std::atomic<const Layout*> seen[4] = {};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&seen, t] { seen[t] = builtinLayout(t % 2 ? "full" : "tiny"); });
        for (auto& th : threads)
            th.join();
        QVERIFY(seen[0] && seen[1]);
        QCOMPARE(seen[0].load(), seen[2].load());
        QCOMPARE(seen[1].load(), seen[3].load());
        QCOMPARE(builtinLayout("full"), seen[1].load());
        QVERIFY(builtinLayoutError().empty());
    }

    void fullCounts() {
        const Layout* l = builtinLayout("full");
        QVERIFY(l);
        QCOMPARE(l->name, std::string("full"));
        QCOMPARE(l->dirCount(), size_t(2426));
        QCOMPARE(l->fileCount(), size_t(11751));
        checkConsistent(*l);
        size_t systems = 0, events = 0;
        for (const auto& d : l->dirs) {
            QCOMPARE(d.mode, uint16_t(0755));
            QVERIFY(d.depth <= 2);
            systems += d.depth == 1;
            events += d.depth == 2;
        }
        QCOMPARE(systems, size_t(102));
        QCOMPARE(events, size_t(2323));
    }

    void fullEventsRoot() {
        const Layout& l = *builtinLayout("full");
        const LayoutDir& ev = l.dirs[0];
        QCOMPARE(ev.mode, uint16_t(0755));
        QCOMPARE(fileNames(ev),
                 (std::vector<std::string>{"enable", "header_page", "header_event"}));
        QCOMPARE(fileModes(ev), (std::vector<uint16_t>{0640, 0440, 0440}));
        QCOMPARE(ev.children.size(), size_t(102));
        // The first systems, in the kernel's list order.
        const auto sys = childNames(l, ev);
        QCOMPARE(std::vector<std::string>(sys.begin(), sys.begin() + 4),
                 (std::vector<std::string>{"initcall", "vsyscall", "kvm", "kvmmmu"}));
        QCOMPARE(l.dirs[size_t(ev.children[0])].path, std::string("events/initcall"));
    }

    void fullSched() {
        const Layout& l = *builtinLayout("full");
        const LayoutDir& sched = dir(l, "events/sched");
        QCOMPARE(sched.depth, 1);
        QCOMPARE(sched.parent, 0);
        QCOMPARE(fileNames(sched), (std::vector<std::string>{"filter", "enable"}));
        QCOMPARE(fileModes(sched), (std::vector<uint16_t>{0640, 0640}));
        QCOMPARE(sched.children.size(), size_t(26));
        const auto ev = childNames(l, sched);
        QCOMPARE(ev.front(), std::string("sched_wake_idle_without_ipi"));
        QCOMPARE(ev[1], std::string("sched_skip_cpuset_numa"));
        QVERIFY(std::count(ev.begin(), ev.end(), "sched_switch") == 1);
        QVERIFY(std::count(ev.begin(), ev.end(), "sched_wakeup") == 1);
    }

    void fullEventDir() {
        const Layout& l = *builtinLayout("full");
        const LayoutDir& sw = dir(l, "events/sched/sched_switch");
        QCOMPARE(sw.name, std::string("sched_switch"));
        QCOMPARE(sw.depth, 2);
        QCOMPARE(sw.mode, uint16_t(0755));
        QVERIFY(sw.children.empty());
        QCOMPARE(fileNames(sw), kEventFiles);
        QCOMPARE(fileModes(sw), kEventModes);
        QCOMPARE(l.dirs[size_t(sw.parent)].path, std::string("events/sched"));
        // ftrace events have only format and id.
        const LayoutDir& fn = dir(l, "events/ftrace/function");
        QCOMPARE(fileNames(fn), (std::vector<std::string>{"format", "id"}));
        QCOMPARE(fileModes(fn), (std::vector<uint16_t>{0440, 0440}));
    }

    void fullFtraceHasNoFiles() {
        const Layout& l = *builtinLayout("full");
        const LayoutDir& ft = dir(l, "events/ftrace");
        QVERIFY(ft.files.empty());
        QVERIFY(!ft.children.empty());
        QCOMPARE(l.dirs[size_t(ft.children[0])].name, std::string("timerlat"));
        // Every other system has filter and enable.
        for (int s : l.dirs[0].children) {
            const LayoutDir& d = l.dirs[size_t(s)];
            if (d.name != "ftrace")
                QCOMPARE(fileNames(d), (std::vector<std::string>{"filter", "enable"}));
        }
    }

    void findDir() {
        const Layout& l = *builtinLayout("full");
        QCOMPARE(l.findDir("events"), 0);
        QVERIFY(l.findDir("events/sched") > 0);
        QCOMPARE(l.findDir("events/nope"), -1);
        QCOMPARE(l.findDir(""), -1);
        QCOMPARE(l.findDir("events/"), -1);
        QCOMPARE(l.findDir("/events/sched"), -1);
        QCOMPARE(l.findDir("events/sched/sched_switch/enable"), -1); // a file, not a dir
        const std::string owned = "events/irq/irq_handler_entry";
        const int i = l.findDir(std::string_view(owned));
        QVERIFY(i > 0);
        QCOMPARE(l.dirs[size_t(i)].path, owned);
    }

    void subsetSched() {
        const Layout* full = builtinLayout("full");
        const Layout* l = builtinLayout("sched");
        QVERIFY(l);
        QCOMPARE(l->name, std::string("sched"));
        checkConsistent(*l);
        QCOMPARE(l->dirCount(), size_t(1 + 1 + 26));
        QCOMPARE(fileNames(l->dirs[0]), fileNames(full->dirs[0]));
        QCOMPARE(childNames(*l, l->dirs[0]), std::vector<std::string>{"sched"});
        const LayoutDir& s = dir(*l, "events/sched");
        const LayoutDir& fs = dir(*full, "events/sched");
        QCOMPARE(childNames(*l, s), childNames(*full, fs));
        size_t files = 3 + fs.files.size();
        for (int c : fs.children)
            files += full->dirs[size_t(c)].files.size();
        QCOMPARE(l->fileCount(), files);
        for (int c : s.children) {
            const LayoutDir& e = l->dirs[size_t(c)];
            const LayoutDir& fe = dir(*full, e.path);
            QCOMPARE(fileNames(e), fileNames(fe));
            QCOMPARE(fileModes(e), fileModes(fe));
        }
    }

    void subsetTiny() {
        const Layout* l = builtinLayout("tiny");
        QVERIFY(l);
        checkConsistent(*l);
        QCOMPARE(l->dirCount(), size_t(4));
        QCOMPARE(l->fileCount(), size_t(3 + 2 + 5 + 5));
        const LayoutDir& s = dir(*l, "events/sched");
        QCOMPARE(fileNames(s), (std::vector<std::string>{"filter", "enable"}));
        // Real list order of the two events.
        const Layout& full = *builtinLayout("full");
        std::vector<std::string> expected;
        for (const auto& n : childNames(full, dir(full, "events/sched")))
            if (n == "sched_switch" || n == "sched_wakeup") expected.push_back(n);
        QCOMPARE(childNames(*l, s), expected);
        QCOMPARE(fileNames(dir(*l, "events/sched/sched_wakeup")), kEventFiles);
        QCOMPARE(fileModes(dir(*l, "events/sched/sched_switch")), kEventModes);
        QCOMPARE(l->findDir("events/irq"), -1);
    }

    void subsetSmall() {
        const Layout& full = *builtinLayout("full");
        const Layout* l = builtinLayout("small");
        QVERIFY(l);
        checkConsistent(*l);
        std::vector<std::string> systems;
        for (const auto& n : childNames(full, full.dirs[0]))
            if (n == "sched" || n == "irq" || n == "ftrace") systems.push_back(n);
        QCOMPARE(childNames(*l, l->dirs[0]), systems);
        QCOMPARE(l->dirCount(), size_t(1 + 3 + 3 * 4));
        size_t files = 3;
        for (const auto& sys : systems) {
            const LayoutDir& s = dir(*l, "events/" + sys);
            const LayoutDir& fs = dir(full, s.path);
            QCOMPARE(fileNames(s), fileNames(fs));
            files += s.files.size();
            const auto fe = childNames(full, fs);
            QCOMPARE(childNames(*l, s), std::vector<std::string>(fe.begin(), fe.begin() + 4));
            for (int c : s.children) {
                const LayoutDir& e = l->dirs[size_t(c)];
                QCOMPARE(fileModes(e), fileModes(dir(full, e.path)));
                files += e.files.size();
            }
        }
        QVERIFY(dir(*l, "events/ftrace").files.empty());
        QCOMPARE(l->fileCount(), files);
    }

    void builtinNames() {
        const auto names = builtinLayoutNames();
        QVERIFY(names.size() >= 4);
        QCOMPARE(names.front().first, std::string("full"));
        std::set<std::string> seen;
        for (const auto& [name, desc] : names) {
            QVERIFY(seen.insert(name).second);
            QVERIFY(!desc.empty());
            const Layout* l = builtinLayout(name);
            QVERIFY(l);
            QCOMPARE(l->name, name);
            QCOMPARE(builtinLayout(name), l); // cached
        }
        QVERIFY(seen.count("sched") && seen.count("tiny") && seen.count("small"));
        QCOMPARE(builtinLayout("nope"), nullptr);
        QCOMPARE(builtinLayout(""), nullptr);
        QCOMPARE(builtinLayout("Full"), nullptr);
    }

    void addEvent() {
        Layout l = *builtinLayout("tiny");
        const int sched = l.findDir("events/sched");
        const size_t before = l.dirCount();
        const int i = addEventDir(l, sched, "my_event");
        QCOMPARE(i, int(before));
        QCOMPARE(l.dirCount(), before + 1);
        const LayoutDir& d = l.dirs[size_t(i)];
        QCOMPARE(d.name, std::string("my_event"));
        QCOMPARE(d.path, std::string("events/sched/my_event"));
        QCOMPARE(d.mode, uint16_t(0755));
        QCOMPARE(d.parent, sched);
        QCOMPARE(d.depth, 2);
        QCOMPARE(fileNames(d), kEventFiles);
        QCOMPARE(fileModes(d), kEventModes);
        QCOMPARE(l.dirs[size_t(sched)].children.back(), i);
        QCOMPARE(l.findDir("events/sched/my_event"), i);
        QCOMPARE(l.fileCount(), size_t(3 + 2 + 5 + 5 + 5));
        // The built-in is untouched.
        QCOMPARE(builtinLayout("tiny")->findDir("events/sched/my_event"), -1);
        // A new system, then an event in it.
        const int sys = addEventDir(l, 0, "mygrp");
        QVERIFY(sys > i);
        const int e = addEventDir(l, sys, "probe");
        QCOMPARE(l.dirs[size_t(e)].path, std::string("events/mygrp/probe"));
        QCOMPARE(l.findDir("events/mygrp/probe"), e);
        // Refused: duplicates (dir or file), bad names, bad parents.
        QCOMPARE(addEventDir(l, sched, "my_event"), -1);
        QCOMPARE(addEventDir(l, sched, "sched_switch"), -1);
        QCOMPARE(addEventDir(l, sched, "enable"), -1);
        QCOMPARE(addEventDir(l, sched, ""), -1);
        QCOMPARE(addEventDir(l, sched, "a/b"), -1);
        QCOMPARE(addEventDir(l, sched, ".."), -1);
        QCOMPARE(addEventDir(l, -1, "x"), -1);
        QCOMPARE(addEventDir(l, int(l.dirCount()), "x"), -1);
        // Copies keep a working index.
        Layout copy = l;
        QCOMPARE(copy.findDir("events/mygrp/probe"), e);
    }

    void filterKeepsOrder() {
        const Layout& full = *builtinLayout("full");
        const Layout all = filterLayout(full, "copy", [](const LayoutDir&) { return true; });
        QCOMPARE(all.dirCount(), full.dirCount());
        QCOMPARE(all.fileCount(), full.fileCount());
        for (size_t i = 0; i < all.dirs.size(); ++i) {
            QCOMPARE(all.dirs[i].path, full.dirs[i].path);
            QCOMPARE(all.dirs[i].children, full.dirs[i].children);
        }
        const Layout none = filterLayout(full, "none", [](const LayoutDir&) { return false; });
        QCOMPARE(none.dirCount(), size_t(1));
        QCOMPARE(none.fileCount(), size_t(3));
    }

    // Speed is measured by benchmarks, not asserted here: a timed test flakes on a busy machine.
    void loadFromFile() {
        QElapsedTimer t;
        t.start();
        LayoutError err;
        auto l = loadLayoutFile(kFullFile, &err);
        const qint64 ns = t.nsecsElapsed();
        QVERIFY2(l, err.message.c_str());
        QCOMPARE(l->name, std::string(kFullFile));
        QCOMPARE(l->dirCount(), size_t(2426));
        QCOMPARE(l->fileCount(), size_t(11751));
        qInfo("loadLayoutFile(full): %.2f ms", double(ns) / 1e6);
    }

    void loadMissingFile() {
        LayoutError err;
        QVERIFY(!loadLayoutFile("/nonexistent/dir/layout.tsv", &err));
        QCOMPARE(err.file, std::string("/nonexistent/dir/layout.tsv"));
        QCOMPARE(err.line, 0);
        QVERIFY(!err.message.empty());
    }

    void parseAccepts() {
        // Comments anywhere, blank lines, CRLF, no final newline, 3-digit modes.
        const std::string text = "# header\r\n"
                                 "events\tenable\tf\t0640\r\n"
                                 "\n"
                                 "events\tsys\td\t755\r\n"
                                 "# in between\n"
                                 "events\tother\td\t0700\n"
                                 "events/sys\tfilter\tf\t0640\n"
                                 "events/sys\tev\td\t0755\n"
                                 "events/other\tx\td\t0755\n"
                                 "events/sys/ev\tformat\tf\t0440";
        LayoutError err;
        auto l = parseLayout(text, "mem.tsv", &err);
        QVERIFY2(l, err.message.c_str());
        checkConsistent(*l);
        QCOMPARE(l->name, std::string("mem.tsv"));
        QCOMPARE(l->dirCount(), size_t(5));
        QCOMPARE(l->fileCount(), size_t(3));
        QCOMPARE(childNames(*l, l->dirs[0]), (std::vector<std::string>{"sys", "other"}));
        // Pre-order: sys, its subtree, then other.
        QCOMPARE(l->dirs[1].path, std::string("events/sys"));
        QCOMPARE(l->dirs[2].path, std::string("events/sys/ev"));
        QCOMPARE(l->dirs[3].path, std::string("events/other"));
        QCOMPARE(l->dirs[3].mode, uint16_t(0700));
        QCOMPARE(fileNames(l->dirs[2]), std::vector<std::string>{"format"});
        QCOMPARE(fileModes(l->dirs[2]), std::vector<uint16_t>{0440});
        // Empty input: just the root.
        auto empty = parseLayout("", "empty", nullptr);
        QVERIFY(empty);
        QCOMPARE(empty->dirCount(), size_t(1));
        QCOMPARE(empty->fileCount(), size_t(0));
    }

    void parseErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");

        QTest::newRow("bad type") << "# c\nevents\tfoo\tx\t0755\n"
                                  << 2 << 12 << "expected 'd' or 'f', got 'x'";
        QTest::newRow("bad type word") << "events\tfoo\tdir\t0755\n"
                                       << 1 << 12 << "expected 'd' or 'f', got 'dir'";
        QTest::newRow("bad type crlf") << "events\ta\tf\t0640\r\nevents\tfoo\t\t0755\r\n"
                                       << 2 << 12 << "expected 'd' or 'f', got ''";
        QTest::newRow("bad mode digit") << "events\tfoo\tf\t0986\n"
                                        << 1 << 14 << "expected octal mode, got '0986'";
        QTest::newRow("bad mode text") << "events\tfoo\tf\trw-r\n"
                                       << 1 << 14 << "expected octal mode, got 'rw-r'";
        QTest::newRow("bad mode empty") << "events\tfoo\tf\t\n"
                                        << 1 << 14 << "expected octal mode, got ''";
        QTest::newRow("bad mode too big") << "events\tfoo\tf\t17777\n"
                                          << 1 << 14 << "expected octal mode, got '17777'";
        QTest::newRow("unknown parent") << "events\ta\td\t0755\nevents/b\tx\tf\t0640\n"
                                        << 2 << 1 << "unknown parent directory 'events/b'";
        QTest::newRow("parent is a file") << "events\ta\tf\t0640\nevents/a\tx\tf\t0640\n"
                                          << 2 << 1 << "unknown parent directory 'events/a'";
        QTest::newRow("parent declared later") << "events/a\tx\tf\t0640\nevents\ta\td\t0755\n"
                                               << 1 << 1 << "unknown parent directory 'events/a'";
        QTest::newRow("empty parent") << "\tx\tf\t0640\n" << 1 << 1 << "empty parent directory";
        QTest::newRow("missing mode") << "events\tfoo\tf\n"
                                      << 1 << 13
                                      << "missing mode column (expected 4 tab-separated "
                                         "columns, found 3)";
        QTest::newRow("missing all") << "# x\n\nevents\n"
                                     << 3 << 7
                                     << "missing name column (expected 4 tab-separated "
                                        "columns, found 1)";
        QTest::newRow("spaces not tabs") << "events foo f 0640\n"
                                         << 1 << 18
                                         << "missing name column (expected 4 tab-separated "
                                            "columns, found 1)";
        QTest::newRow("too many") << "events\tfoo\tf\t0640\textra\n"
                                  << 1 << 19 << "too many columns (expected 4)";
        QTest::newRow("empty name") << "events\t\tf\t0640\n" << 1 << 8 << "empty name";
        QTest::newRow("slash in name") << "events\ta/b\tf\t0640\n"
                                       << 1 << 8 << "invalid name 'a/b'";
        QTest::newRow("dot name") << "events\t..\td\t0755\n" << 1 << 8 << "invalid name '..'";
        QTest::newRow("duplicate file") << "events\tfoo\tf\t0640\nevents\tfoo\tf\t0440\n"
                                        << 2 << 8 << "duplicate entry 'foo' in 'events'";
        QTest::newRow("file then dir") << "events\tfoo\tf\t0640\nevents\tfoo\td\t0755\n"
                                       << 2 << 8 << "duplicate entry 'foo' in 'events'";
        QTest::newRow("dir then file") << "events\tfoo\td\t0755\nevents\tfoo\tf\t0640\n"
                                       << 2 << 8 << "duplicate entry 'foo' in 'events'";
        QTest::newRow("error after good lines")
            << "events\ts\td\t0755\nevents/s\te\td\t0755\nevents/s/e\tid\tf\t0440\n"
               "events/s/e\tformat\tq\t0440\n"
            << 4 << 19 << "expected 'd' or 'f', got 'q'";
    }

    void parseErrors() {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        LayoutError err;
        const std::string utf8 = text.toStdString();
        QVERIFY(!parseLayout(utf8, "bad.tsv", &err));
        QCOMPARE(err.file, std::string("bad.tsv"));
        QCOMPARE(err.line, line);
        QCOMPARE(err.column, column);
        QCOMPARE(QString::fromStdString(err.message), message);
        // A null err pointer is allowed.
        QVERIFY(!parseLayout(utf8, "bad.tsv", nullptr));
    }
};

QTEST_GUILESS_MAIN(TestLayout)
#include "tst_layout.moc"
