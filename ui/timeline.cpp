// SPDX-License-Identifier: GPL-2.0-or-later
#include "timeline.h"
#include "timelineaccessible.h"

#include "focus.h"

#include <QAction>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ds::ui {

Timeline::Timeline(Focus* focus, QWidget* parent)
    : QWidget(parent), focus_(focus), vbar_(new QScrollBar(Qt::Vertical, this)) {
    setObjectName(u"timeline"_s);
    installTimelineAccessibility(this, focus); // a screen reader's view (timelineaccessible.h)
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
    addNavigationShortcuts();
}

// Everything but the scroll bar, which a step, a zoom or a selection leaves as it is (the style
// takes longer to paint it than the cached lanes take to draw).
void Timeline::updatePlot() {
    if (!vbar_->isHidden())
        update(QRegion(rect()).subtracted(vbar_->geometry()));
    else
        update();
}

void Timeline::rebuildLanes() {
    cacheValid_ = false;
    if (focus_->hasRun())
        std::erase_if(pinned_, [this](ObjId id) { return id > focus_->replay().maxObjId(); });
    else
        pinned_.clear();
    model_ = focus_->hasRun() ? TimelineLanes::build(focus_->replay(), *focus_->session(), pinned_)
                              : TimelineLanes();
    objectSummaries_.clear();
    depthEnters_.clear();
    objectSummaryBytes_ = 0;
    static const std::vector<CounterSample> none;
    const auto& samples = focus_->hasRun() ? focus_->replay().counterSamples() : none;
    const ObjectSizes sizes = focus_->hasRun() ? focus_->session()->run.sizes : ObjectSizes{};
    for (int c = 0; c < 3; ++c) {
        std::vector<int64_t> values(samples.size());
        for (size_t i = 0; i < samples.size(); ++i)
            values[i] = c == 0   ? samples[i].dentries
                        : c == 1 ? samples[i].inodes
                                 : samples[i].bytes(sizes);
        counterPeaks_[c] = MaxPyramid(std::move(values));
    }
    rebuildTimeAxis();
    updateScroll();
}

void Timeline::updateScroll() {
    const int sbw = vbar_->sizeHint().width();
    vbar_->setGeometry(width() - sbw, kRuler, sbw, std::max(0, height() - kRuler));
    const int visible = height() - kRuler;
    vbar_->setRange(0, std::max(0, model_.height - visible));
    vbar_->setPageStep(std::max(1, visible));
    vbar_->setSingleStep(kObjectLaneHeight * 3);
    vbar_->setVisible(model_.height > visible);
}

void Timeline::resizeEvent(QResizeEvent*) {
    updateScroll();
}

Timeline::XMap Timeline::xMap() const {
    const int right = width() - (!vbar_->isHidden() ? vbar_->width() : 0);
    XMap m{focus_->windowStart(), std::max(1e-9, focus_->windowEnd() - focus_->windowStart()),
           double(std::max(1, right - kGutter))};
    if (realTime()) {
        m.time = &time_;
        m.t0 = time_.at(m.start);
        m.tspan = std::max(1.0, time_.at(m.start + m.span) - m.t0);
    }
    return m;
}

int Timeline::xForStep(double step) const {
    return xMap()(step);
}

double Timeline::stepAtX(int x) const {
    return xMap().stepAt(x);
}

int Timeline::laneOf(ObjId obj) const {
    return model_.laneOf(obj);
}

QRect Timeline::laneRect(int lane) const {
    if (lane < 0 || size_t(lane) >= model_.lanes.size()) return {};
    const Lane& l = model_.lanes[size_t(lane)];
    return QRect(0, kRuler + l.y - vbar_->value(), width(), l.h);
}

void Timeline::ensureLaneVisible(int lane) {
    if (lane < 0 || size_t(lane) >= model_.lanes.size()) return;
    const Lane& l = model_.lanes[size_t(lane)];
    const int visible = height() - kRuler;
    if (l.y < vbar_->value())
        vbar_->setValue(l.y);
    else if (l.y + l.h > vbar_->value() + visible)
        vbar_->setValue(l.y + l.h - visible);
}

