// SPDX-License-Identifier: GPL-2.0-or-later
#include "timeline.h"

#include "focus.h"
#include "theme.h"

#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ds::ui {

void Timeline::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette& pal = palette();
    if (!focus_->hasRun()) {
        p.fillRect(rect(), pal.color(QPalette::Base));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(rect(), Qt::AlignCenter, tr("No run loaded"));
        return;
    }
    paintX_ = xMap();
    // Stepping moves only the cursor and the counters' values: the lanes come from the cache
    // unless what they show has changed.
    const CacheKey key{focus_->windowStart(), focus_->windowEnd(), size(),
                       devicePixelRatioF(),   vbar_->value(),      focus_->selected(),
                       focus_->task(),        pal.cacheKey(),      realTime()};
    if (!cacheValid_ || !(key == cacheKey_)) {
        cache_ = QImage(size() * devicePixelRatioF(), QImage::Format_RGB32);
        cache_.setDevicePixelRatio(devicePixelRatioF());
        QPainter cp(&cache_);
        cp.setFont(font());
        cp.setPen(pal.color(foregroundRole()));
        paintLanes(cp);
        cacheKey_ = key;
        cacheValid_ = true;
    }
    p.drawImage(0, 0, cache_);
    paintCounterValues(p);
    const int right = width() - (!vbar_->isHidden() ? vbar_->width() : 0);
    // the cursor: the current step sits between event step-1 and event step
    const int cx = paintX_.end(focus_->step());
    if (cx >= kGutter && cx <= right) {
        p.setPen(QPen(theme::cursorColor(pal), 1.5));
        p.drawLine(cx, kRuler, cx, height());
    }
    paintOverlays(p);
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(kGutter, kRuler, kGutter, height());
    paintRuler(p);
}

void Timeline::paintLanes(QPainter& p) const {
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const int right = width() - (!vbar_->isHidden() ? vbar_->width() : 0);
    const int scroll = vbar_->value();
    const int first = std::max(0, laneAtY(kRuler));
    const ObjId sel = focus_->selected();
    const TaskId task = focus_->task();
    for (size_t i = size_t(first); i < model_.lanes.size(); ++i) {
        const Lane& l = model_.lanes[i];
        const int y = kRuler + l.y - scroll;
        if (y > height()) break;
        if (y + l.h < kRuler) continue;
        p.save();
        p.setClipRect(QRect(0, kRuler, right, height() - kRuler));
        // gutter
        QColor gutter = pal.color(QPalette::Window);
        if ((l.kind == LaneKind::Object && l.obj == sel) ||
            ((l.kind == LaneKind::Syscalls) && l.task == task))
            gutter = theme::mix(gutter, pal.color(QPalette::Highlight), 0.35);
        if (l.kind == LaneKind::Header)
            gutter = theme::mix(gutter, pal.color(QPalette::Text), 0.12);
        p.fillRect(QRect(0, y, kGutter, l.h), gutter);
        if (l.kind == LaneKind::Object && l.obj == sel)
            p.fillRect(QRect(kGutter, y, right - kGutter, l.h),
                       theme::mix(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.15));
        if (l.kind == LaneKind::Header)
            p.fillRect(QRect(kGutter, y, right - kGutter, l.h),
                       theme::mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.06));
        if (!l.label.isEmpty()) {
            QFont f = font();
            f.setBold(l.kind == LaneKind::Syscalls || l.kind == LaneKind::Header);
            if (l.kind == LaneKind::Object) f.setPointSizeF(f.pointSizeF() * 0.85);
            p.setFont(f);
            p.setPen(pal.color(QPalette::WindowText));
            const QRect tr(4, y, kGutter - 8, l.h);
            p.drawText(tr, Qt::AlignVCenter | Qt::AlignLeft,
                       p.fontMetrics().elidedText(l.label, Qt::ElideMiddle, tr.width()));
            p.setFont(font());
        }
        p.setClipRect(QRect(kGutter, std::max(y, kRuler), right - kGutter, l.h));
        paintLane(p, l, y);
        p.restore();
        paintSeparator(p, l, y);
    }
}

