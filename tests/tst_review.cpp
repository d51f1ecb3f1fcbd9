// SPDX-License-Identifier: GPL-2.0-or-later
// Reviews (issue 14): pictures that carry their state and reopen it to the same pixels, renders
// that frame the timeline on what matters, and command lines that never fall back silently.
// The executable runs as a real process (DS_GUI_EXE); framing and branched states are checked in
// this process through the same MainWindow.
#include "exportactions.h"
#include "focus.h"
#include "headless.h"
#include "mainwindow.h"
#include "markers.h"
#include "picture.h"
#include "replay/range.h"
#include "reviewframe.h"
#include "scenario/runner.h"
#include "session.h"
#include "sessionstore.h"
#include "stepper.h"
#include "timeline.h"
#include "viewstate.h"

#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace ds;
using namespace ds::ui;

namespace {

struct Result {
    int exitCode = -1;
    QByteArray err;
};

Result runGui(const QStringList& args) {
    QProcess p;
    // Qt warns on stderr without a runtime directory; a desktop session has one.
    static QTemporaryDir runtime;
    QFile::setPermissions(runtime.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(DS_GUI_EXE), args);
    if (!p.waitForFinished(180000) || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitCode(), p.readAllStandardError()};
}

QString builtinText(const QString& name) {
    std::vector<scenario::ParseError> errors;
    std::string text;
    scenario::loadScenario(name.toStdString(), errors, &text);
    return QString::fromStdString(text);
}

QRect view(const QWidget* w) {
    return QRect(0, 0, w->width(), w->height());
}

// The step of the first BUG (where --at-bug stops) in a fresh window.
uint32_t bugStep(MainWindow& window) {
    headless::stepToFirstBug(*window.focus());
    return window.focus()->step();
}

} // namespace

class TestReview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void misuseIsExit2_data();
    void misuseIsExit2();
    void pictureKnowsItsState_data();
    void pictureKnowsItsState();
    void branchedStateRoundTrips();
    void badStateIsRefused();
    void renderFramesTheBug_data();
    void renderFramesTheBug();
    void lastSessionComesBack();
    void sessionFileRoundTrips();
    void resetLayout();
    void markersAndRangeSummary();
    void arrowFromInstantiateToBug();
    void logFilterNeverBlocksAndKeepsTheStep();
    void timelineIsInTheTabChain();
    void pinAndExport();

private:
    QTemporaryDir dir_;
};

void TestReview::initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY(headless::useRenderFont());
    // The persistent windows below write their settings here, never to the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("dentryscope-tst-review"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       dir_.filePath(QStringLiteral("settings")));
    headless::applyTheme(QStringLiteral("light"));
}

void TestReview::misuseIsExit2_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("says");
    const QString png = dir_.filePath(QStringLiteral("never.png"));
    QTest::newRow("--at-bug without a BUG")
        << QStringList{QStringLiteral("refcount-lifecycle"), QStringLiteral("--at-bug"),
                       QStringLiteral("--render"), png}
        << QByteArray("reports no BUG");
    QTest::newRow("--step past the end")
        << QStringList{QStringLiteral("d_instantiate-crash"), QStringLiteral("--step"),
                       QStringLiteral("99999"), QStringLiteral("--render"), png}
        << QByteArray("past the end");
    QTest::newRow("--render without a scenario")
        << QStringList{QStringLiteral("--render"), png} << QByteArray("needs a scenario");
    QTest::newRow("a picture without state")
        << QStringList{QStringLiteral(DENTRYSCOPE_TESTS_DIR "/golden/images/window-at-bug.png"),
                       QStringLiteral("--render"), png}
        << QByteArray("carries no dentryscope state");
}

void TestReview::misuseIsExit2() {
    QFETCH(QStringList, args);
    QFETCH(QByteArray, says);
    const Result r = runGui(args);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.startsWith("dentryscope: ") && r.err.contains(says), r.err.constData());
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("never.png"))));
}