void Timeline::setMarkers(int a, int b) {
    markerA_ = a;
    markerB_ = b;
    updatePlot();
}

int Timeline::laneScroll() const {
    return vbar_->value();
}

void Timeline::setLaneScroll(int pixels) {
    updateScroll();
    vbar_->setValue(pixels);
}

void Timeline::setPinned(std::vector<ObjId> objects) {
    pinned_ = std::move(objects);
    rebuildLanes();
    update();
}

int Timeline::laneAtY(int y) const {
    if (y < kRuler) return -1;
    return model_.laneAt(y - kRuler + vbar_->value());
}

// ---- interaction ----

QString Timeline::tooltipAt(QPoint pos) const {
    if (!focus_->hasRun() || pos.x() < kGutter) return {};
    const int li = laneAtY(pos.y());
    if (li < 0) return {};
    const Lane& l = model_.lanes[size_t(li)];
    const Replay& rp = focus_->replay();
    const Session& ses = *focus_->session();
    const double sf = stepAtX(pos.x());
    if (sf < 0 || sf > rp.size()) return {};
    const auto seq = static_cast<uint32_t>(std::min<double>(sf, rp.size() > 0 ? rp.size() - 1 : 0));
    return laneTooltip(l, seq, rp, ses);
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

// Zoom and pan work on the axis (steps, or time on the real time axis): `anchor` is an axis value.
void Timeline::zoom(double factor, double anchor) {
    const auto [s, e] = axisWindow();
    setAxisWindow(anchor - (anchor - s) * factor, anchor + (e - anchor) * factor);
}

void Timeline::pan(double fraction) {
    const auto [s, e] = axisWindow();
    setAxisWindow(s + (e - s) * fraction, e + (e - s) * fraction);
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
        const double anchor = xMap().axisAt(static_cast<int>(e->position().x()));
        zoom(std::pow(0.85, dy / 120.0), anchor);
    }
    e->accept();
}

void Timeline::mousePressEvent(QMouseEvent* e) {
    setFocus(Qt::MouseFocusReason);
    if (e->button() != Qt::LeftButton) return;
    if ((e->modifiers() & Qt::ShiftModifier) && e->position().x() >= kGutter) {
        // Shift+drag: a range of steps, summarised (Markers).
        rangeDrag_ = true;
        rangeFrom_ = rangeTo_ = stepAtX(static_cast<int>(e->position().x()));
        return;
    }
    pressed_ = true;
    dragging_ = false;
    pressPos_ = e->position().toPoint();
    std::tie(pressStart_, pressEnd_) = axisWindow();
    pressScroll_ = vbar_->value();
}

void Timeline::mouseMoveEvent(QMouseEvent* e) {
    if (rangeDrag_) {
        rangeTo_ = stepAtX(static_cast<int>(e->position().x()));
        updatePlot();
        return;
    }
    if (!pressed_) return;
    const QPoint d = e->position().toPoint() - pressPos_;
    if (!dragging_ && d.manhattanLength() > 4) dragging_ = true;
    if (!dragging_) return;
    const int right = width() - (!vbar_->isHidden() ? vbar_->width() : 0);
    const double perPx = (pressEnd_ - pressStart_) / std::max(1, right - kGutter);
    setAxisWindow(pressStart_ - d.x() * perPx, pressEnd_ - d.x() * perPx);
    vbar_->setValue(pressScroll_ - d.y());
}

void Timeline::mouseReleaseEvent(QMouseEvent* e) {
    if (rangeDrag_ && e->button() == Qt::LeftButton) {
        rangeDrag_ = false;
        const double total = focus_->steps();
        const auto from =
            static_cast<uint32_t>(std::clamp(std::min(rangeFrom_, rangeTo_), 0.0, total));
        const auto to =
            static_cast<uint32_t>(std::clamp(std::max(rangeFrom_, rangeTo_), 0.0, total));
        updatePlot();
        if (focus_->hasRun() && to > from) Q_EMIT rangeSelected(from, to);
        return;
    }
    if (!pressed_ || e->button() != Qt::LeftButton) return;
    pressed_ = false;
    if (dragging_) return;
    const QPoint pos = e->position().toPoint();
    if (!focus_->hasRun()) return;
    const int li = laneAtY(pos.y());
    if (li >= 0 && model_.lanes[size_t(li)].kind == LaneKind::Object)
        focus_->setSelected(model_.lanes[size_t(li)].obj);
    if (pos.x() >= kGutter) focus_->setStep(stepAtClick(pos.x()));
}

