// SPDX-License-Identifier: GPL-2.0-or-later
// The timeline's real time axis (View › Real time axis, T): a real 6.12 trace's events placed at
// their timestamps, so that the time between the two `stat` runs of S3 is as wide as it took and
// not one event wide; a ruler in ms/µs; the toggle disabled with a reason on a simulated run;
// stepping, clicking, zoom, markers (their duration in real time) and the accessible value in
// real time; and the axis kept in a picture's state, so that a reopened PNG renders the same.
#include "focus.h"
#include "headless.h"
#include "image_compare.h"
#include "mainwindow.h"
#include "markers.h"
#include "picture.h"
#include "session.h"
#include "stepper.h"
#include "timeaxis.h"
#include "timeline.h"
#include "viewstate.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace ds;
using namespace ds::ui;
using namespace Qt::StringLiterals;

namespace {

const QString kS3 =
    QStringLiteral(DENTRYSCOPE_TESTS_DIR "/data/real-6.12/S3-stat-enable.trace.txt");
constexpr QSize kSize{1000, 640};
// The ends of the driver's writes to trace_marker (the markers themselves are no events): after
// "SCEN S3: stat …", after "SCEN S3: done; 2nd stat" and after "SCEN S3: 2nd stat done".
const QString kFirstMark = u"sys_write -> 0x4e\n"_s;
const QString kDoneMark = u"sys_write -> 0x18\n"_s;
const QString kEndMark = u"sys_write -> 0x17\n"_s;

// The timestamp (ns) and the line number of the first line of `file` that contains `text`,
// read from the text itself ("           init-1  [000] .....     7.537059: tracing_mark_...").
struct TraceLine {
    int line = 0;
    int64_t ns = 0;
};
TraceLine findLine(const QString& file, const QString& text) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    int n = 0;
    while (!f.atEnd()) {
        const QString l = QString::fromUtf8(f.readLine());
        ++n;
        if (!l.contains(text)) continue;
        const qsizetype colon = l.indexOf(u": "_s, l.indexOf(u']'));
        const QString stamp = l.left(colon).section(u' ', -1);
        const QStringList parts = stamp.split(u'.');
        if (parts.size() != 2) return {};
        return {n, parts[0].toLongLong() * 1000000000LL + parts[1].toLongLong() * 1000};
    }
    return {};
}

// The event imported from trace line `line`.
int eventOfLine(const Session& s, int line) {
    for (size_t i = 0; i < s.real->line.size(); ++i)
        if (s.real->line[i] == line) return static_cast<int>(i);
    return -1;
}

std::unique_ptr<MainWindow> openLaidOut(const QString& what) {
    auto w = std::make_unique<MainWindow>(/*persistent=*/false);
    if (!w->openScenario(what)) return nullptr;
    headless::layOut(*w, kSize);
    return w;
}

} // namespace

class TestGuiRealTime : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void axisMapsTimeBothWays();
    void formatsRulerTimes();
    void positionsProportionalToTimestamps();
    void rulerInMillisecondsThenMicroseconds();
    void toggleDisabledOnASimulatedRun();
    void steppingClickingZoomInRealTime();
    void markersSummariseRealTime();
    void accessibleValueNamesTheTime();
    void pictureKeepsTheAxis();
};

void TestGuiRealTime::initTestCase() {
    QVERIFY2(headless::useRenderFont(), "DejaVu Sans is needed (fonts-dejavu-core)");
    headless::applyTheme(u"light"_s);
}

