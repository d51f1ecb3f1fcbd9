// SPDX-License-Identifier: GPL-2.0-or-later
#include "theme.h"

#include "replay/dentry_class.h"

#include <QCoreApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

DentryState dentryState(const ObjState& o, bool ghost) {
    return dentryClass(o, ghost);
}

QString stateText(DentryState s) {
    switch (s) {
    case DentryState::InUse:
        return QCoreApplication::translate("ds::ui::theme", "in use");
    case DentryState::Unused:
        return QCoreApplication::translate("ds::ui::theme", "unused (LRU)");
    case DentryState::Unreferenced:
        return QCoreApplication::translate("ds::ui::theme", "unused, not on LRU");
    case DentryState::Negative:
        return QCoreApplication::translate("ds::ui::theme", "negative");
    case DentryState::InLookup:
        return QCoreApplication::translate("ds::ui::theme", "in lookup");
    case DentryState::Unhashed:
        return QCoreApplication::translate("ds::ui::theme", "unhashed");
    case DentryState::Killed:
        return QCoreApplication::translate("ds::ui::theme", "killed");
    case DentryState::Freed:
        return QCoreApplication::translate("ds::ui::theme", "freed");
    case DentryState::Cursor:
        return QCoreApplication::translate("ds::ui::theme", "cursor");
    }
    return {};
}

QString stateLine(DentryState s) {
    return QCoreApplication::translate("ds::ui::theme", "%1: %2")
        .arg(stateText(s), stateDescription(s));
}

QString stateDescription(DentryState s) {
    switch (s) {
    case DentryState::InUse:
        return QCoreApplication::translate("ds::ui::theme", "d_lockref.count > 0");
    case DentryState::Unused:
        return QCoreApplication::translate("ds::ui::theme",
                                           "count 0, kept cached on the LRU (d_lru_add)");
    case DentryState::Unreferenced:
        return QCoreApplication::translate("ds::ui::theme", "count 0, not on the LRU yet");
    case DentryState::Negative:
        return QCoreApplication::translate("ds::ui::theme", "hashed, no inode");
    case DentryState::InLookup:
        return QCoreApplication::translate("ds::ui::theme", "DCACHE_PAR_LOOKUP: being looked up");
    case DentryState::Unhashed:
        return QCoreApplication::translate("ds::ui::theme",
                                           "not in the hash: lookups cannot find it");
    case DentryState::Killed:
        return QCoreApplication::translate("ds::ui::theme", "__dentry_kill started");
    case DentryState::Freed:
        return QCoreApplication::translate("ds::ui::theme", "freed by the last event (ghost)");
    case DentryState::Cursor:
        return QCoreApplication::translate("ds::ui::theme", "dcache_readdir cursor");
    }
    return {};
}

