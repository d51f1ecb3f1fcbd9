// SPDX-License-Identifier: GPL-2.0-or-later
// The main window driven like a user: keys step through d_instantiate-crash, the tree shows the
// first dentry d_alloc creates and loses it when stepping back, F9 runs to the BUG and the call
// stack shows the nested lookup, and selecting a dentry moves the inspector and the timeline.
// Breakpoints (F8 / Shift+F8 continue, Ctrl+F8 on the selected object, a function typed into the
// Breakpoints pane) stop where they should; Alt+1/Alt+2 branch a run where both tasks can go on.
#include "breakpoints.h"
#include "callstack.h"
#include "dentrytreemodel.h"
#include "focus.h"
#include "inspector.h"
#include "mainwindow.h"
#include "replay/navigation.h"
#include "scenario/parser.h"
#include "timeline.h"
#include "trace/symbols.h"
#include "treepane.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <functional>
#include <vector>

using namespace ds;
using namespace ds::ui;

class TestGuiWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stepThroughTheCrash();
    void shortcutsShownInMenus();
    void functionBreakpointThenBug();
    void objectAndKindBreakpoints();
    void branchTwoReaders();
    void branchAwayFromTheCrash();
    void breakpointsPersist();
    void corruptedSettings();

private:
    void key(QWidget* w, Qt::Key k, Qt::KeyboardModifiers m = Qt::NoModifier) {
        QTest::keyClick(w, k, m);
    }
    static void showWindow(MainWindow& w);
};

void TestGuiWindow::showWindow(MainWindow& w) {
    w.resize(1400, 900);
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
}

// Events [0, n) of a run, compared field by field.
static bool sameEvents(std::span<const Event> a, std::span<const Event> b, size_t n) {
    if (a.size() < n || b.size() < n) return false;
    for (size_t i = 0; i < n; ++i) {
        const Event &x = a[i], &y = b[i];
        if (x.seq != y.seq || x.kind != y.kind || x.task != y.task || x.okind != y.okind ||
            x.obj != y.obj || x.a != y.a || x.b != y.b || x.sym != y.sym || x.src != y.src)
            return false;
    }
    return true;
}

void TestGuiWindow::initTestCase() {
    QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 9));
}

