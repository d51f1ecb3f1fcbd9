// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// A/B markers, as KernelShark's: two steps marked (Shift+A, Shift+B in the Step menu, or a range
// Shift+dragged on the timeline) and what happened between them in the Markers pane: events,
// system calls, reports, objects created and freed, references taken and dropped per object.

#include <QObject>
#include <QString>

class QMenu;
class QPlainTextEdit;

namespace ds::ui {

class MainWindow;

class Markers : public QObject {
    Q_OBJECT

public:
    // Adds its pane (a dock beside the console), its actions to `stepMenu` and the pane's toggle
    // to `viewMenu`.
    Markers(MainWindow* window, QMenu* stepMenu, QMenu* viewMenu);

    int a() const { return a_; } // -1: not set
    int b() const { return b_; }
    void setA(int step);
    void setB(int step);
    void clear();
    // What the pane shows: the range between the markers, summarised.
    QString summary() const;
    QPlainTextEdit* view() const { return view_; }

private:
    void update();

    MainWindow* window_;
    QPlainTextEdit* view_;
    int a_ = -1, b_ = -1;
};

} // namespace ds::ui