void TestReview::pictureKnowsItsState_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QString>("pane");
    QTest::addColumn<QString>("size");
    QTest::addColumn<QString>("theme");
    QTest::newRow("window png") << QStringLiteral("png") << QString() << QStringLiteral("1200x800")
                                << QStringLiteral("light");
    QTest::newRow("window svg") << QStringLiteral("svg") << QString() << QStringLiteral("1000x640")
                                << QStringLiteral("dark");
    for (const QString& pane : MainWindow::paneNames())
        QTest::newRow(qPrintable(pane + QStringLiteral(" png")))
            << QStringLiteral("png") << pane << QStringLiteral("640x400")
            << QStringLiteral("light");
}

// Render at the BUG, read the state back, reopen the picture and render it again: same pixels
// (PNG) or the same document (SVG), and the same state.
void TestReview::pictureKnowsItsState() {
    QFETCH(QString, suffix);
    QFETCH(QString, pane);
    QFETCH(QString, size);
    QFETCH(QString, theme);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
    const QString shot = dir_.filePath(tag + QStringLiteral("-shot.") + suffix);
    const QString again = dir_.filePath(tag + QStringLiteral("-again.") + suffix);
    QStringList args{QStringLiteral("d_instantiate-crash"),
                     QStringLiteral("--at-bug"),
                     QStringLiteral("--size"),
                     size,
                     QStringLiteral("--theme"),
                     theme,
                     QStringLiteral("--render"),
                     shot};
    if (!pane.isEmpty()) args << QStringLiteral("--pane") << pane;
    Result r = runGui(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());

    QString error;
    const std::optional<ViewState> st = picture::read(shot, &error);
    QVERIFY2(st, qPrintable(error));
    QCOMPARE(st->name, QStringLiteral("d_instantiate-crash"));
    QCOMPARE(st->text, builtinText(QStringLiteral("d_instantiate-crash")));
    QCOMPARE(st->runDesign, QStringLiteral("next-20240104"));
    QVERIFY(st->schedule.contains(QStringLiteral("switch ")));
    QCOMPARE(st->theme, theme);
    QCOMPARE(st->pane, pane);
    QCOMPARE(QStringLiteral("%1x%2").arg(st->size.width()).arg(st->size.height()), size);
    QCOMPARE(st->version, QStringLiteral(DENTRYSCOPE_VERSION));
    {
        MainWindow window(false);
        QVERIFY(window.openScenario(QStringLiteral("d_instantiate-crash")));
        const uint32_t bug = bugStep(window);
        QCOMPARE(st->step, bug);
        QCOMPARE(st->selected, window.focus()->selected());
        QVERIFY(st->selected != 0);
        QVERIFY(st->selectedLabel.startsWith(QStringLiteral("dentry #")));
        QVERIFY(st->windowStart <= bug && bug <= st->windowEnd);
    }

    r = runGui({shot, QStringLiteral("--render"), again});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile a(shot), b(again);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    if (suffix == QStringLiteral("svg")) {
        QCOMPARE(b.readAll(), a.readAll());
    } else {
        const QImage first = QImage::fromData(a.readAll(), "PNG");
        const QImage second = QImage::fromData(b.readAll(), "PNG");
        QVERIFY(!first.isNull());
        QCOMPARE(second.size(), first.size());
        QVERIFY2(second == first, "the reopened picture renders other pixels");
    }
    // A picture carries its design: another one asked for as well is a wrong command line.
    r = runGui({shot, QStringLiteral("--design"), QStringLiteral("v6.8"),
                QStringLiteral("--render"), dir_.filePath(tag + QStringLiteral("-never.png"))});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--design cannot be used with a picture"), r.err.constData());
    const std::optional<ViewState> st2 = picture::read(again, &error);
    QVERIFY2(st2, qPrintable(error));
    QCOMPARE(st2->toJson(), st->toJson());
}

