// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// File › Export view… (PNG or SVG of the whole window or of one pane, with the state in the
// picture), Copy image (the window, to the clipboard) and Copy reproducer (the scenario with this
// run's schedule and the step, as text). The menu entries live here, not in the main window.

#include <QObject>
#include <QString>

class QMenu;

namespace ds::ui {

class MainWindow;

class ExportActions : public QObject {
    Q_OBJECT

public:
    // Adds the three actions to `fileMenu` (objectNames actionExportView, actionCopyImage,
    // actionCopyReproducer).
    ExportActions(MainWindow* window, QMenu* fileMenu);

    // Writes `pane` (empty: the whole window) as it is now to `file` (.png or .svg), with the
    // state in the picture. False with `error` set when the name or the write fails.
    static bool exportView(MainWindow& window, const QString& file, const QString& pane,
                           QString* error);
    // The scenario with this run's schedule, followed by a comment naming the step to open.
    static QString reproducer(const MainWindow& window);

public Q_SLOTS:
    void exportViewDialog();
    void copyImage();
    void copyReproducer();

private:
    MainWindow* window_;
};

} // namespace ds::ui
