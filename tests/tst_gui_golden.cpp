// SPDX-License-Identifier: GPL-2.0-or-later
// Image goldens for four final views, rendered in-process through the same headless path as
// `dentryscope --render` (fixed font, Fusion, fixed palette, fixed size): the whole window at the
// d_instantiate BUG, the timeline pane, the dentry tree in the dark theme and the getdents64 pane
// inside a call. Each is compared with tests/golden/images/<view>.png with a small tolerance; on
// a mismatch expected.png, actual.png and diff.png are written under golden-failures/<view>/ in
// the build directory.
// DENTRYSCOPE_UPDATE_GOLDEN=1 rewrites the goldens instead. The comparator itself is tested
// too: a shifted or repainted picture must be rejected and leave its three files behind.
#include "focus.h"
#include "headless.h"
#include "image_compare.h"
#include "mainwindow.h"
#include "replay/navigation.h"
#include "reviewframe.h"
#include "timeline.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ds;
using namespace ds::ui;

struct View {
    QString scenario;
    int step = -1; // -1: at the first BUG (--at-bug)
    QString pane;  // empty: the whole window
    QString theme;
    QSize size;
    bool realTime = false; // --real-time: a real trace on its timestamps
};
Q_DECLARE_METATYPE(View)

namespace {

// What `dentryscope SCENARIO [--at-bug|--step N] [--pane P] --theme T --size WxH --render F`
// does, in this process.
QImage renderView(const View& v) {
    headless::applyTheme(v.theme);
    MainWindow window(/*persistent=*/false);
    if (!window.openScenario(v.scenario)) return {};
    window.timeline()->setRealTime(v.realTime);
    if (v.step < 0)
        headless::stepToFirstBug(*window.focus());
    else
        window.focus()->setStep(static_cast<uint32_t>(v.step) + 1); // --step N: after event #N
    // Laid out at its size, then framed for the reader (as --render does).
    if (v.pane.isEmpty()) {
        headless::layOut(window, v.size);
        frameForReview(window);
        return headless::renderImage(window, v.size);
    }
    window.raisePane(v.pane);
    QWidget* pane = window.pane(v.pane);
    pane->setParent(nullptr);
    headless::layOut(*pane, v.size);
    frameForReview(window);
    const QImage image = headless::renderImage(*pane, v.size);
    delete pane;
    return image;
}

QStringList commandLine(const View& v) {
    QStringList args{v.scenario};
    if (v.step < 0)
        args << QStringLiteral("--at-bug");
    else
        args << QStringLiteral("--step") << QString::number(v.step);
    if (!v.pane.isEmpty()) args << QStringLiteral("--pane") << v.pane;
    if (v.realTime) args << QStringLiteral("--real-time");
    args << QStringLiteral("--theme") << v.theme << QStringLiteral("--size")
         << QStringLiteral("%1x%2").arg(v.size.width()).arg(v.size.height());
    return args;
}

QString goldenPath(const QString& name) {
    return QStringLiteral(DENTRYSCOPE_TESTS_DIR "/golden/images/") + name + QStringLiteral(".png");
}

QString failureDir(const QString& name) {
    return QStringLiteral(DS_GOLDEN_FAILURES_DIR "/") + name;
}

} // namespace

class TestGuiGolden : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void golden_data();
    void golden();
    void sameAsCommandLine_data() { golden_data(); }
    void sameAsCommandLine();
    void getdentsSvgNamesTheCurrentRecord();
    void timelineCacheNeverStale();
    void comparatorAcceptsNoise();
    void comparatorRejectsChanges_data();
    void comparatorRejectsChanges();

private:
    QImage timeline_; // a real render for the comparator tests
};

void TestGuiGolden::initTestCase() {
    QVERIFY2(headless::useRenderFont(),
             "DejaVu Sans is needed for the goldens (fonts-dejavu-core)");
}

// getdents-tiny-buffers, step 200 (right after event #200): the 100-byte call has written
// sched_switch and is writing sched_wakeup; both get d_off 6 (v6.8 bumps ctx->pos before each child
// directory).
constexpr int kGetdentsStep = 200;

