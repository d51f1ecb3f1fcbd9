// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope-cli import, conform and record as processes: what a user runs on a real trace,
// and what record says when the machine cannot trace (this test never needs root tracing).
#include "process_result.h"

#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using dstest::runProcess;

namespace {

QString fixture(const char* name) {
    return QStringLiteral(DENTRYSCOPE_TESTS_DIR "/data/real-6.12/") + QLatin1String(name);
}

dstest::Result cli(const QStringList& args) {
    return runProcess(QStringLiteral(DS_CLI_EXE), args);
}

} // namespace

class TstCliReal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importSummary() {
        const auto r = cli({u"import"_qs, fixture("S3-stat-enable.trace.txt")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QVERIFY(r.out.contains("408 lines, 396 events read, 0 unreadable"));
        QVERIFY(r.out.contains("tasks: init-1 stat-184 stat-185"));
        QVERIFY(r.out.contains("/sys/kernel/tracing/events/sched/sched_switch/enable  born line "));
    }
    void importExports() {
        const auto r =
            cli({u"import"_qs, fixture("S1-ls-sched.trace.txt"), u"--format"_qs, u"strace"_qs});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("getdents64"));
        const auto j =
            cli({u"import"_qs, fixture("S1-ls-sched.trace.txt"), u"--format"_qs, u"jsonl"_qs});
        QCOMPARE(j.exitCode, 0);
        QVERIFY(j.out.startsWith("{"));
    }
    // A bad line is named with its number, the rest still imports, and the exit code says so.
    void importReportsUnreadableLines() {
        QTemporaryDir dir;
        QFile f(dir.filePath(u"bad.txt"_qs));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# tracer: nop\n"
                "  ls-9 [000] ...1.  1.000001: sys_close(fd: 3)\n"
                "garbage here\n"
                "  ls-9 [000] ...1.  1.000002: sys_close -> 0x0\n");
        f.close();
        const auto r = cli({u"import"_qs, f.fileName()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(f.fileName().toUtf8() + ":3: unreadable: "), r.err.constData());
        QVERIFY(r.out.contains("3 events read") || r.out.contains("2 events read"));
        const auto missing = cli({u"import"_qs, dir.filePath(u"nope.txt"_qs)});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("cannot read"));
        const auto fmt = cli({u"import"_qs, f.fileName(), u"--format"_qs, u"xml"_qs});
        QCOMPARE(fmt.exitCode, 2);
    }
    // A trace.dat (trace-cmd's binary file, known by its magic) is read through libtracecmd; one
    // that is cut short says so, names the file and exits 1 (tests/qemu imports a real one).
    void importDamagedTraceDat() {
        QTemporaryDir dir;
        QFile f(dir.filePath(u"cut.dat"_qs));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("\x17\x08\x44tracing6\0", 12) + QByteArray(100, '\x01'));
        f.close();
        for (const char* cmd : {"import", "conform"}) {
            const auto r = cli({QLatin1String(cmd), f.fileName()});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains("'" + f.fileName().toUtf8() + "'"), r.err.constData());
            QVERIFY2(r.err.contains("libtracecmd cannot open") ||
                         r.err.contains("built without libtracecmd"),
                     r.err.constData());
            QVERIFY(!r.err.contains("unreadable")); // not read as text
        }
    }
    // A real trace.dat (tests/data/qemu-6.12, recorded by trace-cmd in tst_qemu_kernel's VM)
    // reads through libtracecmd in the CLI and in the window: the same events as its `trace-cmd
    // report`, the fixture's conform score, and a picture of it that reopens to the same bytes.
    void traceDat() {
        const QString dat =
            QStringLiteral(DENTRYSCOPE_TESTS_DIR "/data/qemu-6.12/S1-ls-sched.trace-cmd.dat");
        const auto imp = cli({u"import"_qs, dat});
        if (imp.err.contains("built without libtracecmd"))
            QSKIP("built without libtracecmd (libtracecmd-dev): trace.dat is refused, as tested "
                  "in importDamagedTraceDat");
        QCOMPARE(imp.exitCode, 0);
        QVERIFY2(imp.out.contains("3949 lines, 3949 events read, 0 unreadable"),
                 imp.out.constData());
        QVERIFY(imp.out.contains("tasks: ls-258 ksoftirqd/0-17 ls-259 trace-cmd-256"));
        const auto conform = cli({u"conform"_qs, dat, u"--design"_qs, u"v6.8"_qs});
        QCOMPARE(conform.exitCode, 0);
        QVERIFY2(conform.out.endsWith("facts equal: 34/36 (v6.8)\n"), conform.out.constData());
        QTemporaryDir dir;
        const QString a = dir.filePath(u"a.png"_qs), b = dir.filePath(u"b.png"_qs);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_qs, u"offscreen"_qs);
        const auto gui = [&](const QStringList& args) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(DS_GUI_EXE), args);
            return p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit
                       ? p.exitCode()
                       : -1;
        };
        QCOMPARE(gui({dat, u"--step"_qs, u"1000"_qs, u"--render"_qs, a}), 0);
        QCOMPARE(gui({a, u"--render"_qs, b}), 0); // the picture reopens the trace.dat
        QFile fa(a), fb(b);
        QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
        const QByteArray first = fa.readAll();
        QVERIFY(first.size() > 10000);
        QVERIFY(first == fb.readAll());
    }
    void conformScore() {
        const auto r =
            cli({u"conform"_qs, fixture("S1-ls-sched.trace.txt"), u"--design"_qs, u"v6.8"_qs});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.endsWith("facts equal: 34/36 (v6.8)\n"), r.out.constData());
        QVERIFY(r.out.contains("S1-ls-sched.trace.txt:157: getdents64: return value: real 1312, "
                               "v6.8 1200"));
        const auto j =
            cli({u"conform"_qs, fixture("S1-ls-sched.trace.txt"), u"--format"_qs, u"jsonl"_qs});
        QCOMPARE(j.exitCode, 0);
        const QList<QByteArray> lines = j.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.last().contains("\"type\":\"score\""));
        QVERIFY(lines.last().contains("\"equal\":34"));
        const auto bad =
            cli({u"conform"_qs, fixture("S1-ls-sched.trace.txt"), u"--design"_qs, u"v9"_qs});
        QCOMPARE(bad.exitCode, 2);
    }
    // record --dry-run prints what it would write to tracefs: the probes are exactly those that
    // recorded the fixtures on 6.12 (their probe_definitions.txt, group rk there), each one with
    // a `mag` field filtered on the s_magic asked for, tracefs's by default; no root needed. The
    // output is a POSIX sh script (no brace expansion): tests/qemu installs the probes with it
    // for trace-cmd.
    void recordDryRunIsTheFixturesProbeSet() {
        const auto r = cli({u"record"_qs, u"--dry-run"_qs});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QFile defs(fixture("probe_definitions.txt"));
        QVERIFY(defs.open(QIODevice::ReadOnly | QIODevice::Text));
        int probes = 0;
        for (QByteArray line : defs.readAll().split('\n')) {
            if (line.isEmpty()) continue;
            QVERIFY(line.startsWith("f:rk/"));
            line.replace(0, 5, "f:dentryscope/");
            QVERIFY2(r.out.contains("echo '" + line + "' >> /sys/kernel/tracing/dynamic_events\n"),
                     line.constData());
            ++probes;
        }
        QCOMPARE(r.out.count("/dynamic_events\n"), probes);
        QCOMPARE(probes, 33);
        const QByteArray dputFilter =
            "echo 'mag == 0x74726163' > /sys/kernel/tracing/events/dentryscope/dput/filter\n";
        QVERIFY2(r.out.contains(dputFilter), r.out.constData());
        QCOMPARE(r.out.count("/filter\n"), r.out.count(" mag="));
        QVERIFY(!r.out.contains("dentryscope/getname/filter")); // no s_magic there: pid filter only
        const QByteArray en = "/sys/kernel/tracing/events/syscalls/sys_exit_getdents64/enable";
        QVERIFY(r.out.contains("if [ -e " + en + " ]; then echo 1 > " + en + "; fi\n"));
        const auto ext4 = cli({u"record"_qs, u"--dry-run"_qs, u"--magic"_qs, u"0xEF53"_qs,
                               u"--tracefs"_qs, u"/t"_qs});
        QCOMPARE(ext4.exitCode, 0);
        QVERIFY2(ext4.out.contains("echo 'mag == 0xEF53' > /t/events/dentryscope/dput/filter\n"),
                 ext4.out.constData());
        QVERIFY(!QFile::exists(u"dentryscope.trace.txt"_qs));
        // it records nothing, so what only a recording uses is refused, not ignored
        const auto withCmd = cli({u"record"_qs, u"--dry-run"_qs, u"--"_qs, u"true"_qs});
        QCOMPARE(withCmd.exitCode, 2);
        QVERIFY2(withCmd.err.contains("--dry-run only prints the probes"), withCmd.err.constData());
    }
    // record says what is missing and exits 1 without touching anything.
    void recordSaysWhatIsMissing() {
        const auto noCmd = cli({u"record"_qs});
        QCOMPARE(noCmd.exitCode, 2);
        QVERIFY(noCmd.err.contains("expected -- COMMAND"));
        QTemporaryDir dir;
        if (geteuid() != 0) {
            const auto r = cli({u"record"_qs, u"--"_qs, u"true"_qs});
            QCOMPARE(r.exitCode, 1);
            QVERIFY(r.err.contains("needs root"));
            QSKIP("not root: the tracefs checks need root");
        }
        // a tracefs without dynamic events (a fake one: just the files record looks at)
        const QString fake = dir.filePath(u"fake"_qs);
        QVERIFY(QDir().mkpath(fake));
        QFile trace(fake + u"/trace"_qs);
        QVERIFY(trace.open(QIODevice::WriteOnly));
        trace.close();
        const auto f = cli({u"record"_qs, u"--tracefs"_qs, fake, u"--"_qs, u"true"_qs});
        QCOMPARE(f.exitCode, 1);
        QVERIFY2(f.err.contains("dynamic_events is missing"), f.err.constData());
        QVERIFY(f.err.contains("CONFIG_FPROBE_EVENTS"));
        // dynamic events but no fprobe in README
        QFile dyn(fake + u"/dynamic_events"_qs);
        QVERIFY(dyn.open(QIODevice::WriteOnly));
        dyn.close();
        QFile readme(fake + u"/README"_qs);
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.write("p[:[<group>/][<event>]] <place> [<args>]\n");
        readme.close();
        const auto g = cli({u"record"_qs, u"--tracefs"_qs, fake, u"--"_qs, u"true"_qs});
        QCOMPARE(g.exitCode, 1);
        QVERIFY2(g.err.contains("no fprobe events"), g.err.constData());
        QVERIFY(!QFile::exists(u"dentryscope.trace.txt"_qs));
        // everything there, but installing fails half-way (the fake has no event directories):
        // the probe that was installed is removed again
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.write("f[:[<group>/][<event>]] <func-name>[%return] [<args>]\n");
        readme.close();
        // (tracing on, as after boot; record turns it off while it installs)
        QVERIFY(QDir().mkpath(fake + u"/options"_qs));
        for (const auto& [file, text] : {std::pair{"/tracing_on", "1\n"},
                                         {"/set_event_pid", ""},
                                         {"/options/event-fork", "0\n"}}) {
            QFile f(fake + QLatin1String(file));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        if (QFile::exists(u"/sys/kernel/btf/vmlinux"_qs)) {
            const auto h = cli({u"record"_qs, u"--tracefs"_qs, fake, u"--"_qs, u"true"_qs});
            QCOMPARE(h.exitCode, 1);
            QVERIFY2(h.err.contains("cannot open " + fake.toUtf8() +
                                    "/events/dentryscope/d_alloc/filter"),
                     h.err.constData());
            QVERIFY(dyn.open(QIODevice::ReadOnly));
            const QByteArray written = dyn.readAll();
            dyn.close();
            QVERIFY2(written.startsWith("f:dentryscope/d_alloc __d_alloc%return d=$retval:x64 "),
                     written.constData());
            QVERIFY2(written.endsWith("\n-:dentryscope/d_alloc\n"), written.constData());
            QFile on(fake + u"/tracing_on"_qs); // as it was
            QVERIFY(on.open(QIODevice::ReadOnly));
            QCOMPARE(on.readAll(), QByteArray("1\n"));
        }
        // nothing mounted there and (in a container) no right to mount: says so
        const QString notMounted = dir.filePath(u"none"_qs);
        QVERIFY(QDir().mkpath(notMounted));
        const auto r = cli({u"record"_qs, u"--tracefs"_qs, notMounted, u"--"_qs, u"true"_qs});
        QCOMPARE(r.exitCode, 1);
        if (!r.err.contains("tracefs is not mounted")) // it could mount it, then found no fprobes
            QSKIP("tracefs could be mounted here: the missing-tracefs message cannot be shown");
        QVERIFY2(r.err.contains(notMounted.toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TstCliReal)
#include "tst_cli_real.moc"
