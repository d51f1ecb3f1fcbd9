// SPDX-License-Identifier: GPL-2.0-or-later
// What the timeline draws over its cached lanes besides the cursor: the A/B markers, the range
// being selected with Shift+drag, and arrows between the selected object's related events.
#include "focus.h"
#include "theme.h"
#include "timeline.h"

#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>

#include <cmath>

using namespace Qt::StringLiterals;

namespace ds::ui {

int Timeline::eventY(uint32_t seq) const {
    const TaskId task = focus_->replay().event(seq).task;
    for (size_t i = 0; i < model_.lanes.size(); ++i) {
        const Lane& l = model_.lanes[i];
        if (l.kind == LaneKind::Syscalls && l.task == task) {
            const QRect r = laneRect(static_cast<int>(i));
            return r.center().y();
        }
    }
    return -1;
}

void Timeline::paintOverlays(QPainter& p) {
    const QPalette& pal = palette();
    const int right = width() - (!vbar_->isHidden() ? vbar_->width() : 0);
    p.save();
    p.setClipRect(QRect(kGutter, kRuler, std::max(0, right - kGutter), height() - kRuler));
    if (rangeDrag_) {
        const int x0 = paintX_(std::min(rangeFrom_, rangeTo_));
        const int x1 = paintX_(std::max(rangeFrom_, rangeTo_));
        QColor fill = pal.color(QPalette::Highlight);
        fill.setAlpha(60);
        p.fillRect(QRect(x0, kRuler, std::max(1, x1 - x0), height() - kRuler), fill);
    }
    const std::pair<int, QString> markers[] = {{markerA_, u"A"_s}, {markerB_, u"B"_s}};
    for (const auto& [step, label] : markers) {
        if (step < 0) continue;
        const int x = paintX_.end(step);
        if (x < kGutter || x > right) continue;
        p.setPen(QPen(pal.color(QPalette::Link), 1, Qt::DashLine));
        p.drawLine(x, kRuler, x, height());
        p.setPen(pal.color(QPalette::Link));
        p.drawText(x + 3, kRuler + 12, label);
    }
    paintRelations(p);
    p.restore();
}

// Arrows between the selected object's related events: a get and the put that returns it (on the
// object's lane, an arc), and a report with the other task's event that led to it (between the
// two tasks' syscall rows). Only those with an end in view.
void Timeline::paintRelations(QPainter& p) {
    const ObjId obj = focus_->selected();
    const void* run = focus_->session();
    if (obj != relationsOf_ || run != relationsRun_) {
        relations_ = obj && obj <= focus_->replay().maxObjId()
                         ? relatedEvents(focus_->replay(), obj)
                         : std::vector<Relation>{};
        relationsOf_ = obj;
        relationsRun_ = run;
    }
    const int lane = laneOf(obj);
    if (relations_.empty() || lane < 0) return;
    const QRect objRect = laneRect(lane);
    const double start = focus_->windowStart(), end = focus_->windowEnd();
    const QColor arrow = theme::cursorColor(palette());
    p.setRenderHint(QPainter::Antialiasing);
    for (const Relation& r : relations_) {
        if ((r.to + 1 < start) || (r.from > end)) continue;
        // An event is drawn between steps seq and seq+1.
        const double x0 = paintX_.event(r.from), x1 = paintX_.event(r.to);
        QPointF a, b;
        QPainterPath path;
        if (r.kind == Relation::Kind::GetPut) {
            a = QPointF(x0, objRect.top() + 2);
            b = QPointF(x1, objRect.top() + 2);
            path.moveTo(a);
            path.quadTo((x0 + x1) / 2, objRect.top() - 8, b.x(), b.y());
            QColor c = palette().color(QPalette::Mid);
            p.setPen(QPen(c, 1));
        } else {
            const int y0 = eventY(r.from), y1 = eventY(r.to);
            if (y0 < 0 || y1 < 0) continue;
            a = QPointF(x0, y0);
            b = QPointF(x1, y1);
            path.moveTo(a);
            path.lineTo(b);
            p.setPen(QPen(arrow, 2));
        }
        p.drawPath(path);
        // the head, at `b`, along the last direction
        const QPointF d =
            b - (path.elementCount() > 2 ? QPointF((x0 + x1) / 2, objRect.top() - 8) : a);
        const double len = std::hypot(d.x(), d.y());
        if (len < 1) continue;
        const QPointF u = d / len, n(-u.y(), u.x());
        QPolygonF head;
        head << b << b - u * 7 + n * 3.5 << b - u * 7 - n * 3.5;
        p.setBrush(p.pen().color());
        p.drawPolygon(head);
        p.setBrush(Qt::NoBrush);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

} // namespace ds::ui
