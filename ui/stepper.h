// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Moves the shared Focus through a run and branches it: forwards and backwards by event, over
// and out of functions, by syscall, to the next event of the selected object, to a report, to a
// breakpoint (continue), to a choice point; plays at a chosen speed. Where tasks compete,
// runNext() replaces the run with one where the chosen task goes on, and undoBranch() goes back
// to the run it branched from. No widgets: the main window's actions and a test drive it alike.

#include "scenario/branch.h"
#include "trace/event.h"

#include <QObject>

#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace ds::ui {

class BreakpointModel;
class Focus;
class Session;

class Stepper : public QObject {
    Q_OBJECT

public:
    // `breakpoints` may be null: continue then stops at reports only.
    Stepper(Focus* focus, BreakpointModel* breakpoints, QObject* parent = nullptr);
    ~Stepper() override;

    // Play speed in events per second (at least 1).
    int speed() const { return speed_; }
    void setSpeed(int eventsPerSecond) { speed_ = eventsPerSecond; }
    bool isPlaying() const;

    // True while continue moves the focus: its note (why it stopped) follows the step change.
    bool isContinuing() const { return continuing_; }

    // Which tasks may run the next event at the current step, where more than one can.
    std::optional<scenario::Choice> choice() const;
    // The runs this one branched from, the scenario as written first.
    int branchDepth() const { return static_cast<int>(history_.size()); }
    // Another scenario was loaded: nothing to undo.
    void clearHistory();

public Q_SLOTS:
    void stepForward();
    void stepBack();
    void stepOver();
    void stepOut();
    void nextSyscall();
    void prevSyscall();
    void runToReport();
    void backToReport();
    void nextOfSelected();
    void prevOfSelected();
    void first();
    void last();
    void togglePlay();
    void stop();             // stops playing
    void continueForward();  // to the next breakpoint hit or report
    void continueBackward(); // to the previous one
    void nextChoice();
    void prevChoice();
    // Branches the run at the current step so that `task` runs the next event (where it may).
    // False, with a note, when it may not.
    bool runNext(TaskId task);
    void undoBranch();

Q_SIGNALS:
    // Why a continue stopped, why a branch failed, which run this is now: one line for the user.
    void noted(const QString& text);
    // A branch was taken or undone: the focus has another run of the same scenario.
    void runReplaced();

private:
    void playTick();
    void continueTo(bool forward);
    void replaced();

    Focus* focus_;
    BreakpointModel* breakpoints_;
    QTimer* playTimer_;
    int speed_ = 20;
    bool continuing_ = false;
    std::vector<std::unique_ptr<Session>> history_;
};

} // namespace ds::ui
