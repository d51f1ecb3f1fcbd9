// SPDX-License-Identifier: GPL-2.0-or-later
#include "markers.h"

#include "focus.h"
#include "mainwindow.h"
#include "replay/range.h"
#include "session.h"
#include "timeline.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QPlainTextEdit>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr size_t kMaxObjectLines = 200;

QString signedCount(uint32_t gets, uint32_t puts) {
    return u"+"_s + QString::number(gets) + u" −"_s + QString::number(puts);
}
} // namespace

Markers::Markers(MainWindow* window, QMenu* stepMenu, QMenu* viewMenu)
    : QObject(window), window_(window), view_(new QPlainTextEdit(window)) {
    view_->setObjectName(u"markersView"_s);
    view_->setReadOnly(true);
    view_->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto* dock = new QDockWidget(tr("Markers"), window);
    dock->setObjectName(u"dockMarkers"_s);
    dock->setWidget(view_);
    window->addDockWidget(Qt::BottomDockWidgetArea, dock);
    if (auto* console = window->findChild<QDockWidget*>(u"dockConsole"_s)) {
        window->tabifyDockWidget(console, dock);
        console->raise();
    }
    if (viewMenu) viewMenu->addAction(dock->toggleViewAction());

    auto add = [&](const QString& text, const QString& name, const QKeySequence& key, auto slot) {
        auto* a = new QAction(text, window);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setStatusTip(text);
        connect(a, &QAction::triggered, this, slot);
        window->addAction(a);
        if (stepMenu) stepMenu->addAction(a);
    };
    if (stepMenu) stepMenu->addSeparator();
    Focus* focus = window->focus();
    add(tr("Set marker A here"), u"actionMarkerA"_s, QKeySequence(Qt::SHIFT | Qt::Key_A),
        [this, focus] { setA(static_cast<int>(focus->step())); });
    add(tr("Set marker B here"), u"actionMarkerB"_s, QKeySequence(Qt::SHIFT | Qt::Key_B),
        [this, focus] { setB(static_cast<int>(focus->step())); });
    add(tr("Clear markers"), u"actionClearMarkers"_s, QKeySequence(), [this] { clear(); });
    connect(window->timeline(), &Timeline::rangeSelected, this,
            [this, dock](uint32_t f, uint32_t t) {
                a_ = static_cast<int>(f);
                b_ = static_cast<int>(t);
                update();
                dock->show();
                dock->raise();
            });
    // Another scenario: the steps no longer mean the same.
    connect(focus, &Focus::sessionChanged, this, [this] {
        if (a_ > static_cast<int>(window_->focus()->steps()) ||
            b_ > static_cast<int>(window_->focus()->steps()))
            clear();
        else
            update();
    });
    update();
}

void Markers::setA(int step) {
    a_ = step;
    update();
}

void Markers::setB(int step) {
    b_ = step;
    update();
}

void Markers::clear() {
    a_ = b_ = -1;
    update();
}

void Markers::update() {
    window_->timeline()->setMarkers(a_, b_);
    view_->setPlainText(summary());
}

QString Markers::summary() const {
    const Focus& focus = *window_->focus();
    if (a_ < 0 || b_ < 0 || !focus.hasRun())
        return tr("Shift+A and Shift+B mark two steps (or Shift+drag a range on the timeline): "
                  "what happened between them shows here.") +
               (a_ >= 0 ? u"\n"_s + tr("A = step %1").arg(a_) : QString()) +
               (b_ >= 0 ? u"\n"_s + tr("B = step %1").arg(b_) : QString());
    const Session& s = *focus.session();
    const RangeSummary r =
        summarizeRange(focus.replay(), static_cast<uint32_t>(a_), static_cast<uint32_t>(b_));
    QStringList lines;
    lines << tr("A = step %1, B = step %2: events #%3 to #%4")
                 .arg(a_)
                 .arg(b_)
                 .arg(r.from)
                 .arg(r.to == 0 ? 0 : r.to - 1);
    if (const QString t = realSpanText(window_->timeline()->timeAxis(), a_, b_); !t.isEmpty())
        lines << t; // a real trace: how long it took
    lines << tr("%1 events, %2 system calls entered, %3 reports")
                 .arg(r.events)
                 .arg(r.syscalls)
                 .arg(r.reports);
    lines << tr("%1 objects created, %2 freed; references %3 (taken, dropped)")
                 .arg(r.created)
                 .arg(r.freed)
                 .arg(signedCount(r.gets, r.puts));
    size_t shown = 0;
    for (const ObjectChange& c : r.objects) {
        if (!c.created && !c.freed && c.gets == 0 && c.puts == 0) continue;
        if (++shown > kMaxObjectLines) break;
        QStringList what;
        if (c.created) what << tr("created");
        if (c.freed) what << tr("freed");
        if (c.gets || c.puts)
            what << tr("count %1 → %2 (%3)")
                        .arg(c.countBefore)
                        .arg(c.countAfter)
                        .arg(signedCount(c.gets, c.puts));
        lines << u"  "_s + s.objectLabel(c.obj) + u": "_s + what.join(u", "_s);
    }
    if (shown > kMaxObjectLines)
        lines << tr("  … and more (%1 objects touched)").arg(r.objects.size());
    return lines.join(u'\n');
}

} // namespace ds::ui