void TestGuiGolden::golden_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<View>("view");
    QTest::newRow("window-at-bug") << QStringLiteral("window-at-bug")
                                   << View{QStringLiteral("d_instantiate-crash"), -1, QString(),
                                           QStringLiteral("light"), QSize(1000, 640)};
    QTest::newRow("timeline-step-300")
        << QStringLiteral("timeline-step-300")
        << View{QStringLiteral("d_instantiate-crash"), 300, QStringLiteral("timeline"),
                QStringLiteral("light"), QSize(800, 500)};
    // dentries in use, negative and unused on the LRU
    // (step 424 shows what step 399 did before getdents64's events were recorded and before
    // open() took the file's own reference and walked through path_openat, the same picture)
    QTest::newRow("tree-dark-step-424")
        << QStringLiteral("tree-dark-step-424")
        << View{QStringLiteral("d_instantiate-crash"), 424, QStringLiteral("tree"),
                QStringLiteral("dark"), QSize(800, 500)};
    // the object graph of sched at its peak in refcount-lifecycle (right after d_alloc of
    // sched_switch pinned it): its child's pin, its open file and task A's walk hold it; it
    // holds events, its inode and its eventfs_inode
    QTest::newRow("graph-step-179")
        << QStringLiteral("graph-step-179")
        << View{QStringLiteral("refcount-lifecycle"), 179, QStringLiteral("graph"),
                QStringLiteral("light"), QSize(800, 360)};
    // the user buffer partly filled, the record being written, the positions and the calls
    QTest::newRow("getdents-step-200")
        << QStringLiteral("getdents-step-200")
        << View{QStringLiteral("getdents-tiny-buffers"), kGetdentsStep, QStringLiteral("getdents"),
                QStringLiteral("light"), QSize(800, 500)};
    // a real 6.12 trace (stat of sched_switch/enable twice) at its end: the dentries the kernel
    // created, the tasks and lifetimes on the trace's own timestamps
    QTest::newRow("real-s3-window-end")
        << QStringLiteral("real-s3-window-end")
        << View{QStringLiteral(DENTRYSCOPE_TESTS_DIR "/data/real-6.12/S3-stat-enable.trace.txt"),
                387, QString(), QStringLiteral("light"), QSize(1000, 640)};
    // S4 on its timestamps: the two ls runs and the close of the held fd as long as they took,
    // the idle time between them idle
    QTest::newRow("real-s4-timeline-realtime")
        << QStringLiteral("real-s4-timeline-realtime")
        << View{QStringLiteral(DENTRYSCOPE_TESTS_DIR "/data/real-6.12/S4-held-dir-fd.trace.txt"),
                300,
                QStringLiteral("timeline"),
                QStringLiteral("light"),
                QSize(1000, 560),
                true};
}

void TestGuiGolden::golden() {
    QFETCH(QString, name);
    QFETCH(View, view);
    const QImage actual = renderView(view);
    QVERIFY2(!actual.isNull(), "render failed");
    QCOMPARE(actual.size(), view.size);
    if (name == QLatin1String("timeline-step-300")) timeline_ = actual;

    const QString path = goldenPath(name);
    if (qEnvironmentVariableIntValue("DENTRYSCOPE_UPDATE_GOLDEN") == 1) {
        QVERIFY2(QDir().mkpath(QFileInfo(path).absolutePath()), qPrintable(path));
        QVERIFY2(actual.save(path, "PNG"), qPrintable(QStringLiteral("cannot write ") + path));
        qInfo("rewrote %s", qPrintable(path));
        return;
    }
    const QImage expected(path);
    QVERIFY2(!expected.isNull(),
             qPrintable(QStringLiteral("missing ") + path +
                        QStringLiteral(" (run with DENTRYSCOPE_UPDATE_GOLDEN=1 to create it)")));
    const ImageComparison c = compareImages(expected, actual);
    if (c.matches()) return;
    const QString dir = failureDir(name);
    const bool written = writeComparisonImages(dir, expected, actual, c);
    QFAIL(qPrintable(
        name + QStringLiteral(" differs from ") + path + QStringLiteral(": ") + c.summary() +
        (written ? QStringLiteral("\nexpected.png, actual.png and diff.png are in ") + dir
                 : QStringLiteral("\ncould not write the pictures to ") + dir) +
        QStringLiteral("\n(DENTRYSCOPE_UPDATE_GOLDEN=1 rewrites the golden if the "
                       "change is intended)")));
}

