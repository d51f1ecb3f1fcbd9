// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The run as text up to the current step: strace-like lines for the syscalls that returned
// (dentry_state with its counters) and the kernel-style reports. Clicking a line moves the focus
// to its event.

#include "consolemodel.h"

#include <QWidget>

class QListView;

namespace ds::ui {

class Focus;

class Console : public QWidget {
    Q_OBJECT

public:
    enum Role { SeqRole = ConsoleModel::SeqRole, IsReportRole = ConsoleModel::IsReportRole };
    explicit Console(Focus* focus, QWidget* parent = nullptr);
    ConsoleModel* model() const { return model_; }
    QListView* view() const { return view_; }
    void activateRow(int row); // as a click on it
    // Rows shown: the lines of the events up to the current step.
    int visibleRows() const;

private:
    void rebuild();
    void follow();
    Focus* focus_;
    ConsoleModel* model_; // the lines, made when shown (consolemodel.h)
    QListView* view_;
};

} // namespace ds::ui
