// SPDX-License-Identifier: GPL-2.0-or-later
#include "stepper.h"
#include "explain/explain.h"
#include "replay/navigation.h"

#include "breakpoints.h"
#include "focus.h"

#include <QGuiApplication>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

Stepper::Stepper(Focus* focus, BreakpointModel* breakpoints, QObject* parent)
    : QObject(parent), focus_(focus), breakpoints_(breakpoints), playTimer_(new QTimer(this)) {
    connect(playTimer_, &QTimer::timeout, this, &Stepper::playTick);
}

Stepper::~Stepper() = default;

bool Stepper::isPlaying() const {
    return playTimer_->isActive();
}

std::optional<scenario::Choice> Stepper::choice() const {
    if (!focus_->hasRun()) return std::nullopt;
    return focus_->session()->choiceAt(focus_->step());
}

void Stepper::clearHistory() {
    history_.clear();
}

// ---- stepping ----

void Stepper::stepForward() {
    focus_->setStep(focus_->step() + 1);
}
void Stepper::stepBack() {
    if (focus_->step() > 0) focus_->setStep(focus_->step() - 1);
}
void Stepper::stepOver() {
    if (focus_->hasRun()) focus_->setStep(ds::stepOver(focus_->replay(), focus_->step()));
}
void Stepper::stepOut() {
    if (focus_->hasRun()) focus_->setStep(ds::stepOut(focus_->replay(), focus_->step()));
}
void Stepper::nextSyscall() {
    if (focus_->hasRun()) focus_->setStep(ds::nextSyscall(focus_->replay(), focus_->step()));
}
void Stepper::prevSyscall() {
    if (focus_->hasRun()) focus_->setStep(ds::prevSyscall(focus_->replay(), focus_->step()));
}
// Like --at-bug: the report's object is selected, so the inspector shows it.
void Stepper::selectReportObject() {
    const uint32_t k = focus_->step();
    if (k == 0) return;
    const Event& e = focus_->replay().event(k - 1);
    if (e.kind != EventKind::Report) return;
    const Report* r = focus_->session()->reportAt(e.seq);
    const ObjId obj = r && r->obj ? r->obj : e.obj;
    if (obj) focus_->setSelected(obj);
}
void Stepper::runToReport() {
    if (!focus_->hasRun()) return;
    focus_->setStep(ds::nextReport(focus_->replay(), focus_->step()));
    selectReportObject();
}
void Stepper::backToReport() {
    if (!focus_->hasRun()) return;
    focus_->setStep(ds::prevReport(focus_->replay(), focus_->step()));
    selectReportObject();
}
// Step N shows event N - 1: the next change is the first state-changing event from N on.
void Stepper::nextChange() {
    if (!focus_->hasRun()) return;
    const uint32_t at = explain::nextChange(focus_->replay().events(), focus_->step());
    focus_->setStep(at == kNever ? focus_->steps() : at + 1);
}
void Stepper::prevChange() {
    if (!focus_->hasRun() || focus_->step() == 0) return;
    const uint32_t at = explain::previousChange(focus_->replay().events(), focus_->step() - 1);
    focus_->setStep(at == kNever ? 0 : at + 1);
}
void Stepper::nextOfSelected() {
    if (focus_->hasRun() && focus_->selected())
        focus_->setStep(ds::nextEventOf(focus_->replay(), focus_->selected(), focus_->step()));
}
void Stepper::prevOfSelected() {
    if (focus_->hasRun() && focus_->selected())
        focus_->setStep(ds::prevEventOf(focus_->replay(), focus_->selected(), focus_->step()));
}
void Stepper::first() {
    focus_->setStep(0);
}
void Stepper::last() {
    focus_->setStep(focus_->steps());
}

void Stepper::togglePlay() {
    if (playTimer_->isActive()) {
        playTimer_->stop();
        return;
    }
    if (!focus_->hasRun()) return;
    if (focus_->step() >= focus_->steps()) focus_->setStep(0);
    playTimer_->start(std::max(16, 1000 / std::max(1, speed_)));
}

void Stepper::stop() {
    playTimer_->stop();
}

void Stepper::playTick() {
    const int perTick = std::max(1, speed_ * playTimer_->interval() / 1000);
    const uint32_t next = focus_->step() + static_cast<uint32_t>(perTick);
    focus_->setStep(next);
    if (focus_->step() >= focus_->steps()) playTimer_->stop();
}

// ---- continue ----

void Stepper::continueForward() {
    continueTo(true);
}
void Stepper::continueBackward() {
    continueTo(false);
}

void Stepper::continueTo(bool forward) {
    if (!focus_->hasRun()) return;
    playTimer_->stop();
    const Replay& rp = focus_->replay();
    const BreakpointSet set = breakpoints_ ? breakpoints_->enabledSet() : BreakpointSet();
    const uint32_t to = forward ? set.next(rp, focus_->step()) : set.prev(rp, focus_->step());
    continuing_ = true;
    focus_->setStep(to);
    continuing_ = false;
    // Why it stopped: a report, a breakpoint (the first one the event hits), or the end.
    int row = -1;
    QString why;
    if (to > 0) {
        const Event& e = rp.event(to - 1);
        if (e.kind == EventKind::Report)
            why = tr("stopped at %1").arg(focus_->session()->eventText(e));
        else if (breakpoints_ && (row = breakpoints_->rowHitBy(e)) >= 0)
            why = tr("breakpoint: %1").arg(breakpoints_->label(row));
    }
    if (why.isEmpty())
        why = forward ? tr("no breakpoint or report ahead: end of the run")
                      : tr("no breakpoint or report before: start of the run");
    if (breakpoints_) breakpoints_->setHitRow(row);
    Q_EMIT noted(why);
}

// ---- branching ----

void Stepper::nextChoice() {
    if (!focus_->hasRun()) return;
    if (const auto k = scenario::nextChoice(focus_->session()->run, focus_->step()))
        focus_->setStep(*k);
    else
        Q_EMIT noted(tr("no later step where another task could run"));
}

void Stepper::prevChoice() {
    if (!focus_->hasRun()) return;
    if (const auto k = scenario::prevChoice(focus_->session()->run, focus_->step()))
        focus_->setStep(*k);
    else
        Q_EMIT noted(tr("no earlier step where another task could run"));
}

bool Stepper::runNext(TaskId task) {
    if (!focus_->hasRun()) return false;
    playTimer_->stop();
    const uint32_t k = focus_->step();
    if (k < focus_->steps() && focus_->replay().event(k).task == task)
        return true; // it does already
    QString error;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto branched = focus_->session()->branch(k, task, &error);
    QGuiApplication::restoreOverrideCursor();
    if (!branched) {
        Q_EMIT noted(error);
        return false;
    }
    history_.push_back(focus_->replaceSession(std::move(branched)));
    replaced();
    return true;
}

void Stepper::openBranch(std::unique_ptr<Session> session) {
    if (!focus_->hasRun() || !session) return;
    playTimer_->stop();
    history_.push_back(focus_->replaceSession(std::move(session)));
    replaced();
}

void Stepper::undoBranch() {
    if (history_.empty()) return;
    playTimer_->stop();
    std::unique_ptr<Session> previous = std::move(history_.back());
    history_.pop_back();
    focus_->replaceSession(std::move(previous));
    replaced();
}

void Stepper::replaced() {
    Q_EMIT runReplaced();
    const Session* s = focus_->session();
    Q_EMIT noted(s->branches.empty() ? tr("back to the scenario's own schedule")
                                     : s->branchSummary());
}

} // namespace ds::ui
