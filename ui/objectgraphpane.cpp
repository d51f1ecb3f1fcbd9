// SPDX-License-Identifier: GPL-2.0-or-later
#include "objectgraphpane.h"

#include "focus.h"
#include "theme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr double kBoxH = 32, kGap = 8, kMargin = 8;
} // namespace

ObjectGraphPane::ObjectGraphPane(Focus* focus, QWidget* parent) : QWidget(parent), focus_(focus) {
    setObjectName(u"objectGraph"_s);
    setMinimumSize(200, 120);
    setToolTip(tr("Who holds references on the object (left) and what it holds (right). Click a "
                  "box to select it."));
    connect(focus_, &Focus::sessionChanged, this, &ObjectGraphPane::refresh);
    connect(focus_, &Focus::stepChanged, this, &ObjectGraphPane::refresh);
    connect(focus_, &Focus::selectionChanged, this, &ObjectGraphPane::refresh);
    refresh();
}

void ObjectGraphPane::refresh() {
    graph_ = {};
    shown_ = 0;
    if (focus_->hasRun()) {
        ObjId id = focus_->selected();
        const uint32_t k = focus_->step();
        if (!id && k > 0) { // nothing selected: the object the current event touched
            const Event& e = focus_->replay().event(k - 1);
            if (e.okind == ObjKind::Dentry || e.okind == ObjKind::Inode ||
                e.okind == ObjKind::File || e.okind == ObjKind::Eventfs)
                id = e.obj;
        }
        if (id) {
            graph_ =
                explain::objectGraph(focus_->replay(), focus_->state(), id, focus_->session()->run);
            if (!graph_.nodes.empty()) shown_ = id;
        }
    }
    update();
}

// The centre in the middle, holders in the left column, held objects in the right one; a
// column with more boxes than fit ends with the last box it can show.
std::vector<ObjectGraphPane::Box> ObjectGraphPane::layoutBoxes() const {
    std::vector<Box> boxes;
    if (graph_.nodes.empty()) return boxes;
    const double w = width(), h = height();
    const double colW = std::clamp((w - 4 * kMargin) / 5.0, 80.0, 200.0);
    const double leftX = kMargin, midX = (w - colW) / 2, rightX = w - kMargin - colW;
    auto column = [&](const std::vector<size_t>& edges, bool from, double x) {
        const int fit = std::max(1, int((h - 2 * kMargin + kGap) / (kBoxH + kGap)));
        const int n = std::min<int>(int(edges.size()), fit);
        const double top = (h - (n * kBoxH + (n - 1) * kGap)) / 2;
        for (int i = 0; i < n; ++i) {
            const auto& e = graph_.edges[edges[size_t(i)]];
            boxes.push_back({QRectF(x, top + i * (kBoxH + kGap), colW, kBoxH), from ? e.from : e.to,
                             edges[size_t(i)]});
        }
    };
    boxes.push_back({QRectF(midX, h / 2 - kBoxH, colW, 2 * kBoxH), graph_.center, SIZE_MAX});
    column(graph_.holders(), true, leftX);
    column(graph_.held(), false, rightX);
    return boxes;
}

