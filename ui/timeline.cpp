// SPDX-License-Identifier: GPL-2.0-or-later
#include "timeline.h"
#include "timelineaccessible.h"

#include "focus.h"

#include <QKeyEvent>
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
    model_ = focus_->hasRun() ? TimelineLanes::build(focus_->replay(), *focus_->session())
                              : TimelineLanes();
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
    if (li >= 0 && model_.lanes[size_t(li)].kind == LaneKind::Object)
        focus_->setSelected(model_.lanes[size_t(li)].obj);
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
