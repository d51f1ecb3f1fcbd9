// SPDX-License-Identifier: GPL-2.0-or-later
// Installed like a real tool: `cmake --install` into a temporary prefix, then the installed
// programs run with the source checkout and the build folder out of reach (an empty tmpfs
// mounted over each, in a private mount namespace: `unshare --user --map-root-user --mount`), so
// anything they still read from either is missing. They must list every built-in scenario, run
// one, and render the crash with the engine's source in the call-stack pane. The installed
// desktop entry, metainfo, man page, icons and bash completion are checked with the tools a
// distribution checks them with.

#include "process_result.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

using dstest::Result;

const QString kSource = QStringLiteral(DS_SOURCE_DIR);
const QString kBuild = QStringLiteral(DS_BUILD_DIR);
const QString kAppId = QStringLiteral("io.github.dentryscope.dentryscope");

// `program arguments…` with the source and build trees hidden (the build folder first: it is
// usually inside the source tree, and hiding the source would take its path away).
Result runHidden(const QString& program, const QStringList& arguments) {
    const QString script = QStringLiteral(
        "for d in \"$1\" \"$2\"; do if [ -d \"$d\" ]; then mount -t tmpfs -o size=1m none \"$d\" "
        "|| exit 125; fi; done; shift 2; exec \"$@\"");
    return dstest::runProcess(
        QStringLiteral("unshare"),
        QStringList{QStringLiteral("--user"), QStringLiteral("--map-root-user"),
                    QStringLiteral("--mount"), QStringLiteral("sh"), QStringLiteral("-c"), script,
                    QStringLiteral("sh"), kBuild, kSource, program} +
            arguments);
}

QStringList builtinNames() {
    QStringList names;
    for (const QString& file : QDir(kSource + QStringLiteral("/resources/scenarios"))
                                   .entryList({QStringLiteral("*.scn")}))
        names << file.chopped(4);
    names.sort();
    return names;
}

} // namespace

class TestInstall : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sourceAndBuildAreHidden();
    void scenarios();
    void runRefcountLifecycle();
    void renderCrash();
    void installedFiles();
    void desktopEntryValidates();
    void metainfoValidates();
    void manPage();
    void bashCompletion();

private:
    QString bin(const char* program) const {
        return prefix_ + QStringLiteral("/bin/") + QLatin1String(program);
    }
    QTemporaryDir tmp_;
    QString prefix_;
};

void TestInstall::initTestCase() {
    QVERIFY(tmp_.isValid());
    QVERIFY2(!tmp_.path().startsWith(kSource) && !tmp_.path().startsWith(kBuild),
             "the temporary folder must be outside the trees that get hidden");
    prefix_ = tmp_.filePath(QStringLiteral("prefix"));
    const Result r =
        dstest::runProcess(QStringLiteral(DS_CMAKE), {QStringLiteral("--install"), kBuild,
                                                      QStringLiteral("--prefix"), prefix_});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
    const Result probe = runHidden(QStringLiteral("true"), {});
    if (probe.exitCode != 0)
        QSKIP(qPrintable(QStringLiteral("cannot hide the source tree in a private mount "
                                        "namespace (unshare --user --mount): ") +
                         QString::fromUtf8(probe.err)));
}

// The premise of the tests below: inside the namespace the source tree is an empty folder and
// the build folder (inside it or not) holds nothing of the build.
void TestInstall::sourceAndBuildAreHidden() {
    const Result r = runHidden(
        QStringLiteral("sh"),
        {QStringLiteral("-c"),
         QStringLiteral(
             "ls -A \"$0\" && ! test -e \"$1/CMakeCache.txt\" && ! test -e \"$0/README.md\""),
         kSource, kBuild});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY(QFileInfo::exists(kSource + QStringLiteral("/README.md"))); // outside: still there
}