void TestGuiWindow::stepThroughTheCrash() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    w.resize(1400, 900);
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    Focus* focus = w.focus();
    QVERIFY(focus->hasRun());
    const Replay& rp = focus->replay();

    // The first Alloc of a dentry inside d_alloc.
    uint32_t allocSeq = kNever;
    for (uint32_t seq = 0; seq < rp.size(); ++seq) {
        const Event& e = rp.event(seq);
        if (e.kind != EventKind::Alloc || e.okind != ObjKind::Dentry) continue;
        const uint32_t frame = rp.frameAt(e.task, seq);
        if (frame && symbol(rp.call(frame).fn) == "d_alloc") {
            allocSeq = seq;
            break;
        }
    }
    QVERIFY(allocSeq != kNever);
    const ObjId dentry = rp.event(allocSeq).obj;

    // Right arrow until that event has been folded.
    QCOMPARE(focus->step(), 0u);
    while (focus->step() < allocSeq + 1) {
        const uint32_t before = focus->step();
        key(&w, Qt::Key_Right);
        QCOMPARE(focus->step(), before + 1);
    }
    DentryTreeModel* tree = w.treePane()->model();
    QModelIndex row = tree->indexOf(dentry);
    QVERIFY2(row.isValid(), "the new dentry has a row");
    QCOMPARE(tree->index(row.row(), DentryTreeModel::Count, row.parent()).data().toInt(), 1);
    QCOMPARE(tree->index(row.row(), DentryTreeModel::Name, row.parent()).data().toString(),
             QString::fromUtf8(symbol(rp.event(allocSeq).sym).data()));
    QVERIFY(row.data(DentryTreeModel::ChangedRole).toBool()); // new at this step: highlighted

    // Left arrow: it is gone.
    key(&w, Qt::Key_Left);
    QCOMPARE(focus->step(), allocSeq);
    QVERIFY(!tree->indexOf(dentry).isValid());

    // F9: run to the BUG; the call stack shows the nested lookup.
    key(&w, Qt::Key_F9);
    QVERIFY(!rp.reportSeqs().empty());
    QCOMPARE(focus->step(), rp.reportSeqs().front() + 1);
    const QStringList frames = w.callStack()->model()->functions();
    QVERIFY2(frames.contains(QStringLiteral("d_instantiate")), qPrintable(frames.join(u' ')));
    QVERIFY2(frames.contains(QStringLiteral("eventfs_root_lookup")), qPrintable(frames.join(u' ')));
    QCOMPARE(frames.first(), QStringLiteral("d_instantiate"));
    // At the BUG the task is dying, and stays so while do_exit closes its files; its
    // task_exit makes it dead.
    QVERIFY2(w.callStack()->headerText().contains(QStringLiteral("oops")),
             qPrintable(w.callStack()->headerText()));
    const uint32_t atBug = focus->step();
    const uint32_t exitSeq = rp.taskEndSeq(rp.event(atBug - 1).task);
    QVERIFY(exitSeq != kNever && exitSeq > atBug);
    focus->setStep(exitSeq);
    QVERIFY2(w.callStack()->headerText().contains(QStringLiteral("oops")),
             qPrintable(w.callStack()->headerText()));
    focus->setStep(exitSeq + 1);
    QVERIFY2(w.callStack()->headerText().contains(QStringLiteral("died (BUG)")),
             qPrintable(w.callStack()->headerText()));
    focus->setStep(atBug);
    // The source pane shows the engine file of the innermost frame, the line marked.
    QVERIFY(!w.callStack()->shownFile().isEmpty());
    QVERIFY(w.callStack()->shownLine() > 0);
    QVERIFY(!w.callStack()->sourceView()->toPlainText().isEmpty());

    // Click a dentry in the tree: the inspector and the timeline follow.
    QTreeView* view = w.treePane()->view();
    ObjId target = 0;
    QModelIndex targetIndex;
    for (int r = 0; r < tree->rowCount() && !target; ++r) {
        const QModelIndex top = tree->index(r, 0);
        for (int c = 0; c < tree->rowCount(top); ++c) {
            targetIndex = tree->index(c, 0, top);
            target = targetIndex.data(DentryTreeModel::ObjIdRole).toUInt();
            if (target) break;
        }
    }
    QVERIFY(target != 0);
    view->scrollTo(targetIndex);
    const QRect rect = view->visualRect(targetIndex);
    QVERIFY(rect.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
    QCOMPARE(focus->selected(), target);
    QCOMPARE(w.inspector()->field(QStringLiteral("id")), QString::number(target));
    QCOMPARE(w.inspector()->field(QStringLiteral("kind")), QStringLiteral("dentry"));
    QVERIFY(w.timeline()->laneOf(target) >= 0);
    const QRect lane = w.timeline()->laneRect(w.timeline()->laneOf(target));
    QVERIFY(lane.intersects(w.timeline()->rect())); // scrolled into view

    // Clicking a lane of the timeline selects its object and moves the step.
    const int otherLane = w.timeline()->laneOf(dentry);
    QVERIFY(otherLane >= 0);
    w.timeline()->ensureLaneVisible(otherLane);
    focus->setWindow(double(allocSeq) - 20, double(allocSeq) + 40); // a few pixels per step
    const QRect olr = w.timeline()->laneRect(otherLane);
    const int x = w.timeline()->xForStep(allocSeq + 3);
    QTest::mouseClick(w.timeline(), Qt::LeftButton, Qt::NoModifier, QPoint(x, olr.center().y()));
    QCOMPARE(focus->selected(), dentry);
    QVERIFY(qAbs(int(focus->step()) - int(allocSeq + 3)) <= 1);
    QCOMPARE(view->currentIndex().data(DentryTreeModel::ObjIdRole).toUInt(), dentry);

    // Home / End / Ctrl+Right.
    key(&w, Qt::Key_Home);
    QCOMPARE(focus->step(), 0u);
    key(&w, Qt::Key_Right, Qt::ControlModifier);
    QCOMPARE(rp.event(focus->step() - 1).kind, EventKind::SyscallEnter);
    key(&w, Qt::Key_End);
    QCOMPARE(focus->step(), rp.size());
}