// A branched run, its state through JSON into a fresh window: the same schedule, step,
// selection and window, and the same picture.
void TestReview::branchedStateRoundTrips() {
    MainWindow first(false);
    QVERIFY(first.openScenario(QStringLiteral("two-readers-v6.8")));
    Focus& focus = *first.focus();
    uint32_t at = 0;
    std::optional<scenario::Choice> choice;
    for (uint32_t k = 10; k < focus.steps() && !choice; ++k)
        if ((choice = focus.session()->choiceAt(k))) at = k;
    QVERIFY(choice);
    focus.setStep(at);
    TaskId other = kNoTask;
    for (int t = 0; t < 32 && other == kNoTask; ++t)
        if (choice->canRun(t) && TaskId(t) != focus.replay().event(at).task) other = TaskId(t);
    QVERIFY(other != kNoTask);
    QVERIFY(first.stepper()->runNext(other));
    QCOMPARE(focus.session()->branches.size(), std::size_t(1));
    focus.setStep(std::min(focus.steps(), at + 25));
    focus.setSelected(focus.replay().event(at).obj);
    focus.setWindow(at - 30.0, at + 70.0);
    const QSize size(1000, 640);
    const QImage before = headless::renderImage(first, size);
    const ViewState st = ViewState::capture(first, QStringLiteral("light"), {}, size);

    QString error;
    const std::optional<ViewState> back = ViewState::fromJson(st.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    MainWindow second(false);
    QVERIFY2(back->applyTo(second, &error), qPrintable(error));
    headless::layOut(second, size);
    QVERIFY2(back->applyView(second, &error), qPrintable(error));
    QCOMPARE(second.focus()->session()->scheduleText(), focus.session()->scheduleText());
    QCOMPARE(second.focus()->step(), focus.step());
    QCOMPARE(second.focus()->selected(), focus.selected());
    QCOMPARE(second.focus()->windowStart(), focus.windowStart());
    QCOMPARE(second.focus()->windowEnd(), focus.windowEnd());
    const QImage after = headless::renderImage(second, size);
    // Known: after a branch made in the window, the schedule box's right edge differs by a few
    // pixels from the same box filled at open (a glyph clipped one pixel differently by the
    // QPlainTextEdit's viewport; the text and every other widget are the same). Inside that box
    // up to 8 pixels may differ; everywhere else not one.
    QCOMPARE(after.size(), before.size());
    const QWidget* box = first.findChild<QWidget*>(QStringLiteral("scheduleText"));
    QVERIFY(box && box->isVisibleTo(&first));
    const QRect boxRect(box->mapTo(&first, QPoint(0, 0)), box->size());
    const QImage a = after.convertToFormat(QImage::Format_RGB32);
    const QImage b = before.convertToFormat(QImage::Format_RGB32);
    int inBox = 0, outside = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            if (a.pixel(x, y) != b.pixel(x, y)) ++(boxRect.contains(x, y) ? inBox : outside);
    if (inBox + outside) { // keep both for the reader
        before.save(QDir::temp().filePath(QStringLiteral("tst_review-before.png")));
        after.save(QDir::temp().filePath(QStringLiteral("tst_review-after.png")));
    }
    const QString where = QStringLiteral(" (see tst_review-before.png and tst_review-after.png in "
                                         "the temporary folder)");
    QVERIFY2(outside == 0, qPrintable(QString::number(outside) +
                                      QStringLiteral(" pixels differ outside the "
                                                     "schedule box") +
                                      where));
    QVERIFY2(inBox <= 8, qPrintable(QString::number(inBox) +
                                    QStringLiteral(" pixels differ in the schedule box") + where));
}

void TestReview::badStateIsRefused() {
    QString error;
    QVERIFY(!ViewState::fromJson("{", &error));
    QVERIFY(error.contains(QStringLiteral("not a dentryscope state")));
    MainWindow window(false);
    QVERIFY(window.openScenario(QStringLiteral("d_instantiate-crash")));
    ViewState st = ViewState::capture(window, QStringLiteral("light"), {}, QSize(800, 600));
    QByteArray json = st.toJson();
    json.replace("\"theme\": \"light\"", "\"theme\": \"pink\"");
    QVERIFY(!ViewState::fromJson(json, &error));
    QVERIFY2(error.contains(QStringLiteral("'theme'")), qPrintable(error));
    st.step = window.focus()->steps() + 1;
    MainWindow other(false);
    QVERIFY(!st.applyTo(other, &error));
    QVERIFY2(error.contains(QStringLiteral("past the end")), qPrintable(error));
}

void TestReview::renderFramesTheBug_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("1600x1000") << QSize(1600, 1000);
    QTest::newRow("1200x800") << QSize(1200, 800);
}

