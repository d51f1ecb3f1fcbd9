// SPDX-License-Identifier: GPL-2.0-or-later
#include "compareaxis.h"

#include "theme.h"

#include <QMouseEvent>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr int kLane = 22;
constexpr int kGap = 4;
} // namespace

CompareAxis::CompareAxis(QWidget* parent) : QWidget(parent) {
    setObjectName(u"compareAxis"_s);
    setMinimumHeight(2 * kLane + 3 * kGap);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void CompareAxis::setColumns(std::vector<Column> columns, QString nameA, QString nameB) {
    columns_ = std::move(columns);
    names_[0] = std::move(nameA);
    names_[1] = std::move(nameB);
    update();
}

void CompareAxis::setCurrent(int column) {
    current_ = column;
    update();
}

QSize CompareAxis::sizeHint() const {
    return {600, 2 * kLane + 3 * kGap};
}

int CompareAxis::labelWidth() const {
    return std::max(fontMetrics().horizontalAdvance(names_[0]),
                    fontMetrics().horizontalAdvance(names_[1])) +
           8;
}

QRectF CompareAxis::cell(int column, int lane) const {
    const double left = labelWidth();
    const double w = columns_.empty() ? 0 : (width() - left - kGap) / double(columns_.size());
    return {left + column * w, double(kGap + lane * (kLane + kGap)), w - 2, double(kLane)};
}

void CompareAxis::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const QColor syscall = theme::syscallColor(pal);
    const QColor report = theme::reportColor(pal);
    for (int lane = 0; lane < 2; ++lane) {
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRectF(0, kGap + lane * (kLane + kGap), labelWidth() - 4, kLane),
                   Qt::AlignVCenter | Qt::AlignLeft, names_[lane]);
    }
    for (int c = 0; c < int(columns_.size()); ++c) {
        const Column& col = columns_[size_t(c)];
        for (int lane = 0; lane < 2; ++lane) {
            const QRectF r = cell(c, lane);
            const bool returned = lane == 0 ? col.returnedA : col.returnedB;
            QColor fill = theme::mix(pal.color(QPalette::Base), syscall, c == current_ ? 0.7 : 0.3);
            p.setPen(QPen(c == current_ ? pal.color(QPalette::Highlight) : syscall, 1.5));
            p.setBrush(returned ? QBrush(fill) : QBrush(fill, Qt::BDiagPattern));
            p.drawRoundedRect(r, 3, 3);
            p.setPen(pal.color(QPalette::Text));
            p.drawText(r.adjusted(3, 0, -3, 0), Qt::AlignVCenter | Qt::AlignLeft,
                       p.fontMetrics().elidedText(col.label, Qt::ElideRight, int(r.width() - 6)));
            if (col.differences > 0) // under both lanes' cells, in the difference colour
                p.fillRect(QRectF(r.left() + 2, r.bottom() - 3, r.width() - 4, 3),
                           QColor(0xd9, 0x5f, 0x02));
            // A report is marked on both lanes: filled on its own side, hollow on the other.
            for (int side = 0; side < 2; ++side) {
                if (!(side == 0 ? col.reportA : col.reportB)) continue;
                const QPointF tip(r.right() - 6, r.top() + 4);
                const QPolygonF mark{tip, tip + QPointF(-5, 9), tip + QPointF(5, 9)};
                p.setPen(QPen(report, 1.5));
                p.setBrush(side == lane ? QBrush(report) : Qt::NoBrush);
                p.drawPolygon(mark);
            }
        }
    }
}

void CompareAxis::mousePressEvent(QMouseEvent* e) {
    for (int c = 0; c < int(columns_.size()); ++c)
        for (int lane = 0; lane < 2; ++lane)
            if (cell(c, lane).contains(e->position())) {
                Q_EMIT columnClicked(c);
                return;
            }
}

} // namespace ds::ui