void Timeline::paintSeparator(QPainter& p, const Lane& l, int y) const {
    if (l.kind == LaneKind::Syscalls || l.kind == LaneKind::Header ||
        (l.kind == LaneKind::Counter && l.depth == 2)) {
        const int right = width() - (!vbar_->isHidden() ? vbar_->width() : 0);
        p.setPen(theme::mix(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.2));
        if (y >= kRuler) p.drawLine(0, y, right, y);
    }
}

// The value at the cursor on each counter lane, clipped like the lane (the lanes below it draw
// nothing there; its separator is drawn again over it, as when the lane is painted whole).
void Timeline::paintCounterValues(QPainter& p) const {
    const int right = width() - (!vbar_->isHidden() ? vbar_->width() : 0);
    const int scroll = vbar_->value();
    const CounterSample now = focus_->replay().countersAt(focus_->step());
    for (const Lane& l : model_.lanes) {
        if (l.kind != LaneKind::Counter) break; // the counters come first
        const int y = kRuler + l.y - scroll;
        if (y > height() || y + l.h < kRuler) continue;
        p.save();
        p.setClipRect(QRect(kGutter, std::max(y, kRuler), right - kGutter, l.h));
        const int64_t value = l.depth == 0   ? now.dentries
                              : l.depth == 1 ? now.inodes
                                             : now.bytes(focus_->session()->run.sizes);
        QString text = QString::number(value);
        if (l.depth == 2) text = tr("%1 KiB").arg(double(value) / 1024.0, 0, 'f', 1);
        p.setPen(palette().color(QPalette::Text));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        p.setFont(f);
        p.drawText(QRect(kGutter + 4, y, 200, l.h), Qt::AlignTop | Qt::AlignLeft, text);
        p.restore();
        paintSeparator(p, l, y);
    }
}

// The ruler's band and its smaller type, for either axis.
void Timeline::beginRuler(QPainter& p) const {
    p.fillRect(QRect(0, 0, width(), kRuler), palette().color(QPalette::Window));
    p.setPen(palette().color(QPalette::WindowText));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    p.setFont(f);
}

void Timeline::paintRuler(QPainter& p) const {
    if (paintX_.time) return paintTimeRuler(p); // timelinetime.cpp
    beginRuler(p);
    // A real trace labels the axis with its timestamps (seconds since boot, as ftrace prints
    // them); events stay evenly spaced, so the labels show where time was spent.
    const import::RealTrace* real = focus_->hasRun() ? focus_->session()->real.get() : nullptr;
    const auto timeAt = [real](double step) {
        const auto i = std::min(static_cast<size_t>(std::max(0.0, step)), real->timeNs.size() - 1);
        return QString::number(static_cast<double>(real->timeNs[i]) / 1e9, 'f', 6);
    };
    if (real && real->timeNs.empty()) real = nullptr;
    p.drawText(QRect(4, 0, kGutter - 8, kRuler), Qt::AlignVCenter,
               real ? tr("%1 s").arg(timeAt(focus_->step()))
                    : QString(Session::stepName(focus_->step()) + u" / "_s +
                              QString::number(std::max<int64_t>(int64_t(focus_->steps()) - 1, 0))));
    const int right = width() - (!vbar_->isHidden() ? vbar_->width() : 0);
    const double span = focus_->windowEnd() - focus_->windowStart();
    const double w = std::max(1, right - kGutter);
    // tick spacing: 1, 2, 5 x 10^n with at least 70 px between labels
    double tick = 1;
    const int minGap = real ? 110 : 70; // "7.901059" is wider than a step number
    while (tick / span * w < minGap) {
        if (tick / span * w * 2 >= minGap) {
            tick *= 2;
            break;
        }
        if (tick / span * w * 5 >= minGap) {
            tick *= 5;
            break;
        }
        tick *= 10;
    }
    const double first = std::ceil(std::max(0.0, focus_->windowStart()) / tick) * tick;
    for (double s = first; s <= focus_->windowEnd() && s <= focus_->steps(); s += tick) {
        const int x = paintX_(s);
        if (x < kGutter) continue;
        p.drawLine(x, kRuler - 5, x, kRuler);
        p.drawText(QRect(x + 2, 0, minGap + 10, kRuler - 2), Qt::AlignVCenter | Qt::AlignLeft,
                   real ? timeAt(s) : QString::number(static_cast<qint64>(s)));
    }
    p.setFont(font());
    p.drawLine(0, kRuler - 1, width(), kRuler - 1);
}

