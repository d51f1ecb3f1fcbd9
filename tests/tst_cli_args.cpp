// SPDX-License-Identifier: GPL-2.0-or-later
// The command-line contract of both executables, run as real processes: --help, --version,
// unknown options, and a headless --render of the placeholder window.

#include "process_result.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using dstest::Result;

Result run(const QString& program, const QStringList& arguments) {
    return dstest::runProcess(program, arguments, 60000);
}

quint32 bigEndian32(const QByteArray& bytes, qsizetype at) {
    quint32 value = 0;
    for (qsizetype i = at; i < at + 4; ++i)
        value = (value << 8) | static_cast<quint8>(bytes.at(i));
    return value;
}

} // namespace

class TestCliArgs : public QObject {
    Q_OBJECT

private slots:
    void help_data();
    void help();
    void version_data();
    void version();
    void unknownOption_data();
    void unknownOption();
    void unknownCommand();
    void qtOptionsPassThrough();
    void renderPng();
    void renderSvg();
    void badRenderOptions_data();
    void badRenderOptions();

private:
    void addExecutables();
};

void TestCliArgs::addExecutables() {
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("name");
    QTest::newRow("gui") << QStringLiteral(DS_GUI_EXE) << QStringLiteral("dentryscope");
    QTest::newRow("cli") << QStringLiteral(DS_CLI_EXE) << QStringLiteral("dentryscope-cli");
}

void TestCliArgs::help_data() {
    addExecutables();
}

void TestCliArgs::help() {
    QFETCH(QString, program);
    const Result result = run(program, {QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("Usage:"), result.out.constData());
    QVERIFY2(result.out.contains("--version"), result.out.constData());
}

void TestCliArgs::version_data() {
    addExecutables();
}

void TestCliArgs::version() {
    QFETCH(QString, program);
    QFETCH(QString, name);
    const Result result = run(program, {QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(QString::fromUtf8(result.out).trimmed(),
             name + QLatin1Char(' ') + QStringLiteral(DS_EXPECTED_VERSION));
}

void TestCliArgs::unknownOption_data() {
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("expected");
    const QString gui = QStringLiteral(DS_GUI_EXE);
    const QString cli = QStringLiteral(DS_CLI_EXE);
    QTest::newRow("gui --foo") << gui << QStringList{QStringLiteral("--foo")}
                               << QByteArray("dentryscope: unknown option '--foo'\n");
    QTest::newRow("gui --foo=1 with scenario")
        << gui << QStringList{QStringLiteral("x"), QStringLiteral("--foo=1")}
        << QByteArray("dentryscope: unknown option '--foo'\n");
    QTest::newRow("gui two unknown")
        << gui << QStringList{QStringLiteral("--foo"), QStringLiteral("--bar")}
        << QByteArray("dentryscope: unknown option '--foo'\n");
    QTest::newRow("cli --foo") << cli << QStringList{QStringLiteral("--foo")}
                               << QByteArray("dentryscope-cli: unknown option '--foo'\n");
    QTest::newRow("cli -x") << cli << QStringList{QStringLiteral("-x")}
                            << QByteArray("dentryscope-cli: unknown option '-x'\n");
}

void TestCliArgs::unknownOption() {
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, expected);
    const Result result = run(program, arguments);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.err, expected);
    QCOMPARE(result.out, QByteArray());
}

void TestCliArgs::unknownCommand() {
    const Result result = run(QStringLiteral(DS_CLI_EXE), {QStringLiteral("frobnicate")});
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY2(result.err.contains("'frobnicate'"), result.err.constData());
}

void TestCliArgs::qtOptionsPassThrough() {
    // QApplication's own options are not ours to reject.
    const Result result =
        run(QStringLiteral(DS_GUI_EXE),
            {QStringLiteral("-platform"), QStringLiteral("offscreen"), QStringLiteral("-style"),
             QStringLiteral("fusion"), QStringLiteral("--version")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY2(result.out.contains(DS_EXPECTED_VERSION), result.out.constData());
}

void TestCliArgs::renderPng() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("out.png"));
    const Result result = run(QStringLiteral(DS_GUI_EXE),
                              {QStringLiteral("d_instantiate-crash"), QStringLiteral("--at-bug"),
                               QStringLiteral("--render"), file, QStringLiteral("--size"),
                               QStringLiteral("320x200")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile png(file);
    QVERIFY(png.open(QIODevice::ReadOnly));
    const QByteArray bytes = png.readAll();
    QVERIFY(bytes.size() > 24);
    QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
    QCOMPARE(bytes.mid(12, 4), QByteArray("IHDR"));
    QCOMPARE(bigEndian32(bytes, 16), 320u); // width
    QCOMPARE(bigEndian32(bytes, 20), 200u); // height
}

void TestCliArgs::renderSvg() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("out.svg"));
    const Result result = run(QStringLiteral(DS_GUI_EXE),
                              {QStringLiteral("d_instantiate-crash"), QStringLiteral("--render"),
                               file, QStringLiteral("--theme"), QStringLiteral("dark")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile svg(file);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY2(text.contains("<svg"), text.left(200).constData());
}

void TestCliArgs::badRenderOptions_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("size") << QStringList{QStringLiteral("--size"), QStringLiteral("big")};
    QTest::newRow("theme") << QStringList{QStringLiteral("--theme"), QStringLiteral("pink")};
    QTest::newRow("pane") << QStringList{QStringLiteral("--pane"), QStringLiteral("nope")};
    QTest::newRow("step") << QStringList{QStringLiteral("--step"), QStringLiteral("-3")};
    QTest::newRow("format") << QStringList{QStringLiteral("--render"), QStringLiteral("x.bmp")};
    QTest::newRow("missing value") << QStringList{QStringLiteral("--design")};
}

void TestCliArgs::badRenderOptions() {
    QFETCH(QStringList, arguments);
    const Result result = run(QStringLiteral(DS_GUI_EXE), arguments);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY2(result.err.startsWith("dentryscope: "), result.err.constData());
}

QTEST_GUILESS_MAIN(TestCliArgs)
#include "tst_cli_args.moc"