// Two events at one microsecond, then 4 µs and 100 µs later: step k is at event #k-1's time.
void TestGuiRealTime::axisMapsTimeBothWays() {
    const TimeAxis t(std::make_shared<const std::vector<int64_t>>(
        std::vector<int64_t>{7000001000, 7000001000, 7000005000, 7000105000}));
    QVERIFY(t.valid());
    QCOMPARE(t.origin(), int64_t(7000001000));
    QCOMPARE(t.at(0), 0.0);
    QCOMPARE(t.at(1), 0.0);
    QCOMPARE(t.at(2), 4000.0);
    QCOMPARE(t.at(2.5), 54000.0); // linear between two events
    QCOMPARE(t.stepTime(4), 104000.0);
    QCOMPARE(t.positionAt(4000), 2.0);
    QCOMPARE(t.positionAt(0), 0.0); // the first of the events at that time
    QCOMPARE(t.positionAt(54000), 2.5);
    QCOMPARE(t.at(t.positionAt(-5000)), -5000.0); // beyond the ends it goes on, both ways
    QCOMPARE(t.at(t.positionAt(300000)), 300000.0);
    QCOMPARE(t.stepNear(100), 2u);   // after both events of the first microsecond
    QCOMPARE(t.stepNear(60000), 4u); // nearer to the last event than to the third
    QCOMPARE(t.stepNear(50000), 3u);
    const TimeAxis backwards(
        std::make_shared<const std::vector<int64_t>>(std::vector<int64_t>{5, 9, 3}));
    QVERIFY(!backwards.valid());
    QVERIFY2(backwards.why().contains(u"#2"_s), qPrintable(backwards.why()));
    QVERIFY(!TimeAxis().valid());
}

void TestGuiRealTime::formatsRulerTimes() {
    QCOMPARE(formatNs(0, 1e6), u"0"_s);
    QCOMPARE(formatNs(20e6, 20e6), u"20 ms"_s);
    QCOMPARE(formatNs(1.2e6, 2e5), u"1.2 ms"_s);
    QCOMPARE(formatNs(200e3, 100e3), u"200 µs"_s);
    QCOMPARE(formatNs(1.5e9, 5e8), u"1.5 s"_s);
    QCOMPARE(formatNs(50, 10), u"50 ns"_s);
    QCOMPARE(formatNs(12345000, 1000), u"12.345 ms"_s);
    QCOMPARE(ftraceSeconds(7537059000), u"7.537059"_s);
    // 200 ms over 600 px: a tick every 50 ms (20 ms would be 60 px, under the 80 px gap)
    const auto ticks = timeRulerTicks(0, 200e6, 600, 200e6);
    QStringList labels;
    for (const auto& t : ticks)
        labels << t.label;
    QCOMPARE(labels, (QStringList{u"0"_s, u"50 ms"_s, u"100 ms"_s, u"150 ms"_s, u"200 ms"_s}));
}