void TestGuiWindow::shortcutsShownInMenus() {
    MainWindow w(false);
    for (const char* name :
         {"actionNext", "actionPrev", "actionStepOver", "actionStepOut", "actionNextSyscall",
          "actionPrevSyscall", "actionRunToBug", "actionJump", "actionPlay", "actionFirst",
          "actionLast", "actionContinue", "actionReverseContinue", "actionToggleObjectBreak",
          "actionToggleFunctionBreak", "actionBreakpoints", "actionNextChoice", "actionPrevChoice",
          "actionUndoBranch"}) {
        QAction* a = w.action(QString::fromLatin1(name));
        QVERIFY2(a, name);
        QVERIFY2(!a->shortcut().isEmpty(), name);
    }
    QCOMPARE(w.action(QStringLiteral("actionJump"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_G));
    QCOMPARE(w.action(QStringLiteral("actionContinue"))->shortcut(), QKeySequence(Qt::Key_F8));
    // No two actions share a shortcut.
    QList<QKeySequence> seen;
    for (QAction* a : w.findChildren<QAction*>()) {
        if (a->shortcut().isEmpty()) continue;
        QVERIFY2(!seen.contains(a->shortcut()), qPrintable(a->shortcut().toString()));
        seen << a->shortcut();
    }
    // Per-task "Run next" actions exist once a run is loaded.
    QVERIFY(w.openScenario(QStringLiteral("two-readers-v6.8")));
    QCOMPARE(w.action(QStringLiteral("actionRunNext1"))->shortcut(),
             QKeySequence(Qt::ALT | Qt::Key_2));
}

// A breakpoint on d_instantiate, typed into the Breakpoints pane: F8 stops at every entry of
// d_instantiate, then at the BUG; Shift+F8 goes back through them.
void TestGuiWindow::functionBreakpointThenBug() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    showWindow(w);
    Focus* focus = w.focus();
    const Replay& rp = focus->replay();
    QVERIFY(!rp.reportSeqs().empty());
    const uint32_t bug = rp.reportSeqs().front();
    std::vector<uint32_t> enters; // d_instantiate entries before the BUG
    for (uint32_t seq = 0; seq < bug; ++seq)
        if (rp.event(seq).kind == EventKind::FuncEnter &&
            symbol(rp.event(seq).sym) == "d_instantiate")
            enters.push_back(seq);
    QVERIFY(enters.size() >= 2);

    // Ctrl+Alt+B shows the pane with the function chooser focused; type the name, Enter.
    key(&w, Qt::Key_B, Qt::ControlModifier | Qt::AltModifier);
    BreakpointPane* pane = w.breakpointPane();
    QTRY_VERIFY(pane->isVisible());
    QLineEdit* edit = pane->functionChooser()->lineEdit();
    QVERIFY(pane->functionChooser()->findText(QStringLiteral("d_instantiate")) >=
            0); // from the run
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("d_instantiate"));
    QTest::keyClick(edit, Qt::Key_Return);
    BreakpointModel* bps = w.breakpoints();
    QCOMPARE(bps->rowCount(), 1);
    QCOMPARE(bps->breakpoints().front().type, Breakpoint::Type::Function);
    QCOMPARE(symbol(bps->breakpoints().front().function), std::string_view("d_instantiate"));
    QCOMPARE(bps->index(0, BreakpointModel::Where).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    uint32_t allEnters = 0;
    for (const Event& e : rp.events())
        allEnters += e.kind == EventKind::FuncEnter && symbol(e.sym) == "d_instantiate";
    QCOMPARE(bps->index(0, BreakpointModel::Hits).data().toUInt(), allEnters);
    w.timeline()->setFocus();

    // F8: each entry of d_instantiate, the call stack's innermost frame, then the BUG.
    QCOMPARE(focus->step(), 0u);
    for (const uint32_t seq : enters) {
        key(&w, Qt::Key_F8);
        QCOMPARE(focus->step(), seq + 1);
        QCOMPARE(w.callStack()->model()->functions().first(), QStringLiteral("d_instantiate"));
        QVERIFY2(w.stopLabel()->text().startsWith(QStringLiteral("breakpoint: d_instantiate()")),
                 qPrintable(w.stopLabel()->text()));
        QCOMPARE(bps->hitRow(), 0);
    }
    key(&w, Qt::Key_F8);
    QCOMPARE(focus->step(), bug + 1);
    QCOMPARE(rp.event(focus->step() - 1).kind, EventKind::Report);
    QVERIFY2(w.stopLabel()->text().contains(QStringLiteral("BUG")),
             qPrintable(w.stopLabel()->text()));
    QCOMPARE(bps->hitRow(), -1);

    // Shift+F8: back through the entries, newest first, then the start of the run.
    for (auto it = enters.rbegin(); it != enters.rend(); ++it) {
        key(&w, Qt::Key_F8, Qt::ShiftModifier);
        QCOMPARE(focus->step(), *it + 1);
    }
    key(&w, Qt::Key_F8, Qt::ShiftModifier);
    QCOMPARE(focus->step(), 0u);

    // Unchecked, it no longer stops: F8 goes straight to the BUG.
    QVERIFY(bps->setData(bps->index(0, BreakpointModel::Where), Qt::Unchecked, Qt::CheckStateRole));
    key(&w, Qt::Key_F8);
    QCOMPARE(focus->step(), bug + 1);

    // Ctrl+Shift+F8 toggles a breakpoint on the chosen call stack frame's function (d_instantiate).
    key(&w, Qt::Key_F8, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(bps->rowCount(), 0);
    key(&w, Qt::Key_F8, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(bps->rowCount(), 1);
    QCOMPARE(bps->label(0), QStringLiteral("d_instantiate() entered"));
    QVERIFY(bps->breakpoints().front().enabled);
}

// Ctrl+F8 on a dentry clicked in the tree: F8 stops at its next event and Shift+F8 at the one
// before; an event-kind breakpoint (every free) added from the pane stops at frees.
void TestGuiWindow::objectAndKindBreakpoints() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    showWindow(w);
    Focus* focus = w.focus();
    const Replay& rp = focus->replay();
    const uint32_t bug = rp.reportSeqs().front();

    // Somewhere in the middle, click a dentry that has at least two more events before the BUG.
    focus->setStep(bug / 2);
    DentryTreeModel* tree = w.treePane()->model();
    QModelIndex target;
    std::function<void(const QModelIndex&)> look = [&](const QModelIndex& parent) {
        for (int r = 0; r < tree->rowCount(parent) && !target.isValid(); ++r) {
            const QModelIndex i = tree->index(r, 0, parent);
            const ObjId id = i.data(DentryTreeModel::ObjIdRole).toUInt();
            const uint32_t n1 = nextEventOf(rp, id, focus->step());
            if (n1 > focus->step() && nextEventOf(rp, id, n1) > n1 &&
                nextEventOf(rp, id, n1) <= bug)
                target = i;
            else
                look(i);
        }
    };
    look({});
    QVERIFY(target.isValid());
    const ObjId dentry = target.data(DentryTreeModel::ObjIdRole).toUInt();
    QTreeView* view = w.treePane()->view();
    view->scrollTo(target);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier,
                      view->visualRect(target).center());
    QCOMPARE(focus->selected(), dentry);

    key(&w, Qt::Key_F8, Qt::ControlModifier);
    BreakpointModel* bps = w.breakpoints();
    QCOMPARE(bps->rowCount(), 1);
    QCOMPARE(bps->breakpoints().front().object, dentry);
    QCOMPARE(bps->index(0, BreakpointModel::Hits).data().toUInt(),
             uint(rp.eventsOf(dentry).size()));
    focus->setSelected(0); // the breakpoint stays on the dentry, whatever is selected

    // The next event on the dentry (or a report, if one comes first).
    auto firstHit = [&](uint32_t from) {
        for (uint32_t j = from; j < rp.size(); ++j) {
            const Event& e = rp.event(j);
            if (e.kind == EventKind::Report ||
                (e.obj == dentry && e.okind != ObjKind::None && e.okind != ObjKind::Task &&
                 e.okind != ObjKind::Lock))
                return j + 1;
        }
        return rp.size();
    };
    const uint32_t start = focus->step();
    const uint32_t first = firstHit(start);
    QCOMPARE(first, nextEventOf(rp, dentry, start));
    key(&w, Qt::Key_F8);
    QCOMPARE(focus->step(), first);
    QCOMPARE(rp.event(first - 1).obj, dentry);
    const uint32_t second = firstHit(first);
    key(&w, Qt::Key_F8);
    QCOMPARE(focus->step(), second);
    key(&w, Qt::Key_F8, Qt::ShiftModifier);
    QCOMPARE(focus->step(), first);

    // Ctrl+F8 with the dentry selected again removes it.
    focus->setSelected(dentry);
    key(&w, Qt::Key_F8, Qt::ControlModifier);
    QCOMPARE(bps->rowCount(), 0);

    // Every free: pick "free" in the kind chooser and click Add.
    key(&w, Qt::Key_B, Qt::ControlModifier | Qt::AltModifier);
    QComboBox* kinds = w.breakpointPane()->kindChooser();
    kinds->setCurrentIndex(kinds->findText(QStringLiteral("free")));
    auto* addKind = w.breakpointPane()->findChild<QPushButton*>(QStringLiteral("breakAddKind"));
    QVERIFY(addKind);
    QTest::mouseClick(addKind, Qt::LeftButton);
    QCOMPARE(bps->rowCount(), 1);
    QCOMPARE(bps->breakpoints().front().event, EventKind::Free);
    key(&w, Qt::Key_Home);
    w.timeline()->setFocus();
    key(&w, Qt::Key_F8);
    uint32_t firstFree = 0;
    for (uint32_t j = 0; j < rp.size(); ++j)
        if (rp.event(j).kind == EventKind::Free || rp.event(j).kind == EventKind::Report) {
            firstFree = j + 1;
            break;
        }
    QVERIFY(firstFree > 0);
    QCOMPARE(focus->step(), firstFree);
    QCOMPARE(rp.event(firstFree - 1).kind, EventKind::Free);

    // Delete on the chosen row removes it.
    QTreeView* list = w.breakpointPane()->view();
    list->setFocus();
    list->setCurrentIndex(bps->index(0, 0));
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(bps->rowCount(), 0);
}

