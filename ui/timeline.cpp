#include "timeline.h"

#include "focus.h"
#include "theme.h"
#include "trace/symbols.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr int kCounterH = 28;
constexpr int kSyscallH = 16;
constexpr int kDepthH = 12;
constexpr int kMaxDepthRows = 24;
constexpr int kHeaderH = 18;
constexpr int kObjectH = 15;
} // namespace

Timeline::Timeline(Focus* focus, QWidget* parent)
    : QWidget(parent), focus_(focus), vbar_(new QScrollBar(Qt::Vertical, this)) {
    setObjectName(u"timeline"_s);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(300, 150);
    connect(vbar_, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
    connect(focus_, &Focus::sessionChanged, this, [this] {
        rebuildLanes();
        update();
    });
    connect(focus_, &Focus::stepChanged, this, &Timeline::updatePlot);
    connect(focus_, &Focus::windowChanged, this, &Timeline::updatePlot);
    connect(focus_, &Focus::taskChanged, this, &Timeline::updatePlot);
    connect(focus_, &Focus::selectionChanged, this, [this](ObjId id) {
        const int lane = laneOf(id);
        if (lane >= 0) ensureLaneVisible(lane);
        updatePlot();
    });
    rebuildLanes();
}

// Everything but the scroll bar, which a step, a zoom or a selection leaves as it is (the style
// takes longer to paint it than the cached lanes take to draw).
void Timeline::updatePlot() {
    if (vbar_->isVisible())
        update(QRegion(rect()).subtracted(vbar_->geometry()));
    else
        update();
}

void Timeline::rebuildLanes() {
    cacheValid_ = false;
    lanes_.clear();
    int y = 0;
    auto push = [&](Lane l) {
        l.y = y;
        y += l.h;
        lanes_.push_back(std::move(l));
    };
    if (!focus_->hasRun()) {
        contentHeight_ = 0;
        updateScroll();
        return;
    }
    const Replay& rp = focus_->replay();
    const Session& ses = *focus_->session();
    counterMax_[0] = counterMax_[1] = counterMax_[2] = 1;
    for (const CounterSample& c : rp.counterSamples()) {
        counterMax_[0] = std::max<int64_t>(counterMax_[0], c.dentries);
        counterMax_[1] = std::max<int64_t>(counterMax_[1], c.inodes);
        counterMax_[2] = std::max<int64_t>(counterMax_[2], c.bytes());
    }
    const QString counterNames[3] = {u"live dentries"_s, u"live inodes"_s, u"bytes"_s};
    for (int i = 0; i < 3; ++i)
        push(Lane{LaneKind::Counter, 0, kCounterH, kNoTask, i, 0, 1, counterNames[i]});
    auto addTask = [&](TaskId t) {
        if (rp.syscallsOf(t).empty() && rp.maxDepth(t) == 0) return;
        push(Lane{LaneKind::Syscalls, 0, kSyscallH, t, 0, 0, 1, u"task "_s + ses.taskName(t)});
        const int depths = std::min(rp.maxDepth(t), kMaxDepthRows);
        for (int d = 0; d < depths; ++d)
            push(Lane{LaneKind::Depth, 0, kDepthH, t, d, 0, 1, QString()});
    };
    for (size_t t = 0; t < rp.taskCount(); ++t)
        addTask(static_cast<TaskId>(t));
    addTask(kNoTask);
    const ObjKind kinds[] = {ObjKind::Dentry, ObjKind::Inode, ObjKind::File, ObjKind::Eventfs};
    const QString kindNames[] = {u"dentries"_s, u"inodes"_s, u"files"_s, u"eventfs_inodes"_s};
    for (int k = 0; k < 4; ++k) {
        std::vector<ObjId> ids;
        for (ObjId id = 1; id <= rp.maxObjId(); ++id)
            if (rp.lifespan(id).kind == kinds[k]) ids.push_back(id);
        if (ids.empty()) continue;
        push(Lane{LaneKind::Header, 0, kHeaderH, kNoTask, 0, 0, 1,
                  kindNames[k] + u" ("_s + QString::number(ids.size()) + u')'});
        for (ObjId id : ids) {
            int maxCount = 1;
            for (uint32_t seq : rp.eventsOf(id)) {
                const Event& e = rp.event(seq);
                if (e.kind == EventKind::Get || e.kind == EventKind::Put)
                    maxCount = std::max(maxCount, e.b);
            }
            QString label = ses.objectName(id);
            if (kinds[k] == ObjKind::Inode)
                label = u"i_ino "_s + QString::number(rp.event(rp.lifespan(id).allocSeq).a);
            if (kinds[k] == ObjKind::File) label = u"file"_s;
            if (label.isEmpty()) label = u"/"_s;
            push(Lane{LaneKind::Object, 0, kObjectH, kNoTask, 0, id, maxCount,
                      label + u" #"_s + QString::number(id)});
        }
    }
    contentHeight_ = y;
    updateScroll();
}

void Timeline::updateScroll() {
    const int sbw = vbar_->sizeHint().width();
    vbar_->setGeometry(width() - sbw, kRuler, sbw, std::max(0, height() - kRuler));
    const int visible = height() - kRuler;
    vbar_->setRange(0, std::max(0, contentHeight_ - visible));
    vbar_->setPageStep(std::max(1, visible));
    vbar_->setSingleStep(kObjectH * 3);
    vbar_->setVisible(contentHeight_ > visible);
}

void Timeline::resizeEvent(QResizeEvent*) {
    updateScroll();
}

Timeline::XMap Timeline::xMap() const {
    const int right = width() - (vbar_->isVisible() ? vbar_->width() : 0);
    return XMap{focus_->windowStart(), std::max(1e-9, focus_->windowEnd() - focus_->windowStart()),
                double(std::max(1, right - kGutter))};
}

int Timeline::xForStep(double step) const {
    return xMap()(step);
}

double Timeline::stepAtX(int x) const {
    return xMap().stepAt(x);
}

int Timeline::laneOf(ObjId obj) const {
    if (!obj) return -1;
    for (size_t i = 0; i < lanes_.size(); ++i)
        if (lanes_[i].kind == LaneKind::Object && lanes_[i].obj == obj) return static_cast<int>(i);
    return -1;
}

QRect Timeline::laneRect(int lane) const {
    if (lane < 0 || size_t(lane) >= lanes_.size()) return {};
    const Lane& l = lanes_[size_t(lane)];
    return QRect(0, kRuler + l.y - vbar_->value(), width(), l.h);
}

void Timeline::ensureLaneVisible(int lane) {
    if (lane < 0 || size_t(lane) >= lanes_.size()) return;
    const Lane& l = lanes_[size_t(lane)];
    const int visible = height() - kRuler;
    if (l.y < vbar_->value())
        vbar_->setValue(l.y);
    else if (l.y + l.h > vbar_->value() + visible)
        vbar_->setValue(l.y + l.h - visible);
}

int Timeline::laneAtY(int y) const {
    const int cy = y - kRuler + vbar_->value();
    if (y < kRuler) return -1;
    auto it = std::upper_bound(lanes_.begin(), lanes_.end(), cy,
                               [](int v, const Lane& l) { return v < l.y; });
    if (it == lanes_.begin()) return -1;
    --it;
    if (cy >= it->y + it->h) return -1;
    return static_cast<int>(it - lanes_.begin());
}

uint32_t Timeline::spanEnd(uint32_t node) const {
    const Replay& rp = focus_->replay();
    const CallFrame& f = rp.call(node);
    if (f.exitSeq != kNever) return f.exitSeq + 1;
    const uint32_t end = rp.taskEndSeq(f.task);
    return end == kNever ? rp.size() : end + 1;
}

// ---- painting ----

void Timeline::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette& pal = palette();
    if (!focus_->hasRun()) {
        p.fillRect(rect(), pal.color(QPalette::Base));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(rect(), Qt::AlignCenter, u"No run loaded"_s);
        return;
    }
    paintX_ = xMap();
    // Stepping moves only the cursor and the counters' values: the lanes come from the cache
    // unless what they show has changed.
    const CacheKey key{focus_->windowStart(), focus_->windowEnd(), size(),
                       devicePixelRatioF(),   vbar_->value(),      focus_->selected(),
                       focus_->task(),        pal.cacheKey()};
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
    const int right = width() - (vbar_->isVisible() ? vbar_->width() : 0);
    // the cursor: the current step sits between event step-1 and event step
    const int cx = paintX_(focus_->step());
    if (cx >= kGutter && cx <= right) {
        p.setPen(QPen(theme::cursorColor(pal), 1.5));
        p.drawLine(cx, kRuler, cx, height());
    }
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(kGutter, kRuler, kGutter, height());
    paintRuler(p);
}