// S3: the first `stat` runs between its two SCEN markers, the second after "done; 2nd stat".
// On the real axis the distance between two events is their time apart; in event order it is
// their number apart.
void TestGuiRealTime::positionsProportionalToTimestamps() {
    auto w = openLaidOut(kS3);
    QVERIFY(w);
    Timeline* tl = w->timeline();
    const Session& s = *w->focus()->session();
    const TraceLine first = findLine(kS3, kFirstMark);
    const TraceLine done = findLine(kS3, kDoneMark);
    const TraceLine end = findLine(kS3, kEndMark);
    QVERIFY(first.line && done.line && end.line);
    const int a = eventOfLine(s, first.line), b = eventOfLine(s, done.line),
              c = eventOfLine(s, end.line);
    QVERIFY(a >= 0 && b > a && c > b);
    QVERIFY(tl->realTimeAvailable());
    QVERIFY(!tl->realTime()); // event order until asked
    w->focus()->setWindow(0, w->focus()->steps());
    const double evAB = tl->xForStep(b) - tl->xForStep(a), evAC = tl->xForStep(c) - tl->xForStep(a);
    QVERIFY(std::abs(evAB / evAC - double(b - a) / double(c - a)) < 0.01);
    tl->setRealTime(true);
    w->focus()->setWindow(0, w->focus()->steps());
    // pixels per ns are the same everywhere on the axis: the x distance of any two events is
    // their time apart, as the trace prints it (to the pixel)
    const uint32_t last = w->focus()->steps() - 1;
    const double pxPerNs =
        (tl->xForStep(last) - tl->xForStep(0)) / double(s.real->timeNs[last] - s.real->timeNs[0]);
    const double rtAB = tl->xForStep(b) - tl->xForStep(a), rtAC = tl->xForStep(c) - tl->xForStep(a);
    QVERIFY2(std::abs(rtAB - double(done.ns - first.ns) * pxPerNs) <= 2,
             qPrintable(u"%1 px for %2 ns"_s.arg(rtAB).arg(done.ns - first.ns)));
    QVERIFY(std::abs(rtAC - double(end.ns - first.ns) * pxPerNs) <= 2);
    const TraceLine stat = findLine(kS3, u"sys_statx -> 0x0"_s); // the first stat's
    const int e = eventOfLine(s, stat.line);
    QVERIFY(e > a && e < b);
    QVERIFY(std::abs((tl->xForStep(e) - tl->xForStep(a)) - double(stat.ns - first.ns) * pxPerNs) <
            1.5);
    // the 1 s the driver slept before its last write is most of the axis, where event order
    // gives it the width of one event
    const TraceLine slept = findLine(kS3, u"7.734733: sys_close -> 0x0"_s);
    QVERIFY(slept.line);
    const auto& t = s.real->timeNs;
    int z = 1; // the longest gap between two events: the driver's `sleep 1`
    for (int k = 1; k < int(t.size()); ++k)
        if (t[size_t(k)] - t[size_t(k - 1)] > t[size_t(z)] - t[size_t(z - 1)]) z = k;
    QCOMPARE(t[size_t(z - 1)], slept.ns);
    QVERIFY(t[size_t(z)] - slept.ns > 1000000000);
    const double sleptPx = tl->xForStep(z) - tl->xForStep(z - 1);
    QVERIFY2(sleptPx > 0.7 * (tl->xForStep(int(s.steps()) - 1) - tl->xForStep(0)),
             qPrintable(QString::number(sleptPx)));
    tl->setRealTime(false);
    QVERIFY(tl->xForStep(z) - tl->xForStep(z - 1) <= 3);
}

void TestGuiRealTime::rulerInMillisecondsThenMicroseconds() {
    auto w = openLaidOut(kS3);
    QVERIFY(w);
    Timeline* tl = w->timeline();
    QVERIFY(tl->rulerTicks().empty()); // event order: step numbers, not times
    tl->setRealTime(true);
    w->focus()->setWindow(0, w->focus()->steps());
    auto ticks = tl->rulerTicks();
    QVERIFY(ticks.size() >= 3);
    QCOMPARE(ticks.front().label, u"0"_s);
    for (size_t i = 1; i < ticks.size(); ++i) {
        QVERIFY2(ticks[i].label.endsWith(u" ms"_s) || ticks[i].label.endsWith(u" s"_s),
                 qPrintable(ticks[i].label));
        QCOMPARE(ticks[i].ns - ticks[i - 1].ns, ticks[1].ns - ticks[0].ns);
    }
    // the ticks are as far apart on screen as their times: at the events' pixels per ns
    const TimeAxis& axis = tl->timeAxis();
    const uint32_t last = w->focus()->steps() - 1;
    const double pxPerNs = (tl->xForStep(last) - tl->xForStep(0)) / double(axis.eventTime(last));
    const int tickPx =
        tl->xForStep(axis.positionAt(ticks[2].ns)) - tl->xForStep(axis.positionAt(ticks[1].ns));
    QVERIFY2(std::abs(tickPx - (ticks[2].ns - ticks[1].ns) * pxPerNs) <= 1.5,
             qPrintable(QString::number(tickPx)));
    // zoomed in to half a millisecond around the first stat: microseconds
    const double t = axis.eventTime(uint32_t(w->focus()->steps() / 3));
    w->focus()->setWindow(axis.positionAt(t), axis.positionAt(t + 500e3), Timeline::kMinSpanSteps);
    ticks = tl->rulerTicks();
    QVERIFY2(ticks.size() >= 2, qPrintable(u"%1 ticks in %2 .. %3"_s.arg(ticks.size())
                                               .arg(w->focus()->windowStart())
                                               .arg(w->focus()->windowEnd())));
    for (const auto& tick : ticks)
        QVERIFY2(tick.label.endsWith(u" µs"_s) || tick.label.endsWith(u" ms"_s),
                 qPrintable(tick.label));
    QVERIFY(ticks[1].ns - ticks[0].ns < 1e6 && ticks[1].ns - ticks[0].ns >= 1e3);
}