void Timeline::paintLane(QPainter& p, const Lane& lane, int y) const {
    switch (lane.kind) {
    case LaneKind::Counter:
        paintCounter(p, lane, y);
        break;
    case LaneKind::Syscalls:
        paintSyscalls(p, lane, y);
        break;
    case LaneKind::Depth:
        paintDepth(p, lane, y);
        break;
    case LaneKind::Object:
        paintObject(p, lane, y);
        break;
    case LaneKind::Header:
        break;
    }
}

void Timeline::paintCounter(QPainter& p, const Lane& lane, int y) const {
    const Replay& rp = focus_->replay();
    const auto& samples = rp.counterSamples();
    const QPalette& pal = palette();
    const QColor c = lane.depth == 0   ? theme::kindColor(ObjKind::Dentry, pal)
                     : lane.depth == 1 ? theme::kindColor(ObjKind::Inode, pal)
                                       : theme::kindColor(ObjKind::File, pal);
    const int64_t maxv = model_.counterMax[lane.depth];
    const ObjectSizes& sizes = focus_->session()->run.sizes;
    auto value = [&](const CounterSample& s) -> int64_t {
        return lane.depth == 0 ? s.dentries : lane.depth == 1 ? s.inodes : s.bytes(sizes);
    };
    auto yOf = [&](int64_t v) {
        return y + lane.h - 2 - static_cast<int>(double(v) / double(maxv) * (lane.h - 5));
    };
    const double ws = std::max(0.0, focus_->windowStart());
    auto it = std::upper_bound(samples.begin(), samples.end(), static_cast<uint32_t>(ws),
                               [](uint32_t s, const CounterSample& c) { return s < c.step; });
    if (it != samples.begin()) --it;
    QPainterPath fill;
    const int right = width();
    int px = std::max(kGutter, paintX_.end(it->step));
    int64_t v = value(*it);
    fill.moveTo(px, y + lane.h - 2);
    fill.lineTo(px, yOf(v));
    ++it;
    while (it != samples.end()) {
        const int x = paintX_.end(it->step);
        if (x > right) break;
        // bin: several samples in one pixel column draw one vertical run up to their highest
        // (the run's summary gives it without visiting each sample)
        const auto jt =
            prefixEnd(it + 1, samples.end(),
                      [&](const CounterSample& s) { return paintX_.end(s.step) == x; }) -
            1;
        const int64_t hi = counterPeaks_[lane.depth].max(size_t(it - samples.begin()),
                                                         size_t(jt - samples.begin()) + 1);
        fill.lineTo(x, yOf(v));
        fill.lineTo(x, yOf(std::max(hi, v)));
        fill.lineTo(x, yOf(value(*jt)));
        v = value(*jt);
        it = jt + 1;
    }
    const int endX = std::min(right, paintX_.end(rp.size()));
    fill.lineTo(endX, yOf(v));
    fill.lineTo(endX, y + lane.h - 2);
    fill.closeSubpath();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillPath(fill, theme::mix(pal.color(QPalette::Base), c, 0.45));
    p.setPen(c);
    p.drawPath(fill);
    // the value at the cursor: paintCounterValues
}