// two-readers-v6.8: at the first step where the other task could run the next event, Alt+N makes
// it run; the events before the step are the same, the next one is the other task's; the schedule
// shows the switch as a scenario line that replays the branch; Ctrl+Z goes back.
void TestGuiWindow::branchTwoReaders() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("two-readers-v6.8")));
    showWindow(w);
    Focus* focus = w.focus();
    QVERIFY(!w.runNextPicker()->isEnabled()); // before the first event: nothing to choose
    QVERIFY(!w.action(QStringLiteral("actionUndoBranch"))->isEnabled());

    // Ctrl+Shift+Right: the next choice point.
    key(&w, Qt::Key_Right, Qt::ControlModifier | Qt::ShiftModifier);
    const uint32_t k = focus->step();
    QVERIFY(k > 0 && k < focus->steps());
    const auto choice = focus->session()->choiceAt(k);
    QVERIFY(choice);
    const TaskId next = focus->replay().event(k).task;
    const TaskId other = next == 0 ? 1 : 0;
    QVERIFY(choice->canRun(next));
    QVERIFY(choice->canRun(other));
    QVERIFY(w.runNextPicker()->isEnabled());
    QCOMPARE(w.runNextPicker()->currentData().toInt(), int(next));
    QVERIFY(w.action(QStringLiteral("actionRunNext%1").arg(other))->isEnabled());
    QVERIFY(w.action(QStringLiteral("actionRunNext%1").arg(next))->isChecked());
    const std::vector<Event> before(focus->replay().events().begin(),
                                    focus->replay().events().end());
    const QString otherName = focus->session()->taskName(other);

    // Alt+1 / Alt+2: the other task runs next.
    key(&w, Qt::Key(Qt::Key_1 + other), Qt::AltModifier);
    QCOMPARE(w.branchDepth(), 1);
    QCOMPARE(focus->step(), k);
    const Replay& rp = focus->replay();
    QCOMPARE(rp.event(k).task, other);
    QVERIFY(sameEvents(before, rp.events(), k));
    QVERIFY(!sameEvents(before, rp.events(), k + 1));
    const QString summary = QStringLiteral("branched at step %1: %2 runs").arg(k).arg(otherName);
    QVERIFY2(w.windowTitle().contains(summary), qPrintable(w.windowTitle()));
    QCOMPARE(w.findChild<QLabel*>(QStringLiteral("branchLabel"))->text(), summary);
    QVERIFY(w.scheduleView()->isVisible());
    const QString line = QStringLiteral("switch at %1 to %2").arg(k - 1).arg(otherName);
    QVERIFY2(w.scheduleView()->toPlainText().contains(line),
             qPrintable(w.scheduleView()->toPlainText()));
    QCOMPARE(w.runNextPicker()->currentData().toInt(), int(other));

    // The scenario with that schedule replays the branched run exactly.
    const std::string text = focus->session()->scenarioWithSchedule().toStdString();
    const auto parsed =
        scenario::parseScenario(text, "branched.scn", scenario::defaultParserContext());
    QVERIFY2(parsed.ok(), text.c_str());
    const auto rerun = scenario::runScenario(*parsed.scenario);
    QCOMPARE(rerun.events.size(), size_t(rp.size()));
    QVERIFY(sameEvents(rerun.events, rp.events(), rp.size()));

    // Ctrl+Z: the run as written again.
    key(&w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w.branchDepth(), 0);
    QCOMPARE(focus->step(), k);
    QCOMPARE(focus->replay().event(k).task, next);
    QVERIFY(sameEvents(before, focus->replay().events(), before.size()));
    QVERIFY(!w.windowTitle().contains(QStringLiteral("branched")));
    QVERIFY(!w.scheduleView()->isVisible());

    // The toolbar's task chooser does the same: arrow keys pick the other task.
    QComboBox* picker = w.runNextPicker();
    picker->setFocus();
    QTest::keyClick(picker, other > next ? Qt::Key_Down : Qt::Key_Up);
    QCOMPARE(w.branchDepth(), 1);
    QCOMPARE(focus->replay().event(k).task, other);
    QCOMPARE(picker->currentData().toInt(), int(other));
    QVERIFY(w.windowTitle().contains(summary));
}