// At the BUG: the cursor, the victim dentry's lane and the syscall rows of both tasks are inside
// the timeline, and the step counter and the Next chooser are on the toolbar.
void TestReview::renderFramesTheBug() {
    QFETCH(QSize, size);
    MainWindow window(false);
    QVERIFY(window.openScenario(QStringLiteral("d_instantiate-crash")));
    const uint32_t bug = bugStep(window);
    headless::layOut(window, size);
    frameForReview(window);
    const Timeline& t = *window.timeline();
    const QRect view(0, 0, t.width(), t.height());
    const int x = t.xForStep(bug);
    QVERIFY2(x > t.plotLeft() && x < t.width(), qPrintable(QString::number(x)));
    const int lane = t.laneOf(window.focus()->selected());
    QVERIFY(lane >= 0);
    QVERIFY(view.contains(t.laneRect(lane)));
    int taskRows = 0;
    for (int i = 0; i < int(t.lanes().size()); ++i)
        if (t.lanes()[size_t(i)].kind == TimelineLaneKind::Syscalls &&
            t.lanes()[size_t(i)].task != kNoTask) {
            ++taskRows;
            QVERIFY2(view.contains(t.laneRect(i)), qPrintable(t.lanes()[size_t(i)].label));
        }
    QCOMPARE(taskRows, 2);
    const auto visibleOnToolbar = [&](const QWidget* w) {
        return w && !w->isHidden() && w->parentWidget() &&
               w->parentWidget()->rect().contains(w->geometry());
    };
    QVERIFY(visibleOnToolbar(window.findChild<QLabel*>(QStringLiteral("stepLabel"))));
    QVERIFY(visibleOnToolbar(window.runNextPicker()));
}

// Close the window, start again: the scenario, its design, the step, the selection, the zoom
// (visible window) and the theme come back.
void TestReview::lastSessionComesBack() {
    uint32_t step = 0;
    ObjId selected = 0;
    double start = 0, end = 0;
    {
        MainWindow window(/*persistent=*/true);
        QVERIFY(window.openScenario(QStringLiteral("two-readers-v6.8"), QStringLiteral("v6.7")));
        Focus& f = *window.focus();
        f.setStep(f.steps() / 2);
        f.setSelected(f.replay().event(f.step() - 1).obj ? f.replay().event(f.step() - 1).obj : 3);
        f.setWindow(f.step() - 40.0, f.step() + 60.0);
        window.findChild<SessionStore*>()->setTheme(QStringLiteral("dark"));
        step = f.step();
        selected = f.selected();
        start = f.windowStart();
        end = f.windowEnd();
        QVERIFY(window.close());
    }
    headless::applyTheme(QStringLiteral("light"));
    MainWindow again(/*persistent=*/true);
    QVERIFY(!again.focus()->hasRun());
    QString error;
    QVERIFY2(again.findChild<SessionStore*>()->restoreLast(&error), qPrintable(error));
    const Focus& f = *again.focus();
    QCOMPARE(again.scenarioName(), QStringLiteral("two-readers-v6.8"));
    QCOMPARE(QString::fromStdString(f.session()->run.design), QStringLiteral("v6.7"));
    QCOMPARE(f.step(), step);
    QCOMPARE(f.selected(), selected);
    QCOMPARE(f.windowStart(), start);
    QCOMPARE(f.windowEnd(), end);
    QCOMPARE(headless::currentTheme(), QStringLiteral("dark"));
    QVERIFY(again.findChild<QAction*>(QStringLiteral("actionThemedark"))->isChecked());
    headless::applyTheme(QStringLiteral("light"));
}