void Timeline::keyPressEvent(QKeyEvent* e) {
    if (navigate(e->key(), e->modifiers() & Qt::ShiftModifier))
        e->accept();
    else
        QWidget::keyPressEvent(e);
}

// W/S zoom, A/D pan, F fit, Shift+F fit selection: also window shortcuts, so that they work
// wherever the focus is, but for text fields, which keep their keys.
void Timeline::addNavigationShortcuts() {
    const std::pair<int, const char*> keys[] = {
        {Qt::Key_W, "timelineZoomIn"},  {Qt::Key_S, "timelineZoomOut"},
        {Qt::Key_A, "timelinePanLeft"}, {Qt::Key_D, "timelinePanRight"},
        {Qt::Key_F, "timelineFit"},     {Qt::SHIFT | Qt::Key_F, "timelineFitSelection"},
        {Qt::Key_P, "timelinePin"}};
    auto* find = new QAction(tr("Find lane…"), this);
    find->setObjectName(u"timelineFindLane"_s);
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    find->setShortcutContext(Qt::WindowShortcut);
    connect(find, &QAction::triggered, this, &Timeline::findLaneDialog);
    addAction(find);
    for (const auto& [key, name] : keys) {
        auto* a = new QAction(this);
        a->setObjectName(QString::fromLatin1(name));
        a->setShortcut(QKeySequence(key));
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this,
                [this, key] { navigate(key & ~Qt::SHIFT, key & Qt::SHIFT); });
        addAction(a);
    }
}

int Timeline::laneMatching(const QString& text, int after) const {
    const int n = static_cast<int>(model_.lanes.size());
    if (text.isEmpty() || n == 0) return -1;
    for (int k = 1; k <= n; ++k) {
        const int i = ((after < 0 ? -1 : after) + k) % n;
        const Lane& l = model_.lanes[size_t(i)];
        if (l.kind == LaneKind::Object && l.label.contains(text, Qt::CaseInsensitive)) return i;
    }
    return -1;
}

bool Timeline::findLane(const QString& text) {
    const int lane = laneMatching(text, laneOf(focus_->selected()));
    if (lane < 0) return false;
    focus_->setSelected(model_.lanes[size_t(lane)].obj);
    ensureLaneVisible(laneOf(focus_->selected()));
    return true;
}

void Timeline::findLaneDialog() {
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Find lane"),
                                               tr("Object name (the next match is selected):"),
                                               QLineEdit::Normal, lastLaneSearch_, &ok);
    if (!ok || text.isEmpty()) return;
    lastLaneSearch_ = text;
    if (!findLane(text))
        QToolTip::showText(mapToGlobal(QPoint(kGutter, kRuler)),
                           tr("no lane named like '%1'").arg(text), this);
}

bool Timeline::navigate(int key, bool shift) {
    const auto [ws, we] = axisWindow(); // the cursor stands at the end of its step
    const double cursor = realTime() ? time_.stepTime(focus_->step()) : focus_->step();
    const double anchor = cursor >= ws && cursor <= we ? cursor : (ws + we) / 2;
    switch (key) {
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
        if (shift)
            fitSelection();
        else
            fitAll();
        break;
    case Qt::Key_P: { // pin the selected object's lane at the top, or unpin it
        const ObjId id = focus_->selected();
        if (!id) return false;
        std::vector<ObjId> pins = pinned_;
        if (std::erase(pins, id) == 0) pins.push_back(id);
        setPinned(std::move(pins));
        ensureLaneVisible(laneOf(id));
        break;
    }
    default:
        return false;
    }
    return true;
}

} // namespace ds::ui
