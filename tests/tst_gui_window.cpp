// The main window driven like a user: keys step through d_instantiate-crash, the tree shows the
// first dentry d_alloc creates and loses it when stepping back, F9 runs to the BUG and the call
// stack shows the nested lookup, and selecting a dentry moves the inspector and the timeline.
#include "callstack.h"
#include "dentrytreemodel.h"
#include "focus.h"
#include "inspector.h"
#include "mainwindow.h"
#include "timeline.h"
#include "trace/symbols.h"
#include "treepane.h"

#include <QAction>
#include <QPlainTextEdit>
#include <QTest>
#include <QTreeView>

using namespace ds;
using namespace ds::ui;

class TestGuiWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stepThroughTheCrash();
    void shortcutsShownInMenus();

private:
    void key(QWidget* w, Qt::Key k, Qt::KeyboardModifiers m = Qt::NoModifier) { QTest::keyClick(w, k, m); }
};

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
    QVERIFY(row.data(DentryTreeModel::ChangedRole).toBool());  // new at this step: highlighted

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
    QVERIFY(lane.intersects(w.timeline()->rect()));  // scrolled into view

    // Clicking a lane of the timeline selects its object and moves the step.
    const int otherLane = w.timeline()->laneOf(dentry);
    QVERIFY(otherLane >= 0);
    w.timeline()->ensureLaneVisible(otherLane);
    focus->setWindow(double(allocSeq) - 20, double(allocSeq) + 40);  // a few pixels per step
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
    for (const char* name : {"actionNext", "actionPrev", "actionStepOver", "actionStepOut", "actionNextSyscall",
                             "actionPrevSyscall", "actionRunToBug", "actionJump", "actionPlay", "actionFirst", "actionLast"}) {
        QAction* a = w.action(QString::fromLatin1(name));
        QVERIFY2(a, name);
        QVERIFY2(!a->shortcut().isEmpty(), name);
    }
    QCOMPARE(w.action(QStringLiteral("actionJump"))->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_G));
}

QTEST_MAIN(TestGuiWindow)
#include "tst_gui_window.moc"
