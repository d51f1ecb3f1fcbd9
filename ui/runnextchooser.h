// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Which task runs the next event: the toolbar's "Next:" picker and the Branch menu's "Run next"
// entries (Alt+1 … Alt+9). At a choice point, where tasks compete, choosing another task branches
// the run through the Stepper; elsewhere both only show the task that runs next.

#include "trace/event.h"

#include <QList>
#include <QObject>

class QAction;
class QComboBox;
class QMenu;
class QWidget;

namespace ds::ui {

class Focus;
class Stepper;

class RunNextChooser : public QObject {
    Q_OBJECT

public:
    // `picker` and `menu` are the window's; the entries' shortcuts work anywhere in `window`.
    RunNextChooser(Focus* focus, Stepper* stepper, QComboBox* picker, QMenu* menu, QWidget* window);

    QComboBox* picker() const { return picker_; }
    QAction* action(const QString& objectName) const; // "actionRunNext0" …, or null
    // A new run: one entry per task (the first nine).
    void rebuild();
    // A new step: the task that runs next checked, the entries enabled at a choice point only.
    void update();
    // Branches the run so that `task` runs the next event; on failure the picker shows again the
    // task that does.
    bool runNext(TaskId task);

private:
    Focus* focus_;
    Stepper* stepper_;
    QComboBox* picker_;
    QMenu* menu_;
    QWidget* window_;
    QList<QAction*> actions_;
};

} // namespace ds::ui