void Timeline::paintLanes(QPainter& p) const {
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const int right = width() - (vbar_->isVisible() ? vbar_->width() : 0);
    const int scroll = vbar_->value();
    const int first = std::max(0, laneAtY(kRuler));
    const ObjId sel = focus_->selected();
    const TaskId task = focus_->task();
    for (size_t i = size_t(first); i < lanes_.size(); ++i) {
        const Lane& l = lanes_[i];
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
        const int right = width() - (vbar_->isVisible() ? vbar_->width() : 0);
        p.setPen(theme::mix(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.2));
        if (y >= kRuler) p.drawLine(0, y, right, y);
    }
}

// The value at the cursor on each counter lane, clipped like the lane (the lanes below it draw
// nothing there; its separator is drawn again over it, as when the lane is painted whole).
void Timeline::paintCounterValues(QPainter& p) const {
    const int right = width() - (vbar_->isVisible() ? vbar_->width() : 0);
    const int scroll = vbar_->value();
    const CounterSample now = focus_->replay().countersAt(focus_->step());
    for (const Lane& l : lanes_) {
        if (l.kind != LaneKind::Counter) break; // the counters come first
        const int y = kRuler + l.y - scroll;
        if (y > height() || y + l.h < kRuler) continue;
        p.save();
        p.setClipRect(QRect(kGutter, std::max(y, kRuler), right - kGutter, l.h));
        const int64_t value = l.depth == 0 ? now.dentries : l.depth == 1 ? now.inodes : now.bytes();
        QString text = QString::number(value);
        if (l.depth == 2) text = QString::number(double(value) / 1024.0, 'f', 1) + u" KiB"_s;
        p.setPen(palette().color(QPalette::Text));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        p.setFont(f);
        p.drawText(QRect(kGutter + 4, y, 200, l.h), Qt::AlignTop | Qt::AlignLeft, text);
        p.restore();
        paintSeparator(p, l, y);
    }
}

