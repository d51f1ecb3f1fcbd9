// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Where the steps of a real trace lie in time, for the timeline's real time axis (View › Real
// time axis): event #k happens at its timestamp t(k); step k (k events folded, the state right
// after event #k-1) is reached at t(k-1). Between two events the axis is linear in the event
// position; before the first and after the last it goes on at the trace's mean time per event,
// so that a window past either end still maps both ways. Times are nanoseconds since the first
// event. No widget: the timeline, the markers, the accessible interface and the tests read it
// alike. A simulated run has no timestamps and so no TimeAxis.

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace ds::ui {

class TimeAxis {
public:
    TimeAxis() = default;
    // `timeNs`: one timestamp per event, in trace order (shared with the trace it came from).
    explicit TimeAxis(std::shared_ptr<const std::vector<int64_t>> timeNs);

    // False for a simulated run, an empty trace, or timestamps that go backwards (why()).
    bool valid() const { return valid_; }
    // Why the axis cannot be used; empty when it can.
    const QString& why() const { return why_; }
    int64_t origin() const { return origin_; } // the first event's timestamp, ns
    double duration() const;                   // from the first event to the last, ns
    size_t events() const { return t_ ? t_->size() : 0; }

    // The time of a position in event order: event #k starts at position k; fractions between.
    double at(double position) const;
    // The time of step k (the state right after event #k-1): at(k - 1).
    double stepTime(double step) const { return at(step - 1); }
    // The smallest position whose time is `ns` (at()'s inverse).
    double positionAt(double ns) const;
    // The step nearest to time `ns`: right after the last event at the nearest timestamp.
    uint32_t stepNear(double ns) const;
    // The timestamp of event #k, ns since the first event.
    int64_t eventTime(uint32_t seq) const { return (*t_)[seq] - origin_; }

private:
    std::shared_ptr<const std::vector<int64_t>> t_;
    int64_t origin_ = 0;
    double slope_ = 1000; // ns per event beyond either end
    bool valid_ = false;
    QString why_;
};

// A time for a ruler or a summary: "0", "250 µs", "1.25 ms", "3 s", with as many decimals as
// `resolution` (ns) needs.
QString formatNs(double ns, double resolution);
// The ticks of a time ruler over [t0, t0 + span] ns drawn `width` px wide: every 1, 2 or 5 x 10^n
// ns, at least `minGap` px apart, from 0 (the first event) to `end` at most, labelled formatNs.
struct RulerTick {
    double ns;
    QString label;
};
std::vector<RulerTick> timeRulerTicks(double t0, double span, double width, double end,
                                      int minGap = 80);

// The timestamp as ftrace prints it: seconds with six decimals ("7.531979").
QString ftraceSeconds(int64_t ns);
// "B − A = 12.345 ms of real time (7.531979 s to 7.544324 s)": the time from step a to step b
// (each the time of the event it follows); empty when the axis is not valid.
QString realSpanText(const TimeAxis& axis, uint32_t a, uint32_t b);

} // namespace ds::ui
