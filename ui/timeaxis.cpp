// SPDX-License-Identifier: GPL-2.0-or-later
#include "timeaxis.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ds::ui {

TimeAxis::TimeAxis(std::shared_ptr<const std::vector<int64_t>> timeNs) : t_(std::move(timeNs)) {
    if (!t_ || t_->empty()) {
        why_ = QCoreApplication::translate("TimeAxis", "the trace has no timestamps");
        return;
    }
    const auto& t = *t_;
    // Binary searches need the order of time; the trace file of several CPUs is merged, but a
    // hand-made or cut file need not be.
    const auto back = std::is_sorted_until(t.begin(), t.end());
    if (back != t.end()) {
        why_ = QCoreApplication::translate("TimeAxis", "the timestamps go backwards at event #%1")
                   .arg(back - t.begin());
        t_.reset();
        return;
    }
    origin_ = t.front();
    if (t.size() > 1 && t.back() > t.front())
        slope_ = double(t.back() - t.front()) / double(t.size() - 1);
    valid_ = true;
}

double TimeAxis::duration() const {
    return valid_ ? double(t_->back() - origin_) : 0.0;
}

double TimeAxis::at(double position) const {
    if (!valid_) return position;
    const auto& t = *t_;
    const double last = double(t.size() - 1);
    if (position <= 0) return position * slope_;
    if (position >= last) return double(t.back() - origin_) + (position - last) * slope_;
    const auto k = static_cast<size_t>(position);
    const double f = position - double(k);
    return double(t[k] - origin_) + f * double(t[k + 1] - t[k]);
}

double TimeAxis::positionAt(double ns) const {
    if (!valid_) return ns;
    const auto& t = *t_;
    if (ns <= 0) return ns / slope_;
    const double end = double(t.back() - origin_);
    if (ns > end) return double(t.size() - 1) + (ns - end) / slope_;
    // the first event at or after ns; the one before it is strictly earlier
    const auto it = std::lower_bound(
        t.begin(), t.end(), ns, [this](int64_t v, double x) { return double(v - origin_) < x; });
    const auto k = static_cast<size_t>(it - t.begin());
    const double tk = double(t[k] - origin_);
    if (tk == ns || k == 0) return double(k);
    const double tp = double(t[k - 1] - origin_);
    return double(k - 1) + (ns - tp) / (tk - tp);
}

uint32_t TimeAxis::stepNear(double ns) const {
    if (!valid_) return static_cast<uint32_t>(std::max(0.0, std::round(ns)));
    const auto& t = *t_;
    const double abs = ns + double(origin_);
    auto it = std::lower_bound(t.begin(), t.end(), abs,
                               [](int64_t v, double x) { return double(v) < x; });
    if (it == t.end() || (it != t.begin() && abs - double(*(it - 1)) < double(*it) - abs)) --it;
    // right after the last event of that timestamp
    const auto last = std::upper_bound(it, t.end(), *it);
    return static_cast<uint32_t>(last - t.begin());
}

QString formatNs(double ns, double resolution) {
    if (ns == 0) return u"0"_s;
    const double a = std::abs(ns);
    const std::pair<double, QString> units[] = {
        {1e9, u"s"_s}, {1e6, u"ms"_s}, {1e3, u"µs"_s}, {1, u"ns"_s}};
    for (const auto& [scale, name] : units) {
        if (a < scale && scale > 1) continue;
        const double r = std::max(resolution, 1.0);
        const int decimals = std::clamp(int(std::ceil(std::log10(scale / r) - 1e-9)), 0, 9);
        return QString::number(ns / scale, 'f', decimals) + u' ' + name;
    }
    return QString::number(ns, 'f', 0) + u" ns"_s;
}

std::vector<RulerTick> timeRulerTicks(double t0, double span, double width, double end,
                                      int minGap) {
    std::vector<RulerTick> out;
    if (span <= 0 || width <= 0) return out;
    double tick = 1;
    for (int i = 0; tick / span * width < minGap && i < 60; ++i)
        tick *= (i % 3 == 1) ? 2.5 : 2; // 1, 2, 5, 10, 20, 50 ...
    const auto first = static_cast<int64_t>(std::ceil(std::max(0.0, t0) / tick));
    const double last = std::min(t0 + span, end);
    for (int64_t k = first; double(k) * tick <= last && out.size() < 1000; ++k)
        out.push_back({double(k) * tick, formatNs(double(k) * tick, tick)});
    return out;
}

QString ftraceSeconds(int64_t ns) {
    return QString::number(static_cast<double>(ns) / 1e9, 'f', 6);
}

QString realSpanText(const TimeAxis& axis, uint32_t a, uint32_t b) {
    if (!axis.valid()) return {};
    const auto at = [&](uint32_t step) { return std::max(0.0, axis.stepTime(step)); };
    const double ta = at(a), tb = at(b);
    return QCoreApplication::translate("TimeAxis", "B − A = %1 of real time (%2 s to %3 s)")
        .arg(formatNs(tb - ta, 1000), ftraceSeconds(axis.origin() + int64_t(ta)),
             ftraceSeconds(axis.origin() + int64_t(tb)));
}

} // namespace ds::ui