void Timeline::paintSyscalls(QPainter& p, const Lane& lane, int y) const {
    const Replay& rp = focus_->replay();
    const Session& ses = *focus_->session();
    const QPalette& pal = palette();
    const QColor c = theme::syscallColor(pal);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    p.setFont(f);
    const auto list = rp.syscallsOf(lane.task);
    const uint32_t taskEnd =
        rp.taskEndSeq(lane.task) == kNever ? rp.size() : rp.taskEndSeq(lane.task) + 1;
    auto endOf = [&](const SyscallSpan& s) {
        return s.exitSeq == kNever ? taskEnd : s.exitSeq + 1;
    };
    // A task makes one syscall at a time, so its spans are ordered by end too: skip to the first
    // one still open at the window's start.
    const double ws = paintX_.start, we = paintX_.start + paintX_.span;
    auto it = std::partition_point(list.begin(), list.end(), [&](uint32_t idx) {
        return double(endOf(rp.syscalls()[idx])) < ws;
    });
    // Spans too narrow for a label are merged into one block per run of touching pixels.
    int blockX0 = -1, blockX1 = -1;
    auto flush = [&] {
        if (blockX0 >= 0) p.fillRect(QRect(blockX0, y + 2, blockX1 - blockX0, lane.h - 4), c);
        blockX0 = blockX1 = -1;
    };
    for (; it != list.end(); ++it) {
        const SyscallSpan& s = rp.syscalls()[*it];
        if (double(s.enterSeq) > we) break;
        const int x0 = paintX_(s.enterSeq), x1 = std::max(x0 + 1, paintX_.end(endOf(s)));
        if (x1 < kGutter || x0 > width()) continue;
        const QRect r(x0, y + 2, x1 - x0, lane.h - 4);
        if (r.width() <= 30) {
            if (blockX0 >= 0 && x0 <= blockX1) {
                blockX1 = std::max(blockX1, x1);
            } else {
                flush();
                blockX0 = x0;
                blockX1 = x1;
            }
            // The spans after it start where it ends or later, so those that also end inside
            // the block change nothing: zoomed out, they are thousands, skipped in a few steps.
            const int b = blockX1;
            it = prefixEnd(it + 1, list.end(),
                           [&](uint32_t idx) {
                               const SyscallSpan& t = rp.syscalls()[idx];
                               return paintX_(t.enterSeq) + 1 <= b && paintX_(endOf(t)) <= b;
                           }) -
                 1;
            continue;
        }
        flush();
        p.fillRect(r, c);
        {
            p.setPen(pal.color(QPalette::Text));
            const QString t = ses.symbolText(s.name) +
                              (s.exitSeq != kNever ? u" = "_s + QString::number(s.ret) : QString());
            p.drawText(r.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                       p.fontMetrics().elidedText(t, Qt::ElideRight, r.width() - 5));
        }
    }
    flush();
    // reports and the task's end
    for (uint32_t seq : rp.reportSeqs()) {
        if (rp.event(seq).task != lane.task) continue;
        const int x = paintX_(seq);
        QPainterPath tri;
        tri.moveTo(x - 5, y + 1);
        tri.lineTo(x + 5, y + 1);
        tri.lineTo(x, y + lane.h - 1);
        tri.closeSubpath();
        p.fillPath(tri, theme::reportColor(pal));
    }
    p.setFont(font());
}