void TestReview::sessionFileRoundTrips() {
    const QString path = dir_.filePath(QStringLiteral("session.json"));
    MainWindow window(false);
    QVERIFY(window.openScenario(QStringLiteral("d_instantiate-crash")));
    const uint32_t bug = bugStep(window);
    QString error;
    QVERIFY2(window.findChild<SessionStore*>()->saveFile(path, &error), qPrintable(error));
    MainWindow other(false);
    QVERIFY2(other.findChild<SessionStore*>()->openFile(path, &error), qPrintable(error));
    QCOMPARE(other.focus()->step(), bug);
    QCOMPARE(other.focus()->selected(), window.focus()->selected());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\": \"dentryscope-session 1\", \"state\": {\"format\": 3}}");
    f.close();
    QVERIFY(!other.findChild<SessionStore*>()->openFile(path, &error));
    QVERIFY2(error.startsWith(path + QStringLiteral(": state field")), qPrintable(error));
    QCOMPARE(other.focus()->step(), bug); // a bad file changes nothing
}

// Docks closed, floated and moved: Reset layout puts each back where the window built it.
void TestReview::resetLayout() {
    MainWindow window(false);
    headless::layOut(window, QSize(1200, 800));
    QMap<QString, Qt::DockWidgetArea> areas;
    for (QDockWidget* d : window.findChildren<QDockWidget*>())
        areas[d->objectName()] = window.dockWidgetArea(d);
    auto* tree = window.findChild<QDockWidget*>(QStringLiteral("dockTree"));
    auto* log = window.findChild<QDockWidget*>(QStringLiteral("dockEventLog"));
    auto* stack = window.findChild<QDockWidget*>(QStringLiteral("dockStack"));
    tree->hide();
    log->setFloating(true);
    window.addDockWidget(Qt::LeftDockWidgetArea, stack);
    QCOMPARE(window.dockWidgetArea(stack), Qt::LeftDockWidgetArea);
    window.findChild<QAction*>(QStringLiteral("actionResetLayout"))->trigger();
    QVERIFY(!tree->isHidden());
    QVERIFY(!log->isFloating());
    for (QDockWidget* d : window.findChildren<QDockWidget*>())
        QCOMPARE(window.dockWidgetArea(d), areas.value(d->objectName()));
}

// The crash: A from the victim's allocation, B at the BUG. The pane names the victim as
// created and counts the report; a Shift+drag on the timeline sets the same range.
void TestReview::markersAndRangeSummary() {
    MainWindow window(false);
    QVERIFY(window.openScenario(QStringLiteral("d_instantiate-crash")));
    const uint32_t bug = bugStep(window);
    const ObjId victim = window.focus()->selected();
    const uint32_t alloc = window.focus()->replay().lifespan(victim).allocSeq;
    auto* markers = window.findChild<Markers*>();
    QVERIFY(markers);
    window.focus()->setStep(alloc);
    window.findChild<QAction*>(QStringLiteral("actionMarkerA"))->trigger();
    window.focus()->setStep(bug);
    window.findChild<QAction*>(QStringLiteral("actionMarkerB"))->trigger();
    QCOMPARE(markers->a(), int(alloc));
    QCOMPARE(markers->b(), int(bug));
    const QString text = markers->view()->toPlainText();
    const QString victimLine = QStringLiteral("  ") +
                               window.focus()->session()->objectLabel(victim) +
                               QStringLiteral(": created");
    QVERIFY2(text.contains(victimLine), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(", 1 reports")), qPrintable(text));
    const RangeSummary r = summarizeRange(window.focus()->replay(), bug, alloc);
    QCOMPARE(r.from, alloc);
    QCOMPARE(r.to, bug);
    QCOMPARE(r.events, bug - alloc);

    // Shift+drag over the timeline: the markers take the range.
    headless::layOut(window, QSize(1600, 1000));
    frameForReview(window);
    Timeline* t = window.timeline();
    const int y = t->height() / 2;
    const int x0 = t->xForStep(alloc), x1 = t->xForStep(bug);
    QTest::mousePress(t, Qt::LeftButton, Qt::ShiftModifier, QPoint(x0, y));
    QTest::mouseMove(t, QPoint(x1, y));
    QTest::mouseRelease(t, Qt::LeftButton, Qt::ShiftModifier, QPoint(x1, y));
    // Within the steps one pixel covers.
    const int perPixel = int(std::ceil(t->stepAtX(x0 + 1) - t->stepAtX(x0))) + 1;
    QVERIFY2(std::abs(markers->a() - int(alloc)) <= perPixel,
             qPrintable(QString::number(markers->a())));
    QVERIFY2(std::abs(markers->b() - int(bug)) <= perPixel,
             qPrintable(QString::number(markers->b())));
    QCOMPARE(window.focus()->step(), bug); // a range selection does not move the cursor
}