void TestInstall::scenarios() {
    const Result r = runHidden(bin("dentryscope-cli"), {QStringLiteral("scenarios")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QStringList listed;
    for (const QByteArray& line : r.out.split('\n'))
        if (!line.isEmpty()) listed << QString::fromUtf8(line.split(' ').first());
    const QStringList expected = builtinNames();
    QVERIFY(expected.size() >= 12);
    QCOMPARE(listed, expected);
}

void TestInstall::runRefcountLifecycle() {
    const Result r = runHidden(bin("dentryscope-cli"),
                               {QStringLiteral("run"), QStringLiteral("refcount-lifecycle")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("expect no bug: ok") && r.out.contains("expect nr_dentry == 2: ok"),
             r.out.constData());
}

// The crash at its BUG, as PNG (the README's screenshot command) and, for the call-stack pane,
// as SVG, whose text shows that the engine's source is there (compiled in, not read from disk).
void TestInstall::renderCrash() {
    const QString png = tmp_.filePath(QStringLiteral("crash.png"));
    Result r = runHidden(bin("dentryscope"),
                         {QStringLiteral("d_instantiate-crash"), QStringLiteral("--at-bug"),
                          QStringLiteral("--render"), png});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(png);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray head = f.read(24);
    QVERIFY(head.startsWith("\x89PNG\r\n\x1a\n"));
    auto be32 = [&](int at) {
        return (uchar(head[at]) << 24) | (uchar(head[at + 1]) << 16) | (uchar(head[at + 2]) << 8) |
               uchar(head[at + 3]);
    };
    QCOMPARE(be32(16), 1600u); // IHDR width and height: the default --size
    QCOMPARE(be32(20), 1000u);

    const QString svg = tmp_.filePath(QStringLiteral("stack.svg"));
    r = runHidden(bin("dentryscope"), {QStringLiteral("d_instantiate-crash"),
                                       QStringLiteral("--at-bug"), QStringLiteral("--pane"),
                                       QStringLiteral("stack"), QStringLiteral("--render"), svg});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile s(svg);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const QByteArray text = s.readAll();
    QVERIFY2(!text.contains("source not found"), "the installed GUI lacks the engine source");
    QVERIFY2(text.contains("BUG_ON"), "the call-stack pane shows no source line with BUG_ON");
}

void TestInstall::installedFiles() {
    const QStringList expected = {
        QStringLiteral("bin/dentryscope"),
        QStringLiteral("bin/dentryscope-cli"),
        QStringLiteral("share/applications/") + kAppId + QStringLiteral(".desktop"),
        QStringLiteral("share/metainfo/") + kAppId + QStringLiteral(".metainfo.xml"),
        QStringLiteral("share/icons/hicolor/scalable/apps/") + kAppId + QStringLiteral(".svg"),
        QStringLiteral("share/icons/hicolor/16x16/apps/") + kAppId + QStringLiteral(".png"),
        QStringLiteral("share/icons/hicolor/48x48/apps/") + kAppId + QStringLiteral(".png"),
        QStringLiteral("share/icons/hicolor/256x256/apps/") + kAppId + QStringLiteral(".png"),
        QStringLiteral("share/man/man1/dentryscope.1.gz"),
        QStringLiteral("share/man/man1/dentryscope-cli.1.gz"),
        QStringLiteral("share/bash-completion/completions/dentryscope-cli"),
        QStringLiteral("share/bash-completion/completions/dentryscope"),
        QStringLiteral("share/doc/dentryscope/LICENSE"),
    };
    for (const QString& path : expected)
        QVERIFY2(QFileInfo(prefix_ + u'/' + path).size() > 0, qPrintable(path));
    // Nothing of the checkout is needed next to the programs.
    QVERIFY(!QFileInfo::exists(prefix_ + QStringLiteral("/share/dentryscope")));
}

void TestInstall::desktopEntryValidates() {
    if (QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate")).isEmpty())
        QSKIP("desktop-file-validate not found (Debian package desktop-file-utils)");
    const Result r = dstest::runProcess(
        QStringLiteral("desktop-file-validate"),
        {prefix_ + QStringLiteral("/share/applications/") + kAppId + QStringLiteral(".desktop")});
    QVERIFY2(r.exitCode == 0 && r.out.isEmpty(), (r.out + r.err).constData());
}

void TestInstall::metainfoValidates() {
    if (QStandardPaths::findExecutable(QStringLiteral("appstreamcli")).isEmpty())
        QSKIP("appstreamcli not found (Debian package appstream)");
    const Result r = dstest::runProcess(
        QStringLiteral("appstreamcli"),
        {QStringLiteral("validate"), QStringLiteral("--no-net"),
         prefix_ + QStringLiteral("/share/metainfo/") + kAppId + QStringLiteral(".metainfo.xml")});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
}

// The page help2man made from --help: its name, its commands and the examples we added.
void TestInstall::manPage() {
    if (QStandardPaths::findExecutable(QStringLiteral("man")).isEmpty())
        QSKIP("man not found (Debian package man-db)");
    QProcess man;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MANPAGER"), QStringLiteral("cat"));
    env.insert(QStringLiteral("MANWIDTH"), QStringLiteral("100"));
    man.setProcessEnvironment(env);
    man.start(
        QStringLiteral("man"),
        {QStringLiteral("-l"), prefix_ + QStringLiteral("/share/man/man1/dentryscope-cli.1.gz")});
    QVERIFY(man.waitForFinished(60000));
    const QByteArray page = man.readAllStandardOutput();
    QCOMPARE(man.exitCode(), 0);
    for (const char* text : {"dentryscope-cli", "explore", "scenarios", "EXAMPLES",
                             "dentryscope-cli run refcount-lifecycle", "EXIT STATUS"})
        QVERIFY2(page.contains(text), page.constData());
}

// Completing with the installed programs on PATH, the trees hidden: scenario and design names
// come from the programs, options from their --help.
void TestInstall::bashCompletion() {
    auto complete = [&](const QString& function, const QStringList& words) {
        QString script = QStringLiteral("PATH=\"$1/bin:$PATH\"; source \"$1/share/bash-completion/"
                                        "completions/dentryscope-cli\"; COMP_WORDS=(");
        for (const QString& w : words)
            script += u'"' + w + QStringLiteral("\" ");
        script += QStringLiteral("); COMP_CWORD=%1; %2; printf '%s\\n' \"${COMPREPLY[@]}\"")
                      .arg(words.size() - 1)
                      .arg(function);
        const Result r = runHidden(QStringLiteral("bash"),
                                   {QStringLiteral("-c"), script, QStringLiteral("bash"), prefix_});
        return QString::fromUtf8(r.out).split(u'\n', Qt::SkipEmptyParts);
    };
    const QString cli = QStringLiteral("dentryscope-cli");
    QCOMPARE(complete(QStringLiteral("_dentryscope_cli"), {cli, QStringLiteral("ex")}),
             QStringList{QStringLiteral("explore")});
    QCOMPARE(complete(QStringLiteral("_dentryscope_cli"),
                      {cli, QStringLiteral("run"), QStringLiteral("refcount-")}),
             QStringList{QStringLiteral("refcount-lifecycle")});
    QCOMPARE(
        complete(QStringLiteral("_dentryscope_cli"),
                 {cli, QStringLiteral("run"), QStringLiteral("--design"), QStringLiteral("v6.")}),
        (QStringList{QStringLiteral("v6.5-static"), QStringLiteral("v6.6-rc1"),
                     QStringLiteral("v6.7"), QStringLiteral("v6.8")}));
    QVERIFY(complete(QStringLiteral("_dentryscope_cli"),
                     {cli, QStringLiteral("run"), QStringLiteral("--f")})
                .contains(QStringLiteral("--format")));
    QVERIFY(complete(QStringLiteral("_dentryscope_gui"),
                     {QStringLiteral("dentryscope"), QStringLiteral("--at")})
                .contains(QStringLiteral("--at-bug")));
}

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"