void TestGuiRealTime::toggleDisabledOnASimulatedRun() {
    MainWindow w(/*persistent=*/false);
    QAction* a = w.findChild<QAction*>(u"actionRealTime"_s);
    QVERIFY(a);
    QCOMPARE(a->shortcut(), QKeySequence(Qt::Key_T));
    QVERIFY(w.findChild<QMenu*>(u"menuView"_s)->actions().contains(a));
    QVERIFY(w.openScenario(u"d_instantiate-crash"_s));
    QVERIFY(!a->isEnabled());
    QVERIFY2(a->toolTip().contains(u"simulated run has no real time"_s), qPrintable(a->toolTip()));
    a->trigger();
    QVERIFY(!w.timeline()->realTime());
    QVERIFY(w.openScenario(kS3));
    QVERIFY(a->isEnabled());
    QVERIFY(!a->isChecked());
    a->trigger();
    QVERIFY(w.timeline()->realTime());
    QVERIFY(a->isChecked());
    // a real trace has no schedules: Explore is off, and says why
    QAction* explore = w.findChild<QAction*>(u"actionExplore"_s);
    QVERIFY(explore);
    QVERIFY(!explore->isEnabled());
    QVERIFY2(explore->toolTip().contains(u"no schedules to explore"_s),
             qPrintable(explore->toolTip()));
    // back to a simulated run: event order, the toggle off and disabled again, Explore on
    QVERIFY(w.openScenario(u"refcount-lifecycle"_s));
    QVERIFY(!w.timeline()->realTime());
    QVERIFY(!a->isEnabled() && !a->isChecked());
    QVERIFY(explore->isEnabled());
}