void Timeline::paintDepth(QPainter& p, const Lane& lane, int y) const {
    const Replay& rp = focus_->replay();
    const Session& ses = *focus_->session();
    const QPalette& pal = palette();
    const auto list = rp.callsAt(lane.task, lane.depth);
    if (list.empty()) return;
    const std::vector<uint32_t>& enters = depthEnters(lane.task, lane.depth);
    const double ws = focus_->windowStart(), we = focus_->windowEnd();
    // first span that ends after the window start (ends are ordered within one depth)
    auto it = std::partition_point(list.begin(), list.end(),
                                   [&](uint32_t n) { return double(callSpanEnd(rp, n)) < ws; });
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.75);
    p.setFont(f);
    const QColor merged = theme::mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.35);
    int blockX0 = -1, blockX1 = -1;
    auto flush = [&] {
        if (blockX0 >= 0)
            p.fillRect(QRect(blockX0, y + 1, std::max(1, blockX1 - blockX0), lane.h - 2), merged);
        blockX0 = blockX1 = -1;
    };
    while (it != list.end()) {
        const CallFrame& c = rp.call(*it);
        if (double(c.enterSeq) > we) break;
        const int x0 = paintX_(c.enterSeq), x1 = paintX_.end(callSpanEnd(rp, *it));
        if (x1 - x0 < 3) {
            // sub-pixel spans: merge into one block and skip to the next pixel column
            if (blockX0 < 0 || x0 > blockX1 + 1) {
                flush();
                blockX0 = x0;
            }
            blockX1 = std::max(x1, x0 + 1);
            // skip what starts before the next column, searching near here first (zoomed out,
            // the next column's span is a few entries away in a list of thousands)
            // (in the lane's own list of entry events, which lies together in memory)
            const double nextStep = paintX_.stepAt(blockX1 + 1);
            const auto next = prefixEnd(enters.begin() + (it - list.begin()) + 1, enters.end(),
                                        [&](uint32_t seq) { return double(seq) < nextStep; });
            auto jt = list.begin() + (next - enters.begin());
            // Spans of one depth do not overlap, so only the last one skipped can reach past
            // the block: it is drawn on its own.
            if (jt - 1 != it && double(callSpanEnd(rp, *(jt - 1))) > nextStep) --jt;
            it = jt;
            continue;
        }
        flush();
        const QRect r(x0, y + 1, x1 - x0, lane.h - 2);
        const QString name = ses.symbolText(c.fn);
        p.fillRect(r, theme::functionColor(name, pal));
        if (r.width() > 24) {
            p.setPen(pal.color(QPalette::Text));
            const QRect tr =
                r.intersected(QRect(kGutter, y, width() - kGutter, lane.h)).adjusted(2, 0, -1, 0);
            p.drawText(tr, Qt::AlignVCenter | Qt::AlignLeft,
                       p.fontMetrics().elidedText(name, Qt::ElideRight, tr.width()));
        }
        ++it;
    }
    flush();
    p.setFont(font());
}

const std::vector<uint32_t>& Timeline::depthEnters(TaskId task, int depth) const {
    std::vector<uint32_t>& enters = depthEnters_[{task, depth}];
    if (enters.empty()) {
        const Replay& rp = focus_->replay();
        for (uint32_t node : rp.callsAt(task, depth))
            enters.push_back(rp.call(node).enterSeq);
    }
    return enters;
}

const ObjectLaneSummary& Timeline::objectSummary(ObjId obj) const {
    auto found = objectSummaries_.find(obj);
    if (found != objectSummaries_.end()) return found->second;
    // Built when first painted and kept; a bounded cache, so scrolling through every lane of a
    // long run does not grow without bound.
    if (objectSummaryBytes_ > kObjectSummaryBudget) {
        objectSummaries_.clear();
        objectSummaryBytes_ = 0;
    }
    ObjectLaneSummary sum = ObjectLaneSummary::build(focus_->replay(), obj);
    objectSummaryBytes_ += sum.bytes();
    return objectSummaries_.emplace(obj, std::move(sum)).first->second;
}

