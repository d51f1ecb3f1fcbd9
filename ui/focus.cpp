// SPDX-License-Identifier: GPL-2.0-or-later
#include "focus.h"
#include "replay/navigation.h"

#include <algorithm>

namespace ds::ui {

Focus::Focus(QObject* parent) : QObject(parent) {}
Focus::~Focus() = default;

void Focus::setSession(std::unique_ptr<Session> session) {
    session_ = std::move(session);
    step_ = 0;
    selected_ = 0;
    chosenTask_ = kNoTask;
    if (hasRun()) session_->replay->seek(0);
    winStart_ = 0;
    winEnd_ = std::max<double>(1, steps());
    Q_EMIT sessionChanged();
    Q_EMIT windowChanged(winStart_, winEnd_);
    Q_EMIT selectionChanged(0);
    Q_EMIT taskChanged();
    Q_EMIT stepChanged(0, 0);
}

std::unique_ptr<Session> Focus::replaceSession(std::unique_ptr<Session> session) {
    std::unique_ptr<Session> old = std::move(session_);
    session_ = std::move(session);
    step_ = std::min(step_, steps());
    if (hasRun()) session_->replay->seek(step_);
    if (!hasRun() || selected_ > session_->replay->maxObjId()) selected_ = 0;
    const double total = std::max<double>(1, steps());
    if (winStart_ > total) setWindow(0, total);
    Q_EMIT sessionChanged();
    Q_EMIT windowChanged(winStart_, winEnd_);
    Q_EMIT selectionChanged(selected_);
    Q_EMIT taskChanged();
    Q_EMIT stepChanged(step_, step_);
    return old;
}

TaskId Focus::task() const {
    if (chosenTask_ != kNoTask || !hasRun()) return chosenTask_;
    return taskAt(*session_->replay, step_);
}

void Focus::setStep(uint32_t step) {
    if (!hasRun()) return;
    step = std::min(step, steps());
    if (step == step_) return;
    const uint32_t previous = step_;
    const TaskId before = task();
    step_ = step;
    session_->replay->seek(step);
    Q_EMIT stepChanged(step_, previous);
    if (task() != before) Q_EMIT taskChanged();
}

void Focus::setSelected(ObjId id) {
    if (id == selected_) return;
    selected_ = id;
    Q_EMIT selectionChanged(id);
}

void Focus::setChosenTask(TaskId t) {
    if (t == chosenTask_) return;
    chosenTask_ = t;
    Q_EMIT taskChanged();
}

void Focus::setWindow(double start, double end, double minSpan) {
    const double total = std::max<double>(1, steps());
    double span = std::clamp(end - start, std::clamp(minSpan, 1e-6, 8.0), total + 16);
    start = std::clamp(start, -8.0, total + 8 - std::min(span, total));
    end = start + span;
    if (start == winStart_ && end == winEnd_) return;
    winStart_ = start;
    winEnd_ = end;
    Q_EMIT windowChanged(start, end);
}

} // namespace ds::ui