namespace theme {

bool isDark(const QPalette& p) {
    return p.color(QPalette::Base).lightnessF() < 0.5;
}

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

namespace {
QColor hue(int h, const QPalette& p, int sat = 170) {
    return isDark(p) ? QColor::fromHsv(h, std::clamp(sat - 40, 0, 255), 235)
                     : QColor::fromHsv(h, std::clamp(sat + 40, 0, 255), 185);
}
} // namespace

QColor stateColor(DentryState s, const QPalette& p) {
    switch (s) {
    case DentryState::InUse:
        return hue(210, p); // blue
    case DentryState::Unused:
    case DentryState::Unreferenced:
        return mix(p.color(QPalette::Text), p.color(QPalette::Base), 0.45);
    case DentryState::Negative:
        return hue(280, p); // purple
    case DentryState::InLookup:
        return hue(35, p); // orange
    case DentryState::Unhashed:
        return hue(55, p, 200); // amber
    case DentryState::Killed:
        return hue(0, p); // red
    case DentryState::Freed:
        return mix(p.color(QPalette::Text), p.color(QPalette::Base), 0.6);
    case DentryState::Cursor:
        return hue(160, p); // teal
    }
    return p.color(QPalette::Text);
}

QColor changedBackground(const QPalette& p) {
    return mix(p.color(QPalette::Base), hue(50, p, 220), isDark(p) ? 0.28 : 0.35);
}

QColor kindColor(ObjKind k, const QPalette& p) {
    switch (k) {
    case ObjKind::Dentry:
        return hue(210, p, 120);
    case ObjKind::Inode:
        return hue(130, p, 110);
    case ObjKind::File:
        return hue(30, p, 110);
    case ObjKind::Eventfs:
        return hue(290, p, 100);
    default:
        return mix(p.color(QPalette::Text), p.color(QPalette::Base), 0.5);
    }
}

QColor functionColor(const QString& name, const QPalette& p) {
    uint32_t h = 2166136261u; // FNV-1a: stable across runs (qHash is seeded)
    for (const QChar c : name) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    const int hh = int(h % 360);
    return isDark(p) ? QColor::fromHsv(hh, 90, 150) : QColor::fromHsv(hh, 70, 235);
}

QColor syscallColor(const QPalette& p) {
    return mix(p.color(QPalette::Base), hue(200, p, 90), isDark(p) ? 0.45 : 0.55);
}
QColor reportColor(const QPalette& p) {
    return hue(0, p, 230);
}
QColor cursorColor(const QPalette& p) {
    return isDark(p) ? QColor(255, 200, 60) : QColor(220, 40, 40);
}

void drawStateShape(QPainter& painter, const QRectF& r0, DentryState s, const QPalette& p) {
    const QColor c = stateColor(s, p);
    const QRectF r = r0.adjusted(1.5, 1.5, -1.5, -1.5);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QPen pen(c, 1.6);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    switch (s) {
    case DentryState::InUse:
        painter.setBrush(c);
        painter.drawEllipse(r);
        break;
    case DentryState::Unused:
        painter.drawEllipse(r);
        break;
    case DentryState::Unreferenced: // a ring with a bar: count 0, not (yet) on the LRU
        painter.drawEllipse(r);
        painter.drawLine(QPointF(r.left() + 2, r.center().y()),
                         QPointF(r.right() - 2, r.center().y()));
        break;
    case DentryState::Negative:
        pen.setStyle(Qt::DashLine);
        painter.setPen(pen);
        painter.drawEllipse(r);
        break;
    case DentryState::InLookup: {
        painter.drawEllipse(r);
        painter.setBrush(c);
        painter.drawPie(r, 90 * 16, 180 * 16);
        break;
    }
    case DentryState::Unhashed: {
        QPainterPath path;
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.right(), r.center().y());
        path.lineTo(r.center().x(), r.bottom());
        path.lineTo(r.left(), r.center().y());
        path.closeSubpath();
        painter.drawPath(path);
        break;
    }
    case DentryState::Killed:
        pen.setWidthF(2.2);
        painter.setPen(pen);
        painter.drawLine(r.topLeft(), r.bottomRight());
        painter.drawLine(r.topRight(), r.bottomLeft());
        break;
    case DentryState::Freed:
        pen.setStyle(Qt::DotLine);
        painter.setPen(pen);
        painter.drawRect(r);
        break;
    case DentryState::Cursor: {
        QPainterPath path;
        path.moveTo(r.left(), r.top());
        path.lineTo(r.right(), r.center().y());
        path.lineTo(r.left(), r.bottom());
        path.closeSubpath();
        painter.setBrush(c);
        painter.drawPath(path);
        break;
    }
    }
    painter.restore();
}

namespace {

// Draws the state's shape at whatever size and device pixel ratio the view asks for, so the
// icon stays sharp on a high-DPI screen (a fixed 14x14 pixmap would be scaled up and blur).
class StateIconEngine final : public QIconEngine {
public:
    StateIconEngine(DentryState s, const QPalette& p) : state_(s), palette_(p) {}
    void paint(QPainter* painter, const QRect& rect, QIcon::Mode, QIcon::State) override {
        drawStateShape(*painter, QRectF(rect), state_, palette_);
    }
    // At most 14x14 logical pixels, as the shapes were designed; any scale above that is drawn.
    QSize actualSize(const QSize& size, QIcon::Mode, QIcon::State) override {
        return size.boundedTo(QSize(14, 14));
    }
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override {
        return scaledPixmap(size, mode, state, 1.0);
    }
    // `size` in device pixels (Qt 6.4's QIcon::pixmap passes the logical size times `scale`):
    // painted at that resolution, the shape keeps its logical geometry and pen widths.
    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override {
        QPixmap pm(size);
        pm.setDevicePixelRatio(scale);
        pm.fill(Qt::transparent);
        QPainter painter(&pm);
        painter.setRenderHint(QPainter::Antialiasing);
        paint(&painter, QRect(QPoint(0, 0), (QSizeF(size) / scale).toSize()), mode, state);
        return pm;
    }
    QIconEngine* clone() const override { return new StateIconEngine(state_, palette_); }
    QString key() const override { return u"dentryscope-state"_s; }

private:
    DentryState state_;
    QPalette palette_;
};

} // namespace

QIcon stateIcon(DentryState s, const QPalette& p) {
    return QIcon(new StateIconEngine(s, p));
}

} // namespace theme
} // namespace ds::ui
