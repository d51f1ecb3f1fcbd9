// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The one shared focus every pane follows: the session, the current step, the selected object
// and task, and the visible step window of the timeline. Clicking anything moves everything.

#include "session.h"

#include <QObject>

namespace ds::ui {

class Focus : public QObject {
    Q_OBJECT

public:
    explicit Focus(QObject* parent = nullptr);
    ~Focus() override;

    // Takes ownership; null clears.
    void setSession(std::unique_ptr<Session> session);
    // Another run of the same scenario (a branch, or back to the run it branched from): the step,
    // the selection, the chosen task and the visible window stay. Returns the previous session.
    std::unique_ptr<Session> replaceSession(std::unique_ptr<Session> session);
    Session* session() const { return session_.get(); }
    bool hasRun() const { return session_ && session_->replay; }

    uint32_t step() const { return step_; }
    uint32_t steps() const { return hasRun() ? session_->steps() : 0; }
    // The state at the current step (valid while hasRun()).
    const StateAt& state() const { return session_->replay->current(); }
    const Replay& replay() const { return *session_->replay; }

    ObjId selected() const { return selected_; }
    // The task the panes follow: the chosen one, or the task of the event just folded.
    TaskId task() const;
    TaskId chosenTask() const { return chosenTask_; } // kNoTask: follow the current event

    double windowStart() const { return winStart_; }
    double windowEnd() const { return winEnd_; }

public Q_SLOTS:
    void setStep(uint32_t step);
    void setSelected(ObjId id);
    void setChosenTask(TaskId t); // kNoTask = automatic
    // At least `minSpan` steps wide (the real time axis shows less than 8 events where they
    // are microseconds apart and their neighbours seconds away).
    void setWindow(double start, double end, double minSpan = 8.0);

Q_SIGNALS:
    void sessionChanged();
    void stepChanged(uint32_t step, uint32_t previous);
    void selectionChanged(ObjId id);
    void taskChanged();
    void windowChanged(double start, double end);

private:
    std::unique_ptr<Session> session_;
    uint32_t step_ = 0;
    ObjId selected_ = 0;
    TaskId chosenTask_ = kNoTask;
    double winStart_ = 0, winEnd_ = 1;
};

} // namespace ds::ui
