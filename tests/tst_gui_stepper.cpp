// SPDX-License-Identifier: GPL-2.0-or-later
// The Stepper without a window: continue stops at the BUG and says so; at a choice point the
// other task can be made to run next (the events before the step stay, the next one is the
// other task's) and Undo branch brings the run as written back; the limit on events per run
// (--max-events) holds for a session's branches as well.
#include "focus.h"
#include "stepper.h"

#include <QSignalSpy>
#include <QTest>

using namespace ds;
using namespace ds::ui;

class TestGuiStepper : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void continueStopsAtTheBug();
    void branchAndUndo();
    void eventLimit();
};

void TestGuiStepper::continueStopsAtTheBug() {
    Focus focus;
    QString error;
    focus.setSession(Session::load(QStringLiteral("d_instantiate-crash"), QString(), &error));
    QVERIFY2(focus.hasRun(), qPrintable(error));
    Stepper stepper(&focus, nullptr);
    QSignalSpy notes(&stepper, &Stepper::noted);
    const uint32_t bug = focus.replay().reportSeqs().front();
    stepper.continueForward();
    QCOMPARE(focus.step(), bug + 1);
    QCOMPARE(notes.size(), 1);
    const QString note = notes.front().front().toString();
    QVERIFY2(note.startsWith(QStringLiteral("stopped at ")) && note.contains(QStringLiteral("BUG")),
             qPrintable(note));
    stepper.continueBackward();
    QCOMPARE(focus.step(), 0u);
}

void TestGuiStepper::branchAndUndo() {
    Focus focus;
    QString error;
    focus.setSession(Session::load(QStringLiteral("two-readers-v6.8"), QString(), &error));
    QVERIFY2(focus.hasRun(), qPrintable(error));
    Stepper stepper(&focus, nullptr);
    QVERIFY(!stepper.choice());
    stepper.nextChoice();
    const uint32_t k = focus.step();
    QVERIFY(k > 0 && stepper.choice());
    const TaskId next = focus.replay().event(k).task;
    const TaskId other = next == 0 ? 1 : 0;
    const std::vector<Event> before(focus.replay().events().begin(), focus.replay().events().end());

    QSignalSpy notes(&stepper, &Stepper::noted);
    QVERIFY(stepper.runNext(other));
    QCOMPARE(stepper.branchDepth(), 1);
    QCOMPARE(focus.step(), k);
    QCOMPARE(focus.replay().event(k).task, other);
    for (uint32_t i = 0; i < k; ++i)
        QCOMPARE(focus.replay().event(i).seq, before[i].seq);
    QCOMPARE(notes.back().front().toString(), QStringLiteral("branched at step %1: %2 runs")
                                                  .arg(k)
                                                  .arg(focus.session()->taskName(other)));

    stepper.undoBranch();
    QCOMPARE(stepper.branchDepth(), 0);
    QCOMPARE(focus.step(), k);
    QCOMPARE(focus.replay().event(k).task, next);
    QCOMPARE(notes.back().front().toString(),
             QStringLiteral("back to the scenario's own schedule"));
}

void TestGuiStepper::eventLimit() {
    const QString name = QStringLiteral("two-readers-v6.8");
    QString error;
    QVERIFY(!Session::load(name, QString(), &error, nullptr, nullptr, 10));
    QVERIFY2(error.startsWith(QStringLiteral("the run reached the limit of 10 events (it had ")) &&
                 error.endsWith(QStringLiteral("); raise it with --max-events")),
             qPrintable(error));
    // A limit the run stays under: the same run, and its branches get the same limit.
    const std::unique_ptr<Session> whole = Session::load(name, QString(), &error);
    QVERIFY2(whole, qPrintable(error));
    const std::uint64_t limit = 10ull * whole->steps();
    std::unique_ptr<Session> s = Session::load(name, QString(), &error, nullptr, nullptr, limit);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->steps(), whole->steps());
    QCOMPARE(s->maxEvents, limit);
    uint32_t step = 0;
    while (step < s->steps() && !s->choiceAt(step))
        ++step;
    QVERIFY(step < s->steps());
    const TaskId other = s->replay->event(step).task == 0 ? 1 : 0;
    const std::unique_ptr<Session> branched = s->branch(step, other, &error);
    QVERIFY2(branched, qPrintable(error));
    QCOMPARE(branched->maxEvents, limit);
    s->maxEvents = 10;
    QVERIFY(!s->branch(step, other, &error));
    QVERIFY2(error.startsWith(QStringLiteral("the run reached the limit of 10 events")),
             qPrintable(error));
}

QTEST_MAIN(TestGuiStepper)
#include "tst_gui_stepper.moc"