// The in-process render is the command line's, pixel for pixel.
void TestGuiGolden::sameAsCommandLine() {
    QFETCH(QString, name);
    QFETCH(View, view);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(name + QStringLiteral(".png"));
    QProcess p;
    p.start(QStringLiteral(DS_GUI_EXE), commandLine(view) << QStringLiteral("--render") << file);
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
             p.readAllStandardError().constData());
    const QImage fromCommandLine(file);
    QVERIFY(!fromCommandLine.isNull());
    const QImage inProcess = renderView(view);
    const ImageComparison c = compareImages(fromCommandLine, inProcess, {0, 0.0});
    QVERIFY2(c.matches(), qPrintable(c.summary()));
}

// `dentryscope getdents-tiny-buffers --step 200 --pane getdents --render x.svg`: the SVG names
// the record being written and the d_off it gets, and the one before it with its d_off.
void TestGuiGolden::getdentsSvgNamesTheCurrentRecord() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("getdents.svg"));
    QProcess p;
    p.start(QStringLiteral(DS_GUI_EXE),
            {QStringLiteral("getdents-tiny-buffers"), QStringLiteral("--step"),
             QString::number(kGetdentsStep), QStringLiteral("--pane"), QStringLiteral("getdents"),
             QStringLiteral("--render"), file});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
             p.readAllStandardError().constData());
    QFile svg(file);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(svg.readAll());
    QVERIFY(text.contains(QStringLiteral("writing record 2: \u201csched_wakeup\u201d")));
    QVERIFY(text.contains(QStringLiteral(">0 (will be 6)<")));           // its d_off, to come
    QVERIFY(text.contains(QStringLiteral("\u201csched_switch\u201d<"))); // the record before
    QVERIFY(text.contains(QStringLiteral("will return 64")));
}

// The timeline repaints a step from lanes it cached: after every kind of change its picture is
// the one a timeline painting from scratch shows.
void TestGuiGolden::timelineCacheNeverStale() {
    headless::applyTheme(QStringLiteral("light"));
    QString error;
    Focus focus;
    focus.setSession(Session::load(QStringLiteral("d_instantiate-crash"), QString(), &error));
    QVERIFY2(focus.hasRun(), qPrintable(error));
    Timeline timeline(&focus);
    headless::layOut(timeline, QSize(800, 500));
    auto check = [&](const char* what) {
        Timeline fresh(&focus);
        headless::layOut(fresh, timeline.size());
        fresh.ensureLaneVisible(fresh.laneOf(focus.selected())); // scrolled as the other one
        const QImage expected = fresh.grab().toImage();
        const ImageComparison c = compareImages(expected, timeline.grab().toImage(), {0, 0.0});
        if (!c.matches()) {
            writeComparisonImages(failureDir(QStringLiteral("timeline-cache")), expected,
                                  timeline.grab().toImage(), c);
            QFAIL(qPrintable(QLatin1String(what) + QStringLiteral(": ") + c.summary()));
        }
    };
    const uint32_t bug = nextReport(focus.replay(), 0);
    for (uint32_t step : {300u, 301u, 1200u, 1199u, bug}) {
        focus.setStep(step);
        check("step");
    }
    focus.setSelected(focus.replay().event(bug - 1).obj);
    check("selection");
    focus.setStep(bug - 40);
    check("step with a selection");
    focus.setWindow(bug - 200, bug + 50);
    check("zoom");
    focus.setStep(bug - 41);
    check("step zoomed in");
    focus.setChosenTask(1);
    check("task");
    headless::applyTheme(QStringLiteral("dark"));
    check("palette");
    headless::applyTheme(QStringLiteral("light"));
    focus.setSelected(0);
    timeline.ensureLaneVisible(0);
    check("scrolled to the top");
    headless::layOut(timeline, QSize(700, 400));
    check("resize");
}