// The victim's relations include the arrow from B's d_instantiate to A's BUG.
void TestReview::arrowFromInstantiateToBug() {
    MainWindow window(false);
    QVERIFY(window.openScenario(QStringLiteral("d_instantiate-crash")));
    const uint32_t bug = bugStep(window);
    const Replay& rp = window.focus()->replay();
    const ObjId victim = window.focus()->selected();
    bool found = false;
    for (const Relation& r : relatedEvents(rp, victim)) {
        if (r.kind != Relation::Kind::CauseOfReport) continue;
        QCOMPARE(rp.event(r.to).kind, EventKind::Report);
        QCOMPARE(r.to + 1, bug);
        QCOMPARE(rp.event(r.from).kind, EventKind::Instantiate);
        QVERIFY(rp.event(r.from).task != rp.event(r.to).task);
        QCOMPARE(window.focus()->session()->taskName(rp.event(r.from).task), QStringLiteral("B"));
        QCOMPARE(window.focus()->session()->taskName(rp.event(r.to).task), QStringLiteral("A"));
        found = true;
    }
    QVERIFY(found);
    // Every put is paired with an earlier get of the same task.
    for (const Relation& r : relatedEvents(rp, victim))
        if (r.kind == Relation::Kind::GetPut) {
            QVERIFY(r.from < r.to);
            QCOMPARE(rp.event(r.from).kind, EventKind::Get);
            QCOMPARE(rp.event(r.to).kind, EventKind::Put);
            QCOMPARE(rp.event(r.from).task, rp.event(r.to).task);
        }
}

// The filter gives control back between slices, finds what QSortFilterProxyModel's fixed-string
// filter finds, and keeps the current step's row (or the one before it) highlighted.
void TestReview::logFilterNeverBlocksAndKeepsTheStep() {
    MainWindow window(false);
    QVERIFY(window.openScenario(QStringLiteral("d_instantiate-crash")));
    const uint32_t bug = bugStep(window);
    LogFilterModel* proxy = window.eventLogProxy();
    proxy->setFilterFixedString(QStringLiteral("d_instantiate"));
    const int all = proxy->rowCount();
    QVERIFY(all > 0);
    QVERIFY(all < int(window.focus()->steps()));
    proxy->startFilter(QStringLiteral("d_instantiate"));
    QVERIFY(proxy->isScanning());
    QTRY_VERIFY(!proxy->isScanning());
    QCOMPARE(proxy->rowCount(), all);
    // The highlighted row is the last matching event at or before the step.
    const QModelIndex current = window.eventLogView()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(proxy->mapToSource(current).row(),
             proxy->mapToSource(proxy->index(proxy->rowAtOrBefore(int(bug) - 1), 0)).row());
    // Find next / previous move between matching events.
    const int before = proxy->previousMatch(int(bug) - 1);
    QVERIFY(before >= 0);
    window.findChild<QAction*>(QStringLiteral("actionFindPrevious"))->trigger();
    QCOMPARE(window.focus()->step(), uint32_t(before) + 1);
    const int earlier = proxy->previousMatch(before);
    QVERIFY(earlier >= 0 && earlier < before);
    window.findChild<QAction*>(QStringLiteral("actionFindPrevious"))->trigger();
    QCOMPARE(window.focus()->step(), uint32_t(earlier) + 1);
    QCOMPARE(proxy->nextMatch(earlier), before);
    window.findChild<QAction*>(QStringLiteral("actionFindNext"))->trigger();
    QCOMPARE(window.focus()->step(), uint32_t(before) + 1);
}

