// SPDX-License-Identifier: GPL-2.0-or-later
// The timeline's real time axis: a real trace's events at their timestamps (idle gaps look idle,
// work deferred to a later callback shows as later), with a ruler in ns/µs/ms/s since the first
// event. The window stays a window of steps (Focus), so stepping, markers, pictures and sessions
// read it alike in both modes; zoom and pan act on the time it shows.
#include "focus.h"
#include "theme.h"
#include "timeline.h"

#include <QCoreApplication>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
// Narrower than this the axis shows nothing more: ftrace prints microseconds, trace-cmd ns.
constexpr double kMinSpanNs = 100;

} // namespace

void Timeline::rebuildTimeAxis() {
    const Session* s = focus_->hasRun() ? focus_->session() : nullptr;
    const bool wasReal = realTime();
    time_ = s && s->real
                ? TimeAxis(std::shared_ptr<const std::vector<int64_t>>(s->real, &s->real->timeNs))
                : TimeAxis();
    // A simulated run (or a trace without usable timestamps) turns the axis back to event order.
    if (wasReal != realTime()) Q_EMIT realTimeChanged(realTime());
}

QString Timeline::realTimeWhy() const {
    if (!focus_->hasRun()) return QCoreApplication::translate("Timeline", "No run loaded");
    if (!focus_->session()->real)
        return QCoreApplication::translate(
            "Timeline", "A simulated run has no real time: its events are ordered, not timed. "
                        "Open a real kernel's trace to see it on its timestamps.");
    return time_.why();
}

void Timeline::setRealTime(bool on) {
    if (realTime_ == on) return;
    realTime_ = on;
    cacheValid_ = false;
    // Back in event order, a window narrower than event order allows widens to its minimum.
    if (!realTime() && focus_->hasRun())
        focus_->setWindow(focus_->windowStart(), focus_->windowEnd());
    update();
    Q_EMIT realTimeChanged(realTime());
}

int Timeline::xForStepEnd(double step) const {
    return xMap().end(step);
}

std::pair<double, double> Timeline::axisWindow() const {
    const XMap m = xMap();
    if (m.time) return {m.t0, m.t0 + m.tspan};
    return {focus_->windowStart(), focus_->windowEnd()};
}

void Timeline::setAxisWindow(double from, double to) {
    if (!realTime()) {
        focus_->setWindow(from, to);
        return;
    }
    if (to - from < kMinSpanNs) {
        const double mid = (from + to) / 2;
        from = mid - kMinSpanNs / 2;
        to = mid + kMinSpanNs / 2;
    }
    focus_->setWindow(time_.positionAt(from), time_.positionAt(to), kMinSpanSteps);
}

// A click sets the step under the mouse: in event order the nearest step boundary, in real time
// the state right after the events at the nearest timestamp.
uint32_t Timeline::stepAtClick(int x) const {
    const long last = static_cast<long>(focus_->steps());
    if (realTime()) return std::min(time_.stepNear(xMap().axisAt(x)), static_cast<uint32_t>(last));
    return static_cast<uint32_t>(std::clamp(std::lround(stepAtX(x)), 0L, last));
}

std::vector<RulerTick> Timeline::rulerTicks() const {
    if (!realTime()) return {};
    const XMap m = xMap();
    return timeRulerTicks(m.t0, m.tspan, m.width, time_.duration());
}

void Timeline::paintTimeRuler(QPainter& p) const {
    beginRuler(p);
    // the gutter: the cursor's time as the trace prints it
    const int64_t now = time_.origin() + static_cast<int64_t>(time_.stepTime(focus_->step()));
    p.drawText(QRect(4, 0, kGutter - 8, kRuler), Qt::AlignVCenter,
               ftraceSeconds(std::max(now, time_.origin())) + u" s"_s);
    for (const RulerTick& t : rulerTicks()) {
        const int x = paintX_.toX(t.ns);
        if (x < kGutter) continue;
        p.drawLine(x, kRuler - 5, x, kRuler);
        p.drawText(QRect(x + 2, 0, 80, kRuler - 2), Qt::AlignVCenter | Qt::AlignLeft, t.label);
    }
    p.setFont(font());
    p.drawLine(0, kRuler - 1, width(), kRuler - 1);
}

} // namespace ds::ui