// In real time the cursor stands on the timestamp of the event just done; a click moves to the
// events at the nearest timestamp; W halves... zooms the time shown around the cursor.
void TestGuiRealTime::steppingClickingZoomInRealTime() {
    auto w = openLaidOut(kS3);
    QVERIFY(w);
    Timeline* tl = w->timeline();
    Focus* f = w->focus();
    tl->setRealTime(true);
    f->setWindow(0, f->steps());
    const TimeAxis& axis = tl->timeAxis();
    f->setStep(100);
    w->stepper()->stepForward();
    QCOMPARE(f->step(), 101u);
    QCOMPARE(tl->xForStepEnd(101), tl->xForStep(100)); // on event #100's timestamp
    w->stepper()->nextSyscall();
    const uint32_t k = f->step();
    QVERIFY(k > 101);
    QCOMPARE(tl->xForStepEnd(k), tl->xForStep(k - 1));
    // a click on an event's x: right after the events of that timestamp
    const int x = tl->xForStep(200);
    QTest::mouseClick(tl, Qt::LeftButton, {}, QPoint(x, tl->height() - 5));
    const uint32_t clicked = f->step();
    QVERIFY2(std::abs(tl->xForStepEnd(clicked) - x) <= 1,
             qPrintable(u"clicked at %1, cursor at %2"_s.arg(x).arg(tl->xForStepEnd(clicked))));
    QVERIFY(clicked == f->steps() || axis.eventTime(clicked) > axis.eventTime(clicked - 1));
    // W zooms the time shown by 0.7 around the cursor, which stays where it was (the first
    // stat's exit, with events microseconds apart around it)
    f->setStep(uint32_t(eventOfLine(*f->session(), findLine(kS3, u"sys_statx -> 0x0"_s).line)));
    for (int i = 0; i < 25; ++i)
        tl->findChild<QAction*>(u"timelineZoomIn"_s)->trigger();
    QVERIFY2(axis.at(f->windowEnd()) - axis.at(f->windowStart()) < 1e6, // under a millisecond
             qPrintable(QString::number(f->windowEnd() - f->windowStart())));
    const double span = axis.at(f->windowEnd()) - axis.at(f->windowStart());
    const int cursorX = tl->xForStepEnd(f->step());
    tl->findChild<QAction*>(u"timelineZoomIn"_s)->trigger();
    const double zoomed = axis.at(f->windowEnd()) - axis.at(f->windowStart());
    QVERIFY2(std::abs(zoomed / span - 0.7) < 0.001, qPrintable(QString::number(zoomed / span)));
    QVERIFY(std::abs(tl->xForStepEnd(f->step()) - cursorX) <= 1);
    tl->findChild<QAction*>(u"timelinePanRight"_s)->trigger();
    const double panned = axis.at(f->windowEnd()) - axis.at(f->windowStart());
    QVERIFY(std::abs(panned / zoomed - 1) < 0.001);
    // the same keys in event order zoom steps, as before
    tl->setRealTime(false);
    f->setWindow(0, 100);
    tl->findChild<QAction*>(u"timelineZoomIn"_s)->trigger();
    QVERIFY(std::abs((f->windowEnd() - f->windowStart()) - 70) < 1e-9);
}

void TestGuiRealTime::markersSummariseRealTime() {
    auto w = openLaidOut(kS3);
    QVERIFY(w);
    const TraceLine first = findLine(kS3, kFirstMark);
    const TraceLine done = findLine(kS3, kDoneMark);
    const Session& s = *w->focus()->session();
    auto* markers = w->findChild<Markers*>();
    QVERIFY(markers);
    // A right after the first marker line, B right after the second
    markers->setA(eventOfLine(s, first.line) + 1);
    markers->setB(eventOfLine(s, done.line) + 1);
    const QString expected = u"B − A = "_s + formatNs(double(done.ns - first.ns), 1000) +
                             u" of real time ("_s + ftraceSeconds(first.ns) + u" s to "_s +
                             ftraceSeconds(done.ns) + u" s)"_s;
    QVERIFY2(markers->summary().contains(expected), qPrintable(markers->summary()));
    QVERIFY(expected.contains(u"97.564 ms"_s)); // 7.640353 - 7.542789, as the trace says
    w->timeline()->setRealTime(true);           // the same in either mode
    QVERIFY(markers->summary().contains(expected));
    MainWindow sim(false);
    QVERIFY(sim.openScenario(u"refcount-lifecycle"_s));
    auto* simMarkers = sim.findChild<Markers*>();
    simMarkers->setA(10);
    simMarkers->setB(20);
    QVERIFY(!simMarkers->summary().contains(u"real time"_s));
}

void TestGuiRealTime::accessibleValueNamesTheTime() {
    auto w = openLaidOut(kS3);
    QVERIFY(w);
    const TraceLine done = findLine(kS3, kDoneMark);
    const int e = eventOfLine(*w->focus()->session(), done.line);
    w->focus()->setStep(uint32_t(e) + 1);
    QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(w->timeline());
    QVERIFY(iface);
    const QString value = iface->text(QAccessible::Value);
    QVERIFY2(value.contains(u"at "_s + ftraceSeconds(done.ns) + u" s"_s), qPrintable(value));
    QVERIFY(iface->text(QAccessible::Description).contains(u"event order"_s));
    w->timeline()->setRealTime(true);
    QVERIFY(iface->text(QAccessible::Description).contains(u"real time"_s));
    QCOMPARE(iface->text(QAccessible::Value), value); // the same step, the same words
    auto* v = iface->valueInterface();
    QVERIFY(v);
    v->setCurrentValue(10u);
    QCOMPARE(w->focus()->step(), 10u);
}