// d_instantiate-crash: its `switch at 229 to B` is the interleaving that crashes. Branching at the
// same step so that A goes on instead leaves no BUG; choosing B there again is the crash.
void TestGuiWindow::branchAwayFromTheCrash() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    showWindow(w);
    Focus* focus = w.focus();
    const uint32_t k = 230; // after event 229
    focus->setStep(k);
    QCOMPARE(focus->replay().event(k - 1).task, TaskId(0));
    QCOMPARE(focus->replay().event(k).task, TaskId(1)); // the scenario's switch
    QVERIFY(w.runNextPicker()->isEnabled());
    const std::vector<Event> crash(focus->replay().events().begin(),
                                   focus->replay().events().end());

    key(&w, Qt::Key_1, Qt::AltModifier); // A goes on
    QCOMPARE(focus->replay().event(k).task, TaskId(0));
    QVERIFY(sameEvents(crash, focus->replay().events(), k));
    QVERIFY(focus->replay().reportSeqs().empty() ||
            focus->session()->run.reports.front().kind != Report::Kind::Bug);
    QVERIFY2(!focus->session()->scheduleText().contains(QStringLiteral("switch")),
             qPrintable(focus->session()->scheduleText()));

    key(&w, Qt::Key_2, Qt::AltModifier); // B after all: the crash again, bit for bit
    QCOMPARE(w.branchDepth(), 2);
    QCOMPARE(focus->replay().size(), uint32_t(crash.size()));
    QVERIFY(sameEvents(crash, focus->replay().events(), crash.size()));
    QVERIFY(focus->session()->scheduleText().contains(QStringLiteral("switch at 229 to B")));
}

