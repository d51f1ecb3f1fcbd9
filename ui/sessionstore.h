// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Sessions, as KernelShark keeps them: the last session (scenario or file, design, branches,
// step, selection, visible window, pinned lanes, theme) is saved in QSettings when the window
// closes and comes back at the next start; File › Save session… / Open session… write and read
// the same as a JSON file, with the window's layout. View › Reset layout puts the docks back as
// they were built, and View › Theme switches between the light and the dark palette.
// Breakpoints and the window layout of the last session are kept by BreakpointSettings and the
// main window themselves.

#include <QByteArray>
#include <QObject>
#include <QString>

class QMenu;

namespace ds::ui {

class MainWindow;

class SessionStore : public QObject {
    Q_OBJECT

public:
    // Construct before the window restores its saved layout: the layout it has now is the one
    // Reset layout goes back to. `persistent` off: nothing is read from or written to QSettings.
    // Adds its actions to `fileMenu` and `viewMenu`.
    SessionStore(MainWindow* window, bool persistent, QMenu* fileMenu, QMenu* viewMenu);

    // The session saved when the window last closed. False with `error` set when there is none
    // or it no longer opens (the saved one is then left alone, and nothing changes).
    bool restoreLast(QString* error);
    void saveLast() const;

    bool saveFile(const QString& path, QString* error) const;
    bool openFile(const QString& path, QString* error);
    void resetLayout();
    void setTheme(const QString& theme); // "light" or "dark"

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QByteArray sessionJson() const;
    bool applySession(const QByteArray& json, bool withLayout, QString* error);
    void saveFileDialog();
    void openFileDialog();

    MainWindow* window_;
    bool persistent_;
    QByteArray defaultLayout_;
};

} // namespace ds::ui
