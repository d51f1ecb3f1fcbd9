// SPDX-License-Identifier: GPL-2.0-or-later
// Headless renders: the same arguments give the same bytes (PNG and SVG, both themes), and the
// tree, timeline and stack panes are not blank.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>

class TestGuiRender : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameArgumentsSameBytes_data();
    void sameArgumentsSameBytes();
    void panesNotBlank_data();
    void panesNotBlank();
    void stepChangesThePicture();

private:
    QByteArray render(const QStringList& args, const QString& file);
    QTemporaryDir dir_;
};

QByteArray TestGuiRender::render(const QStringList& args, const QString& name) {
    const QString file = dir_.filePath(name);
    QProcess p;
    p.start(QStringLiteral(DS_GUI_EXE), QStringList{QStringLiteral("d_instantiate-crash")} + args +
                                            QStringList{QStringLiteral("--render"), file});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("render failed: %s", p.readAllStandardError().constData());
        return {};
    }
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

void TestGuiRender::sameArgumentsSameBytes_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("png at bug") << QStringList{QStringLiteral("--at-bug")} << QStringLiteral("png");
    QTest::newRow("png dark") << QStringList{QStringLiteral("--at-bug"), QStringLiteral("--theme"),
                                             QStringLiteral("dark")}
                              << QStringLiteral("png");
    QTest::newRow("svg at bug") << QStringList{QStringLiteral("--at-bug"), QStringLiteral("--size"),
                                               QStringLiteral("1200x800")}
                                << QStringLiteral("svg");
    QTest::newRow("png timeline step")
        << QStringList{QStringLiteral("--step"), QStringLiteral("300"), QStringLiteral("--pane"),
                       QStringLiteral("timeline")}
        << QStringLiteral("png");
}

void TestGuiRender::sameArgumentsSameBytes() {
    QFETCH(QStringList, args);
    QFETCH(QString, suffix);
    QVERIFY(dir_.isValid());
    const QByteArray a = render(args, QStringLiteral("a.") + suffix);
    const QByteArray b = render(args, QStringLiteral("b.") + suffix);
    QVERIFY(a.size() > 1000);
    QVERIFY2(a == b, "two renders with the same arguments differ");
}

void TestGuiRender::panesNotBlank_data() {
    QTest::addColumn<QString>("pane");
    QTest::newRow("tree") << QStringLiteral("tree");
    QTest::newRow("timeline") << QStringLiteral("timeline");
    QTest::newRow("stack") << QStringLiteral("stack");
}

void TestGuiRender::panesNotBlank() {
    QFETCH(QString, pane);
    const QByteArray bytes = render({QStringLiteral("--at-bug"), QStringLiteral("--pane"), pane,
                                     QStringLiteral("--size"), QStringLiteral("800x500")},
                                    pane + QStringLiteral(".png"));
    QImage img;
    QVERIFY(img.loadFromData(bytes, "PNG"));
    QCOMPARE(img.size(), QSize(800, 500));
    // Not one flat colour: the most common colour covers less than 97% and there is detail.
    std::map<QRgb, int> histogram;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2)
            ++histogram[img.pixel(x, y)];
    int top = 0;
    for (const auto& [c, n] : histogram)
        top = std::max(top, n);
    const int total = (img.width() / 2) * (img.height() / 2);
    QVERIFY2(top < total * 97 / 100, qPrintable(pane));
    QVERIFY2(histogram.size() > 16, qPrintable(pane));
}

void TestGuiRender::stepChangesThePicture() {
    const QByteArray start = render({QStringLiteral("--step"), QStringLiteral("0"),
                                     QStringLiteral("--pane"), QStringLiteral("tree")},
                                    QStringLiteral("s0.png"));
    const QByteArray bug =
        render({QStringLiteral("--at-bug"), QStringLiteral("--pane"), QStringLiteral("tree")},
               QStringLiteral("s1.png"));
    QVERIFY(!start.isEmpty());
    QVERIFY(!bug.isEmpty());
    QVERIFY(start != bug);
}

QTEST_GUILESS_MAIN(TestGuiRender)
#include "tst_gui_render.moc"