// With settings on: kinds and functions come back in every scenario, objects only in the same
// scenario and design (their ids name the same objects only there).
void TestGuiWindow::breakpointsPersist() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("dentryscope-test"));
    ObjId dentry = 0;
    QString dentryLabel;
    {
        MainWindow w(true);
        QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
        w.breakpoints()->add(Breakpoint::onFunction(intern("d_instantiate")));
        const int free = w.breakpoints()->add(Breakpoint::onEvent(EventKind::Free));
        QVERIFY(w.breakpoints()->setData(w.breakpoints()->index(free, 0), Qt::Unchecked,
                                         Qt::CheckStateRole));
        dentry = w.focus()->replay().event(w.focus()->replay().reportSeqs().front()).obj;
        dentryLabel = w.focus()->session()->objectLabel(dentry);
        w.focus()->setSelected(dentry);
        w.toggleObjectBreakpoint();
        QCOMPARE(w.breakpoints()->rowCount(), 3);
    }
    MainWindow w(true);
    BreakpointModel* bps = w.breakpoints();
    QCOMPARE(bps->rowCount(), 2); // no run yet: no objects
    QCOMPARE(bps->label(0), QStringLiteral("d_instantiate() entered"));
    QVERIFY(!bps->breakpoints()[1].enabled);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    QCOMPARE(bps->rowCount(), 3);
    QCOMPARE(bps->breakpoints()[2].object, dentry);
    QCOMPARE(bps->label(2), QStringLiteral("any event on ") + dentryLabel);
    QVERIFY(w.openScenario(QStringLiteral("two-readers-v6.8")));
    QCOMPARE(bps->rowCount(), 2);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash"),
                           QStringLiteral("v6.8"))); // another run
    QCOMPARE(bps->rowCount(), 2);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    QCOMPARE(bps->rowCount(), 3);
    QCoreApplication::setOrganizationName(QString());
}