// A PNG of the window on the real axis carries "axis": "real time"; opened again it shows the
// same picture, pixel for pixel; an older picture without the field is in event order; a state
// in real time does not apply to a simulated run, and says why.
void TestGuiRealTime::pictureKeepsTheAxis() {
    auto w = openLaidOut(kS3);
    QVERIFY(w);
    w->timeline()->setRealTime(true);
    const ViewState st = ViewState::capture(*w, u"light"_s, QString(), kSize);
    QVERIFY(st.realTime);
    QVERIFY(st.toJson().contains("\"axis\": \"real time\""));
    QVERIFY(ViewState::capture(*openLaidOut(kS3), {}, {}, kSize)
                .toJson()
                .contains("\"axis\": \"event order\""));
    // as a user does it: render on the real axis, then render the picture again
    QTemporaryDir dir;
    const QString first = dir.filePath(u"real.png"_s), again = dir.filePath(u"again.png"_s);
    for (const QStringList& args :
         {QStringList{kS3, u"--real-time"_s, u"--step"_s, u"250"_s, u"--render"_s, first},
          QStringList{first, u"--render"_s, again}}) {
        QProcess p;
        p.start(QStringLiteral(DS_GUI_EXE), args);
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
    QString error;
    const auto back = picture::read(first, &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(back->realTime);
    const ImageComparison c = compareImages(QImage(first), QImage(again), {0, 0.0});
    QVERIFY2(c.matches(), qPrintable(c.summary()));
    const auto second = picture::read(again, &error);
    QVERIFY(second && second->realTime);
    MainWindow reopened(false);
    QVERIFY2(back->applyTo(reopened, &error), qPrintable(error));
    QVERIFY(reopened.timeline()->realTime());
    QVERIFY(reopened.findChild<QAction*>(u"actionRealTime"_s)->isChecked());
    // the same command in event order is another picture
    QProcess p;
    const QString events = dir.filePath(u"events.png"_s);
    p.start(QStringLiteral(DS_GUI_EXE), {kS3, u"--step"_s, u"250"_s, u"--render"_s, events});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY(!compareImages(QImage(first), QImage(events)).matches());
    // --real-time on a simulated run cannot be honoured: it says so
    p.start(QStringLiteral(DS_GUI_EXE),
            {u"refcount-lifecycle"_s, u"--real-time"_s, u"--render"_s, dir.filePath(u"sim.png"_s)});
    QVERIFY(p.waitForFinished(120000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("simulated run has no real time"));
    // without "axis" (a picture from before): event order
    QJsonObject o = QJsonDocument::fromJson(st.toJson()).object();
    QJsonObject win = o.value(u"window"_s).toObject();
    QVERIFY(win.contains(u"axis"_s));
    win.remove(u"axis"_s);
    o[u"window"_s] = win;
    const auto fromOld = ViewState::fromJson(QJsonDocument(o).toJson(), &error);
    QVERIFY2(fromOld, qPrintable(error));
    QVERIFY(!fromOld->realTime);
    QByteArray wrong = st.toJson();
    wrong.replace("\"real time\"", "\"sideways\"");
    QVERIFY(!ViewState::fromJson(wrong, &error));
    QVERIFY2(error.contains(u"axis"_s), qPrintable(error));
    MainWindow sim(false);
    QVERIFY(sim.openScenario(u"refcount-lifecycle"_s));
    ViewState onSim = *back;
    onSim.step = 1;
    onSim.selected = 0;
    QVERIFY(!onSim.applyView(sim, &error));
    QVERIFY2(error.contains(u"simulated run has no real time"_s), qPrintable(error));
}

QTEST_MAIN(TestGuiRealTime)
#include "tst_gui_realtime.moc"