// Tab reaches the timeline: it takes focus by Tab and is in the window's focus chain.
void TestReview::timelineIsInTheTabChain() {
    MainWindow window(false);
    QVERIFY(window.timeline()->focusPolicy() & Qt::TabFocus);
    bool found = false;
    QWidget* w = &window;
    for (int i = 0; i < 10000 && !found; ++i) {
        w = w->nextInFocusChain();
        if (w == &window) break;
        found = w == window.timeline();
    }
    QVERIFY(found);
}

// P pins the selected object's lane right under the counters; Export view writes a picture whose
// state names the pin; Copy reproducer is the scenario with its schedule and the step.
void TestReview::pinAndExport() {
    MainWindow window(false);
    QVERIFY(window.openScenario(QStringLiteral("d_instantiate-crash")));
    const uint32_t bug = bugStep(window);
    const ObjId victim = window.focus()->selected();
    headless::layOut(window, QSize(1200, 800));
    Timeline* t = window.timeline();
    const int before = t->laneOf(victim);
    window.findChild<QAction*>(QStringLiteral("timelinePin"))->trigger();
    QCOMPARE(t->pinned(), std::vector<ObjId>{victim});
    const int pinned = t->laneOf(victim);
    QVERIFY(pinned < before);
    QCOMPARE(t->lanes()[size_t(pinned) - 1].kind, TimelineLaneKind::Header); // "pinned (1)"
    QCOMPARE(t->lanes()[size_t(pinned) - 2].kind, TimelineLaneKind::Counter);

    const QString file = dir_.filePath(QStringLiteral("export-timeline.png"));
    QString error;
    QVERIFY2(ExportActions::exportView(window, file, QStringLiteral("timeline"), &error),
             qPrintable(error));
    const std::optional<ViewState> st = picture::read(file, &error);
    QVERIFY2(st, qPrintable(error));
    QCOMPARE(st->pinned, std::vector<ObjId>{victim});
    QCOMPARE(st->pane, QStringLiteral("timeline"));
    QCOMPARE(st->size, t->size());
    QCOMPARE(QImage(file).size(), t->size());
    QVERIFY(!ExportActions::exportView(window, dir_.filePath(QStringLiteral("x.bmp")), {}, &error));

    // Copy image: the picture on the clipboard, its PNG with the state.
    window.findChild<QAction*>(QStringLiteral("actionCopyImage"))->trigger();
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime && mime->hasImage());
    QCOMPARE(qvariant_cast<QImage>(mime->imageData()).size(), window.size());
    const QString copied = dir_.filePath(QStringLiteral("copied.png"));
    QFile png(copied);
    QVERIFY(png.open(QIODevice::WriteOnly) &&
            png.write(mime->data(QStringLiteral("image/png"))) > 0);
    png.close();
    const std::optional<ViewState> fromClipboard = picture::read(copied, &error);
    QVERIFY2(fromClipboard, qPrintable(error));
    QCOMPARE(fromClipboard->step, bug);

    const QString repro = ExportActions::reproducer(window);
    QVERIFY2(repro.contains(QStringLiteral("switch ")), qPrintable(repro));
    QVERIFY2(repro.contains(QStringLiteral("--step %1").arg(bug)), qPrintable(repro));

    window.findChild<QAction*>(QStringLiteral("timelinePin"))->trigger();
    QVERIFY(t->pinned().empty());
    QCOMPARE(t->laneOf(victim), before);

    // Lane search by name: the next object lane whose label has the text is selected.
    QVERIFY(t->findLane(QStringLiteral("SCHED_SWITCH")));
    const ObjId found = window.focus()->selected();
    QVERIFY2(window.focus()->session()->objectName(found) == QStringLiteral("sched_switch"),
             qPrintable(window.focus()->session()->objectLabel(found)));
    QVERIFY(view(t).contains(t->laneRect(t->laneOf(found))));
    QVERIFY(!t->findLane(QStringLiteral("no-such-lane")));
    QCOMPARE(window.focus()->selected(), found);
}

QTEST_MAIN(TestReview)
#include "tst_review.moc"