// Settings of the wrong type or size (an edited or foreign file) are ignored, and the recent
// files are read only up to their cap.
void TestGuiWindow::corruptedSettings() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("dentryscope-test"));
    {
        QSettings settings;
        QStringList recent;
        for (int i = 0; i < 20000; ++i)
            recent << dir.filePath(QStringLiteral("s%1.scn").arg(i));
        settings.setValue(QStringLiteral("recentFiles"), recent);
        settings.setValue(QStringLiteral("breakpoints/list"), 42);
        settings.setValue(QStringLiteral("window/geometry"), QStringLiteral("not bytes"));
        settings.setValue(QStringLiteral("window/state"), QByteArray(1 << 20, 'x'));
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ignoring '.*'")));
    MainWindow w(true);
    auto* picker = w.findChild<QComboBox*>(QStringLiteral("scenarioPicker"));
    QVERIFY(picker);
    int recentItems = 0;
    for (int i = 0; i < picker->count(); ++i)
        recentItems += picker->itemData(i).toString().startsWith(dir.path());
    QCOMPARE(recentItems, 8);
    QCOMPARE(w.breakpoints()->rowCount(), 0);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    QCoreApplication::setOrganizationName(QString());
}

QTEST_MAIN(TestGuiWindow)
#include "tst_gui_window.moc"