void TestGuiGolden::comparatorAcceptsNoise() {
    const QImage base =
        timeline_.isNull()
            ? renderView({QStringLiteral("d_instantiate-crash"), 299, QStringLiteral("timeline"),
                          QStringLiteral("light"), QSize(800, 500)})
            : timeline_;
    QVERIFY(!base.isNull());
    QCOMPARE(compareImages(base, base).differing, 0);
    // anti-aliasing noise: every pixel of a band a little off
    QImage noisy = base.convertToFormat(QImage::Format_ARGB32);
    for (int y = 100; y < 140; ++y)
        for (int x = 0; x < noisy.width(); ++x) {
            const QRgb c = noisy.pixel(x, y);
            noisy.setPixel(
                x, y, qRgb(std::min(255, qRed(c) + 20), std::max(0, qGreen(c) - 20), qBlue(c)));
        }
    QVERIFY2(compareImages(base, noisy).matches(),
             qPrintable(compareImages(base, noisy).summary()));
    // a few stray pixels far off
    QImage stray = base.convertToFormat(QImage::Format_ARGB32);
    for (int i = 0; i < 50; ++i) { // every channel 128 off
        const QPoint at(7 * i + 3, 11 * i % 500);
        stray.setPixel(at, stray.pixel(at) ^ 0x00808080);
    }
    const ImageComparison c = compareImages(base, stray);
    QCOMPARE(c.differing, 50);
    QVERIFY(c.matches());
}

void TestGuiGolden::comparatorRejectsChanges_data() {
    QTest::addColumn<int>("change");
    QTest::newRow("shifted 2 px right") << 0;
    QTest::newRow("a lane repainted") << 1;
    QTest::newRow("another size") << 2;
    QTest::newRow("other theme") << 3;
}

void TestGuiGolden::comparatorRejectsChanges() {
    QFETCH(int, change);
    const View view{QStringLiteral("d_instantiate-crash"), 299, QStringLiteral("timeline"),
                    QStringLiteral("light"), QSize(800, 500)};
    const QImage base = timeline_.isNull() ? renderView(view) : timeline_;
    QVERIFY(!base.isNull());
    QImage changed;
    switch (change) {
    case 0: {
        changed = QImage(base.size(), QImage::Format_ARGB32);
        changed.fill(base.pixel(0, 0));
        QPainter p(&changed);
        p.drawImage(2, 0, base);
        break;
    }
    case 1: {
        changed = base.convertToFormat(QImage::Format_ARGB32);
        QPainter p(&changed);
        p.fillRect(QRect(150, 200, 650, 15), QColor(0x20, 0x80, 0x20));
        break;
    }
    case 2:
        changed = base.copy(0, 0, 790, 500);
        break;
    case 3: {
        View dark = view;
        dark.theme = QStringLiteral("dark");
        changed = renderView(dark);
        headless::applyTheme(QStringLiteral("light"));
        break;
    }
    }
    const ImageComparison c = compareImages(base, changed);
    QVERIFY2(!c.matches(), qPrintable(c.summary()));
    QVERIFY(c.differing > 0);
    QVERIFY(!c.bounds.isEmpty());

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeComparisonImages(dir.path(), base, changed, c));
    const QImage expected(dir.filePath(QStringLiteral("expected.png")));
    const QImage actual(dir.filePath(QStringLiteral("actual.png")));
    const QImage diff(dir.filePath(QStringLiteral("diff.png")));
    QCOMPARE(expected.size(), base.size());
    QCOMPARE(actual.size(), changed.size());
    QCOMPARE(diff.size(), base.size().expandedTo(changed.size()));
    // the differences are highlighted: magenta exactly where the comparator counted them
    qint64 marked = 0;
    for (int y = 0; y < diff.height(); ++y)
        for (int x = 0; x < diff.width(); ++x)
            marked += diff.pixel(x, y) == qRgb(0xff, 0x00, 0xff);
    QCOMPARE(marked, c.differing);
}

QTEST_MAIN(TestGuiGolden)
#include "tst_gui_golden.moc"
