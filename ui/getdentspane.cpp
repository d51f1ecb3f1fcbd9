// SPDX-License-Identifier: GPL-2.0-or-later
#include "getdentspane.h"

#include "focus.h"
#include "theme.h"
#include "trace/uapi.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
QString num(int64_t v) {
    return QString::number(v);
}
QString errnoText(int64_t ret) {
    if (ret >= 0 || ret < -4095) return num(ret);
    const std::string_view name = errnoName(static_cast<int>(-ret));
    return name.empty() ? num(ret)
                        : QString(u"-"_s + QString::fromLatin1(name.data(), int(name.size())));
}
QString dtype(uint8_t t) {
    const std::string_view n = dtypeName(t);
    return n.empty() ? num(t) : QString::fromLatin1(n.data(), int(n.size()));
}

// The colours of the pane, from the palette (a legend at the bottom names each).
struct Colors {
    QColor text, dim, base, written, current, currentText, noRoom, hidden, cursor, earlier;
    explicit Colors(const QPalette& p)
        : text(p.color(QPalette::Text)),
          dim(theme::mix(p.color(QPalette::Text), p.color(QPalette::Base), 0.45)),
          base(p.color(QPalette::Base)),
          written(theme::mix(p.color(QPalette::Base), p.color(QPalette::Highlight), 0.3)),
          current(p.color(QPalette::Highlight)), currentText(p.color(QPalette::HighlightedText)),
          noRoom(theme::reportColor(p)),
          hidden(theme::mix(p.color(QPalette::Text), p.color(QPalette::Base), 0.7)),
          cursor(theme::stateColor(DentryState::Cursor, p)),
          earlier(theme::mix(p.color(QPalette::Base), p.color(QPalette::Text), 0.12)) {}
};

// The byte fields of a linux_dirent64, in order, each in its own hue (the padding hatched).
struct Field {
    QString name;
    int64_t bytes;
};
QBrush fieldBrush(const QString& name, const QPalette& p) {
    static const QStringList names{u"d_ino"_s, u"d_off"_s, u"d_reclen"_s, u"d_type"_s, u"d_name"_s};
    static const int hues[] = {210, 30, 280, 160, 55};
    const auto i = names.indexOf(name);
    if (i < 0)
        return {theme::mix(p.color(QPalette::Text), p.color(QPalette::Base), 0.5),
                Qt::BDiagPattern};
    const QColor c =
        QColor::fromHsv(hues[i], theme::isDark(p) ? 110 : 90, theme::isDark(p) ? 190 : 240);
    return QBrush(c);
}
std::vector<Field> fieldsOf(const DirentAt& d) {
    return {{u"d_ino"_s, 8},
            {u"d_off"_s, 8},
            {u"d_reclen"_s, 2},
            {u"d_type"_s, 1},
            {u"d_name"_s, static_cast<int64_t>(d.name.size()) + 1},
            {u"pad"_s, d.padding()}};
}

} // namespace

GetdentsPane::GetdentsPane(Focus* focus, QWidget* parent) : QWidget(parent), focus_(focus) {
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    connect(focus_, &Focus::sessionChanged, this, &GetdentsPane::refresh);
    connect(focus_, &Focus::stepChanged, this, &GetdentsPane::refresh);
    connect(focus_, &Focus::taskChanged, this, &GetdentsPane::refresh);
    refresh();
}

void GetdentsPane::refresh() {
    model_ = focus_->hasRun() ? getdentsAt(focus_->session()->run, focus_->replay(),
                                           focus_->state(), focus_->task())
                              : GetdentsAt{};
    update();
}

void GetdentsPane::mousePressEvent(QMouseEvent* event) {
    for (const Link& l : links_)
        if (l.rect.contains(event->position())) {
            focus_->setStep(l.step);
            return;
        }
    QWidget::mousePressEvent(event);
}