void Timeline::paintRuler(QPainter& p) const {
    const QPalette& pal = palette();
    p.fillRect(QRect(0, 0, width(), kRuler), pal.color(QPalette::Window));
    p.setPen(pal.color(QPalette::WindowText));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    p.setFont(f);
    p.drawText(QRect(4, 0, kGutter - 8, kRuler), Qt::AlignVCenter,
               u"step "_s + QString::number(focus_->step()) + u" / "_s +
                   QString::number(focus_->steps()));
    const int right = width() - (vbar_->isVisible() ? vbar_->width() : 0);
    const double span = focus_->windowEnd() - focus_->windowStart();
    const double w = std::max(1, right - kGutter);
    // tick spacing: 1, 2, 5 x 10^n with at least 70 px between labels
    double tick = 1;
    while (tick / span * w < 70) {
        if (tick / span * w * 2 >= 70) {
            tick *= 2;
            break;
        }
        if (tick / span * w * 5 >= 70) {
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
        p.drawText(QRect(x + 2, 0, 80, kRuler - 2), Qt::AlignVCenter | Qt::AlignLeft,
                   QString::number(static_cast<qint64>(s)));
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
    const int64_t maxv = counterMax_[lane.depth];
    auto value = [&](const CounterSample& s) -> int64_t {
        return lane.depth == 0 ? s.dentries : lane.depth == 1 ? s.inodes : s.bytes();
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
    int px = std::max(kGutter, paintX_(it->step));
    int64_t v = value(*it);
    fill.moveTo(px, y + lane.h - 2);
    fill.lineTo(px, yOf(v));
    ++it;
    while (it != samples.end()) {
        const int x = paintX_(it->step);
        if (x > right) break;
        // bin: several samples in one pixel column draw one vertical run
        int64_t lo = value(*it), hi = lo;
        auto jt = it;
        while (jt + 1 != samples.end() && paintX_((jt + 1)->step) == x) {
            ++jt;
            lo = std::min(lo, value(*jt));
            hi = std::max(hi, value(*jt));
        }
        fill.lineTo(x, yOf(v));
        fill.lineTo(x, yOf(std::max(hi, v)));
        fill.lineTo(x, yOf(value(*jt)));
        v = value(*jt);
        it = jt + 1;
    }
    const int endX = std::min(right, paintX_(rp.size()));
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
        const int x0 = paintX_(s.enterSeq), x1 = std::max(x0 + 1, paintX_(endOf(s)));
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
    const double ws = focus_->windowStart(), we = focus_->windowEnd();
    // first span that ends after the window start (ends are ordered within one depth)
    auto it = std::partition_point(list.begin(), list.end(),
                                   [&](uint32_t n) { return double(spanEnd(n)) < ws; });
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
        const int x0 = paintX_(c.enterSeq), x1 = paintX_(spanEnd(*it));
        if (x1 - x0 < 3) {
            // sub-pixel spans: merge into one block and skip to the next pixel column
            if (blockX0 < 0 || x0 > blockX1 + 1) {
                flush();
                blockX0 = x0;
            }
            blockX1 = std::max(x1, x0 + 1);
            // skip what starts before the next column, searching near here first (zoomed out,
            // the next column's span is a few entries away in a list of thousands)
            const double nextStep = paintX_.stepAt(blockX1 + 1);
            auto before = [&](uint32_t n) { return double(rp.call(n).enterSeq) < nextStep; };
            auto lo = it + 1, hi = lo;
            for (std::ptrdiff_t stride = 1; hi != list.end() && before(*hi); stride *= 2) {
                lo = hi + 1;
                hi = list.end() - lo > stride ? lo + stride : list.end();
            }
            auto jt = std::partition_point(lo, hi, before);
            // Spans of one depth do not overlap, so only the last one skipped can reach past
            // the block: it is drawn on its own.
            if (jt - 1 != it && double(spanEnd(*(jt - 1))) > nextStep) --jt;
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

void Timeline::paintObject(QPainter& p, const Lane& lane, int y) const {
    const Replay& rp = focus_->replay();
    const QPalette& pal = palette();
    const Lifespan& sp = rp.lifespan(lane.obj);
    if (sp.allocSeq == kNever) return;
    const uint32_t end = sp.freeSeq == kNever ? rp.size() : sp.freeSeq + 1;
    const int x0 = paintX_(sp.allocSeq), x1 = std::max(x0 + 1, paintX_(end));
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
    while (it != evs.end()) {
        const int x = paintX_(*it + 1);
        if (x > right) break;
        int lo = count, hi = count;
        bool refs = false;
        const int before = count;
        for (; it != evs.end() && paintX_(*it + 1) == x; ++it) {
            const Event& e = rp.event(*it);
            if (e.kind == EventKind::Get || e.kind == EventKind::Put) {
                refs = true;
                count = e.b;
                lo = std::min(lo, count);
                hi = std::max(hi, count);
            } else if ((e.kind == EventKind::Instantiate || e.kind == EventKind::Add ||
                        e.kind == EventKind::Report) &&
                       x != lastMarkX) {
                const QColor mc = e.kind == EventKind::Report
                                      ? theme::reportColor(pal)
                                      : theme::stateColor(DentryState::InUse, pal);
                p.fillRect(QRect(x - 2, y + 1, 4, 4), mc);
                lastMarkX = x;
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

// ---- interaction ----

QString Timeline::tooltipAt(QPoint pos) const {
    if (!focus_->hasRun() || pos.x() < kGutter) return {};
    const int li = laneAtY(pos.y());
    if (li < 0) return {};
    const Lane& l = lanes_[size_t(li)];
    const Replay& rp = focus_->replay();
    const Session& ses = *focus_->session();
    const double sf = stepAtX(pos.x());
    if (sf < 0 || sf > rp.size()) return {};
    const auto seq = static_cast<uint32_t>(std::min<double>(sf, rp.size() > 0 ? rp.size() - 1 : 0));
    switch (l.kind) {
    case LaneKind::Counter: {
        const CounterSample c = rp.countersAt(seq);
        return u"step %1\nlive dentries %2\nlive inodes %3\nbytes %4"_s.arg(seq)
            .arg(c.dentries)
            .arg(c.inodes)
            .arg(c.bytes());
    }
    case LaneKind::Syscalls:
        for (uint32_t idx : rp.syscallsOf(l.task)) {
            const SyscallSpan& s = rp.syscalls()[idx];
            if (s.enterSeq <= seq && (s.exitSeq == kNever || s.exitSeq >= seq))
                return u"%1 (task %2)\nevents #%3 – %4%5"_s
                    .arg(ses.symbolText(s.name), ses.taskName(l.task))
                    .arg(s.enterSeq)
                    .arg(s.exitSeq == kNever ? u"(never returned)"_s : QString::number(s.exitSeq))
                    .arg(s.exitSeq == kNever ? QString()
                                             : u"\nreturned "_s + QString::number(s.ret));
        }
        return u"task "_s + ses.taskName(l.task);
    case LaneKind::Depth: {
        const uint32_t node = rp.frameAt(l.task, seq);
        for (uint32_t n : rp.stack(node))
            if (rp.call(n).depth == l.depth) {
                const CallFrame& c = rp.call(n);
                return u"%1()\ntask %2, depth %3\nevents #%4 – %5\n%6"_s
                    .arg(ses.symbolText(c.fn), ses.taskName(l.task))
                    .arg(l.depth)
                    .arg(c.enterSeq)
                    .arg(c.exitSeq == kNever ? u"(never returned)"_s : QString::number(c.exitSeq))
                    .arg(ses.sourceText(c.enterSrc));
            }
        return {};
    }
    case LaneKind::Object: {
        const Lifespan& sp = rp.lifespan(l.obj);
        QString t = ses.objectLabel(l.obj) + u"\nallocated #"_s + QString::number(sp.allocSeq) +
                    (sp.freeSeq == kNever ? u", never freed"_s
                                          : u", freed #"_s + QString::number(sp.freeSeq));
        const auto evs = rp.eventsOf(l.obj);
        auto it = std::upper_bound(evs.begin(), evs.end(), seq);
        if (it != evs.begin()) {
            const Event& e = rp.event(*std::prev(it));
            t += u"\nlast event #"_s + QString::number(e.seq) + u": "_s + ses.eventText(e) +
                 u" ("_s + ses.taskName(e.task) + u')';
        }
        return t;
    }
    case LaneKind::Header:
        return {};
    }
    return {};
}

bool Timeline::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* he = static_cast<QHelpEvent*>(e);
        const QString t = tooltipAt(he->pos());
        if (t.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(he->globalPos(), t, this);
        return true;
    }
    return QWidget::event(e);
}

void Timeline::changeEvent(QEvent* e) {
    if (e->type() == QEvent::FontChange || e->type() == QEvent::PaletteChange ||
        e->type() == QEvent::StyleChange)
        cacheValid_ = false;
    QWidget::changeEvent(e);
}

void Timeline::zoom(double factor, double anchor) {
    const double s = focus_->windowStart(), e = focus_->windowEnd();
    focus_->setWindow(anchor - (anchor - s) * factor, anchor + (e - anchor) * factor);
}

void Timeline::pan(double fraction) {
    const double span = focus_->windowEnd() - focus_->windowStart();
    focus_->setWindow(focus_->windowStart() + span * fraction,
                      focus_->windowEnd() + span * fraction);
}

void Timeline::fitAll() {
    focus_->setWindow(0, std::max<double>(1, focus_->steps()));
}

void Timeline::fitSelection() {
    if (!focus_->hasRun() || !focus_->selected()) return fitAll();
    const Lifespan& sp = focus_->replay().lifespan(focus_->selected());
    if (sp.allocSeq == kNever) return fitAll();
    const double end = sp.freeSeq == kNever ? focus_->steps() : sp.freeSeq + 1;
    const double pad = std::max(4.0, (end - sp.allocSeq) * 0.05);
    focus_->setWindow(sp.allocSeq - pad, end + pad);
}

void Timeline::wheelEvent(QWheelEvent* e) {
    const int dy = e->angleDelta().y();
    if (e->modifiers() & Qt::ShiftModifier) {
        vbar_->setValue(vbar_->value() - dy / 2);
    } else if (dy != 0) {
        const double anchor = stepAtX(static_cast<int>(e->position().x()));
        zoom(std::pow(0.85, dy / 120.0), anchor);
    }
    e->accept();
}

void Timeline::mousePressEvent(QMouseEvent* e) {
    setFocus(Qt::MouseFocusReason);
    if (e->button() != Qt::LeftButton) return;
    pressed_ = true;
    dragging_ = false;
    pressPos_ = e->position().toPoint();
    pressStart_ = focus_->windowStart();
    pressEnd_ = focus_->windowEnd();
    pressScroll_ = vbar_->value();
}

void Timeline::mouseMoveEvent(QMouseEvent* e) {
    if (!pressed_) return;
    const QPoint d = e->position().toPoint() - pressPos_;
    if (!dragging_ && d.manhattanLength() > 4) dragging_ = true;
    if (!dragging_) return;
    const int right = width() - (vbar_->isVisible() ? vbar_->width() : 0);
    const double perPx = (pressEnd_ - pressStart_) / std::max(1, right - kGutter);
    focus_->setWindow(pressStart_ - d.x() * perPx, pressEnd_ - d.x() * perPx);
    vbar_->setValue(pressScroll_ - d.y());
}

void Timeline::mouseReleaseEvent(QMouseEvent* e) {
    if (!pressed_ || e->button() != Qt::LeftButton) return;
    pressed_ = false;
    if (dragging_) return;
    const QPoint pos = e->position().toPoint();
    if (!focus_->hasRun()) return;
    const int li = laneAtY(pos.y());
    if (li >= 0 && lanes_[size_t(li)].kind == LaneKind::Object)
        focus_->setSelected(lanes_[size_t(li)].obj);
    if (pos.x() >= kGutter) {
        const double s = stepAtX(pos.x());
        focus_->setStep(static_cast<uint32_t>(
            std::clamp(std::lround(s), 0L, static_cast<long>(focus_->steps()))));
    }
}

void Timeline::keyPressEvent(QKeyEvent* e) {
    const double cursor = focus_->step();
    const double anchor = cursor >= focus_->windowStart() && cursor <= focus_->windowEnd()
                              ? cursor
                              : (focus_->windowStart() + focus_->windowEnd()) / 2;
    switch (e->key()) {
    case Qt::Key_W:
        zoom(0.7, anchor);
        break;
    case Qt::Key_S:
        zoom(1 / 0.7, anchor);
        break;
    case Qt::Key_A:
        pan(-0.2);
        break;
    case Qt::Key_D:
        pan(0.2);
        break;
    case Qt::Key_F:
        if (e->modifiers() & Qt::ShiftModifier)
            fitSelection();
        else
            fitAll();
        break;
    default:
        QWidget::keyPressEvent(e);
        return;
    }
    e->accept();
}

} // namespace ds::ui