void Timeline::paintObject(QPainter& p, const Lane& lane, int y) const {
    const Replay& rp = focus_->replay();
    const QPalette& pal = palette();
    const Lifespan& sp = rp.lifespan(lane.obj);
    if (sp.allocSeq == kNever) return;
    const uint32_t end = sp.freeSeq == kNever ? rp.size() : sp.freeSeq + 1;
    const int x0 = paintX_(sp.allocSeq), x1 = std::max(x0 + 1, paintX_.end(end));
    if (x1 < kGutter || x0 > width()) return;
    const QColor base = theme::kindColor(sp.kind, pal);
    p.fillRect(QRect(x0, y + 2, x1 - x0, lane.h - 4),
               theme::mix(pal.color(QPalette::Base), base, 0.35));
    if (sp.freeSeq != kNever) {
        p.setPen(QPen(theme::stateColor(DentryState::Killed, pal), 2));
        p.drawLine(x1, y + 2, x1, y + lane.h - 2);
    }
    // reference count as a step line, binned by pixel column
    const auto evs = rp.eventsOf(lane.obj);
    const double ws = std::max(0.0, focus_->windowStart());
    auto it = std::lower_bound(evs.begin(), evs.end(), static_cast<uint32_t>(ws));
    int count = 1;
    for (auto back = it; back != evs.begin();) { // the count when the window starts
        --back;
        const Event& e = rp.event(*back);
        if (e.kind == EventKind::Get || e.kind == EventKind::Put) {
            count = e.b;
            break;
        }
    }
    auto yOf = [&](int c) {
        return y + lane.h - 3 - int(double(std::max(c, 0)) / lane.maxCount * (lane.h - 6));
    };
    p.setPen(QPen(base, 1.4));
    // One pixel column at a time: the count steps from its value before the column through
    // every value the column's events give it, so one vertical line from the lowest to the
    // highest covers them all (zoomed out, one column holds thousands of dget/dput).
    int px = std::max(x0, kGutter - 1);
    int lastMarkX = -10;
    const int right = width();
    const auto mark = [&](const Event& e, int x) {
        const QColor mc = e.kind == EventKind::Report ? theme::reportColor(pal)
                                                      : theme::stateColor(DentryState::InUse, pal);
        p.fillRect(QRect(x - 2, y + 1, 4, 4), mc);
        lastMarkX = x;
    };
    // An object with many events (the root dentry takes a dget and a dput per path walk) is
    // drawn from its summary: a column's first mark, whether it has a dget/dput, and the count's
    // range in it, each found without visiting its events. The same lines as the loop below.
    if (evs.size() >= kSummarisedObjectEvents) {
        const ObjectLaneSummary& sum = objectSummary(lane.obj);
        while (it != evs.end()) {
            const int x = paintX_.end(*it + 1);
            if (x > right) break;
            const auto jt =
                prefixEnd(it, evs.end(), [&](uint32_t seq) { return paintX_.end(seq + 1) == x; });
            const auto i = uint32_t(it - evs.begin()), j = uint32_t(jt - evs.begin());
            it = jt;
            const auto m = std::lower_bound(sum.marks.begin(), sum.marks.end(), i);
            if (m != sum.marks.end() && *m < j && x != lastMarkX) mark(rp.event(evs[*m]), x);
            if (sum.refsBefore[j] == sum.refsBefore[i]) continue;
            const int before = count;
            const int hi = int(std::max<int64_t>(count, sum.highest.max(i, j)));
            const int lo = int(std::min<int64_t>(count, -sum.negLowest.max(i, j)));
            count = int(sum.highest.at(j - 1));
            if (x != px) p.drawLine(px, yOf(before), x, yOf(before));
            p.drawLine(x, yOf(hi), x, yOf(lo));
            px = x;
        }
    }
    while (it != evs.end()) {
        const int x = paintX_.end(*it + 1);
        if (x > right) break;
        int lo = count, hi = count;
        bool refs = false;
        const int before = count;
        for (; it != evs.end() && paintX_.end(*it + 1) == x; ++it) {
            const Event& e = rp.event(*it);
            if (e.kind == EventKind::Get || e.kind == EventKind::Put) {
                refs = true;
                count = e.b;
                lo = std::min(lo, count);
                hi = std::max(hi, count);
            } else if ((e.kind == EventKind::Instantiate || e.kind == EventKind::Add ||
                        e.kind == EventKind::Report) &&
                       x != lastMarkX) {
                mark(e, x);
            }
        }
        if (!refs) continue;
        if (x != px) p.drawLine(px, yOf(before), x, yOf(before));
        p.drawLine(x, yOf(hi), x, yOf(lo));
        px = x;
    }
    const int endX = std::min(x1, width());
    if (endX > px) p.drawLine(px, yOf(count), endX, yOf(count));
}

} // namespace ds::ui
