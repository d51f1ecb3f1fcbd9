// SPDX-License-Identifier: GPL-2.0-or-later
#include "realtimeaction.h"

#include "focus.h"
#include "mainwindow.h"
#include "timeline.h"

#include <QAction>
#include <QCoreApplication>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace ds::ui {

QAction* addRealTimeAction(MainWindow& window, QMenu* viewMenu) {
    Timeline* timeline = window.timeline();
    auto* a = new QAction(QCoreApplication::translate("RealTimeAction", "Real time axis"), &window);
    a->setObjectName(u"actionRealTime"_s);
    a->setCheckable(true);
    a->setShortcut(QKeySequence(Qt::Key_T));
    a->setShortcutContext(Qt::WindowShortcut);
    window.addAction(a);
    if (viewMenu) {
        viewMenu->addAction(a);
        viewMenu->setToolTipsVisible(true); // a disabled entry's tooltip says why
    }
    const auto sync = [a, timeline] {
        const bool available = timeline->realTimeAvailable();
        a->setEnabled(available);
        a->setChecked(timeline->realTime());
        const QString tip = available
                                ? QCoreApplication::translate(
                                      "RealTimeAction",
                                      "Place the timeline's events at the trace's timestamps (on) "
                                      "or one after the other in event order (off)")
                                : timeline->realTimeWhy();
        a->setToolTip(tip);
        a->setStatusTip(tip);
    };
    QObject::connect(a, &QAction::toggled, timeline, [timeline](bool on) {
        if (timeline->realTimeAvailable()) timeline->setRealTime(on);
    });
    QObject::connect(timeline, &Timeline::realTimeChanged, a, sync);
    QObject::connect(window.focus(), &Focus::sessionChanged, a, sync);
    sync();
    return a;
}

} // namespace ds::ui
