// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// View › Real time axis (T): the timeline on a real trace's timestamps or in event order. Enabled
// only while a real trace is open; on a simulated run it is disabled and its tooltip says why.

class QAction;
class QMenu;

namespace ds::ui {

class MainWindow;

// Adds the action to `window` (a window shortcut) and to `viewMenu`; returns it.
QAction* addRealTimeAction(MainWindow& window, QMenu* viewMenu);

} // namespace ds::ui