void GetdentsPane::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    links_.clear();
    const Colors c(palette());
    const QFontMetricsF fm(font());
    const double lh = fm.height() + 4;
    const double margin = 8;
    const double width = this->width() - 2 * margin;
    double y = margin;
    QFont bold = font();
    bold.setBold(true);
    const GetdentsAt& g = model_;

    auto text = [&](double x, double yy, const QString& s, const QColor& col) {
        p.setPen(col);
        p.drawText(QPointF(x, yy + fm.ascent() + 2), s);
        return fm.horizontalAdvance(s);
    };
    if (!g.found) {
        text(margin, y, tr("No getdents64 call of this task yet: step into one (Ctrl+\u2192)."),
             c.dim);
        return;
    }

    // The call, and what it returns.
    const QString task = focus_->session()->taskName(g.task);
    p.setFont(bold);
    QString head =
        tr("Task %1  getdents64(%2, buf, %3)  %4").arg(task, num(g.fd), num(g.count), qs(g.path));
    text(margin, y, head, c.text);
    QString ret;
    if (!g.willReturn)
        ret = tr("never returns (the task died)");
    else
        ret = (g.inCall ? tr("will return %1") : tr("returned %1")).arg(errnoText(*g.willReturn));
    text(margin + width - fm.horizontalAdvance(ret) - 12, y, ret, c.text);
    p.setFont(font());
    y += lh;
    QString pos = tr("f_pos %1 (at entry %2)").arg(num(g.fPos), num(g.startPos));
    if (g.ctxPos) pos += u"    ctx->pos "_s + num(*g.ctxPos);
    pos += u"    "_s + tr("written %1 of %2 bytes").arg(num(g.written), num(g.count));
    if (g.current >= 0)
        pos += u"    "_s + tr("writing record %1: \u201c%2\u201d d_off of the previous one = %3")
                               .arg(num(g.current + 1), qs(g.records[size_t(g.current)].name),
                                    num(g.records[size_t(g.current)].pos));
    text(margin, y, pos, c.text);
    y += lh + 4;

    // The buffer to scale: `count` bytes wide; when what is written is a sliver of it, also its
    // first bytes enlarged.
    const double barH = 26;
    auto ruler = [&](int64_t bytes, const QString& title) {
        text(margin, y, title, c.dim);
        y += lh;
        const QRectF bar(margin, y, width, barH);
        p.fillRect(bar, c.base);
        const double sx = bytes > 0 ? width / double(bytes) : 0;
        const bool thin = sx * 24 < 6; // records too narrow for their own outline
        for (size_t i = 0; i < g.records.size(); ++i) {
            const DirentAt& d = g.records[i];
            if (d.bufOff >= bytes) break;
            const QRectF r =
                QRectF(bar.left() + d.bufOff * sx, bar.top(), d.reclen * sx, barH).intersected(bar);
            const bool cur = int(i) == g.current;
            p.fillRect(r, cur ? c.current : c.written);
            if (!thin) {
                p.setPen(c.text);
                p.drawRect(r);
            }
            if (r.width() > 14) {
                p.setPen(cur ? c.currentText : c.text);
                p.drawText(r.adjusted(2, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                           fm.elidedText(qs(d.name), Qt::ElideRight, r.width() - 4));
            }
            links_.push_back({r, d.seq + 1});
        }
        if (g.current >= 0 && thin) { // keep the record being written findable
            const DirentAt& d = g.records[size_t(g.current)];
            const double x = bar.left() + (d.bufOff + d.reclen / 2.0) * sx;
            p.setPen(QPen(c.current, 2));
            p.drawLine(QPointF(x, bar.top() - 3), QPointF(x, bar.bottom() + 3));
        }
        if (g.noRoom && g.noRoom->bufOff <= bytes) {
            const NoRoomAt& n = *g.noRoom;
            const QRectF r(bar.left() + n.bufOff * sx, bar.top() + 3, n.reclen * sx, barH - 6);
            p.setPen(QPen(c.noRoom, 2, Qt::DashLine));
            p.drawRect(r.intersected(QRectF(0, 0, this->width(), this->height())));
            links_.push_back({r, n.seq + 1});
        }
        p.setPen(c.text);
        p.setBrush(Qt::NoBrush);
        p.drawRect(bar);
        // ticks every 8 bytes when they are far enough apart, labels at the record boundaries
        if (sx * 8 >= 3)
            for (int64_t b = 8; b < bytes; b += 8)
                p.drawLine(QPointF(bar.left() + b * sx, bar.bottom()),
                           QPointF(bar.left() + b * sx, bar.bottom() - (b % 64 == 0 ? 8 : 4)));
        y = bar.bottom() + 2;
        double lastLabel = -100;
        const double endLabel = bar.right() - fm.horizontalAdvance(num(bytes));
        auto offsetLabel = [&](int64_t off, bool last) {
            const QString s = num(off);
            const double x = std::min(bar.left() + off * sx, bar.right() - fm.horizontalAdvance(s));
            if (x < lastLabel + 4 || (!last && x + fm.horizontalAdvance(s) + 4 > endLabel)) return;
            lastLabel = x + text(x, y, s, c.dim);
        };
        offsetLabel(0, false);
        if (thin && g.written > 0 && g.written < bytes) offsetLabel(g.written, false);
        for (const DirentAt& d : g.records)
            if (!thin && d.bufOff + d.reclen < bytes) offsetLabel(d.bufOff + d.reclen, false);
        offsetLabel(bytes, true);
        y += lh + 4;
    };
    ruler(g.count, tr("user buffer, %1 bytes to scale").arg(num(g.count)));
    const int64_t used = g.written + (g.noRoom ? g.noRoom->reclen : 0);
    if (g.count > 4 * (used + 64)) {
        const int64_t first = ((used + 64) / 64 + 1) * 64;
        ruler(first, tr("its first %1 bytes, enlarged").arg(num(first)));
    }
    y += 2;

    // The records as written, field by field.
    const QStringList heads{tr("offset"), u"d_ino"_s,    u"d_off"_s,    u"d_reclen"_s, u"d_type"_s,
                            u"d_name"_s,  tr("padding"), u"ctx->pos"_s, tr("bytes")};
    const double cols[] = {0, 52, 130, 222, 284, 344, 500, 562, 630};
    p.setFont(bold);
    for (int i = 0; i < heads.size(); ++i)
        text(margin + cols[i], y, heads[i], c.text);
    p.setFont(font());
    y += lh;
    const double bytePx = 3;
    auto recordRow = [&](const DirentAt& d, bool cur) {
        const QRectF row(margin, y, width, lh);
        if (cur) p.fillRect(row, c.current);
        const QColor t = cur ? c.currentText : c.text;
        const QColor dim = cur ? c.currentText : c.dim;
        const QStringList cells{u"+"_s + num(d.bufOff),
                                d.ino ? QString::number(*d.ino) : u"?"_s,
                                d.dOff       ? num(*d.dOff)
                                : d.finalOff ? tr("0 (will be %1)").arg(num(*d.finalOff))
                                             : tr("0 (not yet)"),
                                num(d.reclen),
                                dtype(d.type),
                                u"\u201c"_s + qs(d.name) + u"\u201d"_s,
                                num(d.padding()),
                                num(d.pos)};
        for (int i = 0; i < cells.size(); ++i)
            text(margin + cols[i], y, cells[i], (i == 2 && !d.dOff) ? dim : t);
        double x = margin + cols[8];
        for (const Field& f : fieldsOf(d)) {
            const QRectF r(x, y + 3, f.bytes * bytePx, lh - 6);
            p.fillRect(r, fieldBrush(f.name, palette()));
            p.setPen(c.text);
            p.drawRect(r);
            x += f.bytes * bytePx;
        }
        links_.push_back({row, d.seq + 1});
        y += lh;
    };
    // as many rows as fit, keeping the current one in view
    const int shownCalls = std::min<int>(int(g.calls.size()), 6);
    const double below = (g.noRoom ? lh : 0) + 6 + (g.positions.empty() ? 0 : 4 * lh) +
                         (g.cursor ? 4 * lh : 0) + (shownCalls + 2) * lh + 3 * lh + margin;
    int fit = std::max(2, int((height() - y - below) / lh));
    int first = 0;
    if (int(g.records.size()) > fit) {
        --fit; // the "earlier records" line
        const int last = g.current >= 0 ? g.current : int(g.records.size()) - 1;
        first = std::max(0, last - fit + 1);
    }
    if (first > 0) {
        text(margin, y, u"\u2026 "_s + tr("%1 earlier records").arg(num(first)), c.dim);
        y += lh;
    }
    for (int i = first; i < int(g.records.size()) && i < first + fit; ++i)
        recordRow(g.records[size_t(i)], i == g.current);
    if (g.noRoom) {
        const NoRoomAt& n = *g.noRoom;
        const QRectF row(margin, y, width, lh);
        if (g.noRoomIsCurrent) p.fillRect(row, theme::mix(c.base, c.noRoom, 0.25));
        text(margin, y,
             (g.records.empty() ? tr("+%1  \u201c%2\u201d at pos %3 needs %4 bytes, %5 left: it "
                                     "does not fit, the call stops here and returns -EINVAL")
                                : tr("+%1  \u201c%2\u201d at pos %3 needs %4 bytes, %5 left: it "
                                     "does not fit, the call stops here"))
                 .arg(num(n.bufOff), qs(n.name), num(n.pos), num(n.reclen), num(n.left)),
             c.noRoom);
        links_.push_back({row, n.seq + 1});
        y += lh;
    }
    if (g.records.empty() && !g.noRoom) {
        text(margin, y, tr("(nothing written)"), c.dim);
        y += lh;
    }
    y += 6;

    // The positions iterate walked on this file: a record, a hidden or removed entry, a gap.
    // A row of boxes from `start`, the first one `from` shown when they do not all fit.
    auto strip = [&](const QString& title, int n, int start, auto&& box) {
        text(margin, y, title, c.dim);
        y += lh;
        double x = margin;
        if (start > 0) x += text(x, y + lh, u"\u2026 "_s, c.dim);
        for (int i = start; i < n && x < margin + width; ++i)
            x += box(i, x) + 4;
        y += 3 * lh;
    };
    // where a strip starts so that box `keep` is in view (boxes at least 40 px wide)
    auto startFor = [&](int keep, auto&& widthOf) {
        double w = 0;
        int start = keep;
        while (start > 0 && w + widthOf(start - 1) + 4 < width * 0.6)
            w += widthOf(--start) + 4;
        return start;
    };
    if (!g.positions.empty()) {
        int keep = int(g.positions.size()) - 1;
        for (int i = 0; i < int(g.positions.size()); ++i)
            if (g.ctxPos && g.positions[size_t(i)].pos == *g.ctxPos) keep = i;
        const int start = startFor(keep, [&](int i) {
            return std::max(34.0, fm.horizontalAdvance(qs(g.positions[size_t(i)].name)) + 10);
        });
        strip(tr("positions (ctx->pos) on this file \u2014 \u25b2 ctx->pos now"),
              int(g.positions.size()), start, [&](int i, double x) {
                  const SlotAt& s = g.positions[size_t(i)];
                  const QString name = s.state == SlotAt::State::Unused ? tr("unused") : qs(s.name);
                  const double w = std::max(34.0, fm.horizontalAdvance(name) + 10);
                  const QRectF r(x, y + lh, w, lh);
                  const bool thisCall =
                      s.seq != kNever && s.seq > g.enterSeq && (s.seq < g.exitSeq);
                  switch (s.state) {
                  case SlotAt::State::Emitted:
                      p.fillRect(r, thisCall ? c.written : c.earlier);
                      p.setPen(c.text);
                      break;
                  case SlotAt::State::NoRoom:
                      p.setPen(QPen(c.noRoom, 1, Qt::DashLine));
                      break;
                  case SlotAt::State::Hidden:
                  case SlotAt::State::Removed:
                      p.setPen(QPen(c.hidden, 1, Qt::DashLine));
                      break;
                  case SlotAt::State::Unused:
                      p.setPen(QPen(c.hidden, 1, Qt::DotLine));
                      break;
                  }
                  p.drawRect(r);
                  text(x + 2, y, num(s.pos), c.dim);
                  p.setPen(s.state == SlotAt::State::Emitted ? c.text : c.dim);
                  p.drawText(r, Qt::AlignCenter, name);
                  if (g.ctxPos && *g.ctxPos == s.pos)
                      text(x + w / 2 - 4, y + 2 * lh, u"\u25b2"_s, c.text);
                  if (s.seq != kNever) links_.push_back({r, s.seq + 1});
                  return w;
              });
    }

    // dcache_readdir: the cursor dentry in the directory's child list.
    if (g.cursor) {
        int keep = 0;
        for (int i = 0; i < int(g.children.size()); ++i)
            if (g.children[size_t(i)].ours) keep = i;
        const int cursorStart = startFor(keep, [&](int i) {
            return std::max(40.0, fm.horizontalAdvance(qs(g.children[size_t(i)].name)) + 10);
        });
        strip((g.cursorOnList
                   ? tr("d_children of %1 \u2014 dcache_readdir resumes after its cursor")
                   : tr("d_children of %1 \u2014 dcache_readdir resumes after its cursor (cursor "
                        "not on the list)"))
                  .arg(qs(g.path)),
              int(g.children.size()), cursorStart, [&](int i, double x) {
                  const ChildAt& ch = g.children[size_t(i)];
                  const QString name =
                      ch.cursor ? (ch.ours ? tr("cursor") : tr("other cursor")) : qs(ch.name);
                  const double w = std::max(40.0, fm.horizontalAdvance(name) + 10);
                  const QRectF r(x, y + lh, w, lh);
                  if (ch.ours) p.fillRect(r, c.cursor);
                  p.setPen(ch.positive || ch.ours ? c.text : c.dim);
                  p.drawRect(r);
                  if (ch.ours) p.setPen(QColor(Qt::black)); // on the light cursor colour
                  p.drawText(r, Qt::AlignCenter, name);
                  return w;
              });
    }

    // The calls on this file so far.
    text(margin, y, tr("calls on fd %1 so far").arg(num(g.fd)), c.dim);
    y += lh;
    if (int(g.calls.size()) > shownCalls) {
        text(margin, y,
             u"\u2026 "_s + tr("%1 earlier calls").arg(num(int64_t(g.calls.size()) - shownCalls)),
             c.dim);
        y += lh;
    }
    for (size_t i = g.calls.size() - size_t(shownCalls); i < g.calls.size(); ++i) {
        const GetdentsCallAt& call = g.calls[i];
        const bool self = call.enterSeq == g.enterSeq;
        const QString line =
            tr("#%1  count %2  from pos %3  %4 records  to pos %5  %6")
                .arg(num(int64_t(i) + 1), num(call.count), num(call.startPos), num(call.records),
                     num(call.endPos),
                     call.ret ? QString(u"= "_s + errnoText(*call.ret))
                              : (self ? tr("(in progress)") : tr("(never returned)")));
        p.setFont(self ? bold : font());
        text(margin, y, line, c.text);
        links_.push_back({QRectF(margin, y, width, lh), call.enterSeq + 1});
        y += lh;
    }
    p.setFont(font());

    // Legend, wrapped to the width: the colours of the buffer and of a record's bytes.
    const double legendW = margin + width;
    y = std::max(y + 4, double(height()) - 2 * lh - margin);
    double x = margin;
    auto swatch = [&](const QBrush& fill, const QPen& pen, const QString& what) {
        const double need = 18 + fm.horizontalAdvance(what) + 14;
        if (x > margin && x + need > legendW) {
            x = margin;
            y += lh;
        }
        const QRectF r(x, y + 3, 14, lh - 6);
        if (fill.style() != Qt::NoBrush) p.fillRect(r, fill);
        p.setPen(pen);
        p.drawRect(r);
        text(x + 18, y, what, c.dim);
        x += need;
    };
    swatch(c.current, QPen(c.text), tr("being written"));
    swatch(c.written, QPen(c.text), tr("written by this call"));
    swatch(c.earlier, QPen(c.text), tr("by an earlier call"));
    swatch(Qt::NoBrush, QPen(c.noRoom, 1, Qt::DashLine), tr("did not fit"));
    swatch(Qt::NoBrush, QPen(c.hidden, 1, Qt::DashLine), tr("hidden by its callback / removed"));
    swatch(Qt::NoBrush, QPen(c.hidden, 1, Qt::DotLine), tr("position never used"));
    if (g.cursor) swatch(c.cursor, QPen(c.text), tr("cursor dentry"));
    for (const QString& f :
         {u"d_ino"_s, u"d_off"_s, u"d_reclen"_s, u"d_type"_s, u"d_name"_s, u"pad"_s})
        swatch(fieldBrush(f, palette()), QPen(c.text), f == u"pad"_s ? tr("pad") : f);
}

} // namespace ds::ui
