// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Accessible names and descriptions of the window's controls, in one table (accessiblenames.cpp)
// keyed by object name (or class name where a widget has none): what a screen reader says for
// the step slider, the play speed, the pickers, the tree, the event log … The timeline has its
// own QAccessibleInterface (timelineaccessible.h). tst_gui_accessibility checks that every
// control of the window has both.

class QWidget;

namespace ds::ui {

// Names every known control below `window`; call once its panes and toolbars exist.
void nameControls(QWidget* window);

} // namespace ds::ui
