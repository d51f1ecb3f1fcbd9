// SPDX-License-Identifier: GPL-2.0-or-later
#include "headless.h"
#include "replay/navigation.h"

#include "focus.h"
#include "trace/report.h"

#include <QApplication>
#include <QFont>
#include <QFontDatabase>
#include <QLayout>
#include <QPalette>
#include <QPixmap>
#include <QResizeEvent>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace ds::ui::headless {

bool useRenderFont() {
    QFont font(u"DejaVu Sans"_s);
    font.setPointSizeF(9);
    font.setHintingPreference(QFont::PreferNoHinting);
    QApplication::setFont(font);
    return QFontDatabase::families().contains(u"DejaVu Sans"_s);
}

void applyTheme(const QString& theme) {
    if (theme.isEmpty()) return;
    // Fusion draws every role from the palette, so both themes look the same on every platform.
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    QPalette palette = QApplication::style()->standardPalette();
    if (theme == "dark"_L1) {
        const QColor window(0x2b, 0x2b, 0x2b);
        const QColor base(0x1e, 0x1e, 0x1e);
        const QColor text(0xe6, 0xe6, 0xe6);
        palette.setColor(QPalette::Window, window);
        palette.setColor(QPalette::WindowText, text);
        palette.setColor(QPalette::Base, base);
        palette.setColor(QPalette::AlternateBase, window);
        palette.setColor(QPalette::Text, text);
        palette.setColor(QPalette::Button, window);
        palette.setColor(QPalette::ButtonText, text);
        palette.setColor(QPalette::ToolTipBase, base);
        palette.setColor(QPalette::ToolTipText, text);
        palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
        palette.setColor(QPalette::HighlightedText, Qt::white);
        palette.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
        palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
        palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
        palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    }
    QApplication::setPalette(palette);
}

namespace {

void sendPendingResize(QWidget* w) {
    if (w->testAttribute(Qt::WA_PendingResizeEvent)) {
        QResizeEvent e(w->size(), QSize());
        QCoreApplication::sendEvent(w, &e);
        w->setAttribute(Qt::WA_PendingResizeEvent, false);
    }
    for (QObject* child : w->children())
        if (auto* cw = qobject_cast<QWidget*>(child); cw && !cw->isWindow()) sendPendingResize(cw);
}

} // namespace

void layOut(QWidget& widget, QSize size) {
    // Never shown (the offscreen platform has no window to show it in): lay it out at `size`
    // and paint it directly.
    widget.setAttribute(Qt::WA_DontShowOnScreen);
    // Exactly `size`, even below the widget's minimum size.
    if (QLayout* layout = widget.layout()) layout->setSizeConstraint(QLayout::SetNoConstraint);
    widget.setMinimumSize(1, 1);
    widget.resize(size);
    widget.ensurePolished();
    if (QLayout* layout = widget.layout()) layout->activate();
    // A widget never shown gets its resize events only when painted, too late for the views
    // that scroll to their current row once they know their height: send them now, parents first.
    sendPendingResize(&widget);
    QCoreApplication::sendPostedEvents();
}

QImage renderImage(QWidget& widget, QSize size) {
    layOut(widget, size);
    return widget.grab().toImage();
}

void stepToFirstBug(Focus& focus) {
    if (!focus.hasRun()) return;
    const auto& reports = focus.session()->run.reports;
    const Report* bug = nullptr;
    for (const Report& r : reports)
        if (r.kind == Report::Kind::Bug) {
            bug = &r;
            break;
        }
    if (!bug && !reports.empty()) bug = &reports.front();
    if (!bug) {
        focus.setStep(focus.steps());
        return;
    }
    focus.setSelected(bug->obj);
    focus.setStep(bug->seq == kNever ? focus.steps() : nextReport(focus.replay(), bug->seq));
}

} // namespace ds::ui::headless