void ObjectGraphPane::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    p.setRenderHint(QPainter::Antialiasing, true);
    if (graph_.nodes.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   focus_->hasRun() ? tr("Select a dentry, inode, file or eventfs_inode to see who "
                                         "holds it and what it holds")
                                    : tr("No run loaded"));
        return;
    }
    const auto boxes = layoutBoxes();
    const QRectF centre = boxes.front().rect;
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetricsF fm(small);
    // Arrows first, so the boxes sit on top; each label on the middle of its arrow.
    auto arrow = [&](QPointF a, QPointF b, const QString& label) {
        p.setPen(QPen(pal.color(QPalette::Text), 1.2));
        p.drawLine(a, b);
        const double ang = std::atan2(b.y() - a.y(), b.x() - a.x());
        QPainterPath head;
        head.moveTo(b);
        head.lineTo(b - QPointF(std::cos(ang - 0.4), std::sin(ang - 0.4)) * 8);
        head.lineTo(b - QPointF(std::cos(ang + 0.4), std::sin(ang + 0.4)) * 8);
        head.closeSubpath();
        p.fillPath(head, pal.color(QPalette::Text));
        p.setFont(small);
        p.setPen(pal.color(QPalette::PlaceholderText));
        const double gap = std::abs(b.x() - a.x()) - 6;
        const QString text = fm.elidedText(label, Qt::ElideRight, gap);
        const QPointF mid = (a + b) / 2;
        const double tw = fm.horizontalAdvance(text) + 4;
        const QRectF where(mid.x() - tw / 2, mid.y() - fm.height() / 2, tw, fm.height());
        p.fillRect(where, pal.color(QPalette::Base)); // the label sits on the arrow, readable
        p.drawText(where, Qt::AlignCenter, text);
    };
    for (size_t i = 1; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        const explain::GraphEdge& e = graph_.edges[b.edge];
        const QString label = QString::fromStdString(e.label);
        if (e.to == graph_.center) // a holder, on the left
            arrow(QPointF(b.rect.right(), b.rect.center().y()),
                  QPointF(centre.left(), centre.center().y()), label);
        else
            arrow(QPointF(centre.right(), centre.center().y()),
                  QPointF(b.rect.left(), b.rect.center().y()), label);
    }
    p.setFont(font());
    for (size_t i = 0; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        const explain::GraphNode& n = graph_.nodes[b.node];
        const ObjState& o = focus_->state().obj(n.id);
        const QColor edge = n.kind == explain::GraphNode::Kind::Object
                                ? theme::kindColor(o.kind, pal)
                                : theme::syscallColor(pal);
        p.setPen(QPen(edge, i == 0 ? 2.4 : 1.4));
        p.setBrush(theme::mix(pal.color(QPalette::Base), edge, 0.18));
        p.drawRoundedRect(b.rect, 4, 4);
        p.setPen(pal.color(QPalette::Text));
        // "dentry sched" over "(count 3)"
        const QString label = QString::fromStdString(n.label);
        const qsizetype cut = label.indexOf(u" ("_s);
        const QFontMetricsF bfm(font());
        const QString first = cut < 0 ? label : label.left(cut);
        const QString second = cut < 0 ? QString() : label.mid(cut + 1);
        const QRectF r = b.rect.adjusted(4, 1, -4, -1);
        if (second.isEmpty()) {
            p.drawText(r, Qt::AlignCenter, bfm.elidedText(first, Qt::ElideRight, r.width()));
        } else {
            const QRectF top(r.left(), r.top(), r.width(), r.height() / 2);
            const QRectF bottom(r.left(), r.center().y(), r.width(), r.height() / 2);
            p.drawText(top, Qt::AlignHCenter | Qt::AlignBottom,
                       bfm.elidedText(first, Qt::ElideMiddle, r.width()));
            p.setFont(small);
            p.drawText(bottom, Qt::AlignHCenter | Qt::AlignTop,
                       fm.elidedText(second, Qt::ElideRight, r.width()));
            p.setFont(font());
        }
    }
    const auto holders = graph_.holders().size(), held = graph_.held().size();
    p.setFont(small);
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QRectF(kMargin, 2, width() - 2 * kMargin, fm.height() + 2), Qt::AlignLeft,
               tr("held by %1").arg(holders));
    p.drawText(QRectF(kMargin, 2, width() - 2 * kMargin, fm.height() + 2), Qt::AlignRight,
               tr("holds %1").arg(held));
}

void ObjectGraphPane::mousePressEvent(QMouseEvent* e) {
    for (const Box& b : layoutBoxes()) {
        const explain::GraphNode& n = graph_.nodes[b.node];
        if (b.rect.contains(e->position()) && n.kind == explain::GraphNode::Kind::Object) {
            focus_->setSelected(n.id);
            return;
        }
    }
    QWidget::mousePressEvent(e);
}

} // namespace ds::ui
