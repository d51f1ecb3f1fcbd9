// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The toolbar's scenario and design pickers: the built-in scenarios, the recent files (kept in
// QSettings when persistent) and "Open file…"; the kernel designs, "design as written" first.
// Choosing asks the window to open; the window shows here what it opened.

#include <QObject>
#include <QString>

class QComboBox;
class QWidget;

namespace ds::ui {

class ScenarioPicker : public QObject {
    Q_OBJECT

public:
    // The pickers are children of `parent` (the toolbar); `persistent` off: no recent files.
    ScenarioPicker(bool persistent, QWidget* parent);

    QComboBox* scenarios() const { return scenarios_; }
    QComboBox* designs() const { return designs_; }
    QString design() const; // the chosen design, empty: the one the scenario names

    // Lists the built-ins, the recent files and "Open file…", with `current` chosen if listed.
    void fill(const QString& current);
    // `nameOrPath` was opened on `design`: a file goes first in the recent files; both chosen.
    void showOpened(const QString& nameOrPath, const QString& design);

Q_SIGNALS:
    void scenarioChosen(const QString& nameOrPath);
    void openFileChosen();
    void designChosen();

private:
    void addRecent(const QString& path);

    bool persistent_;
    QComboBox* scenarios_;
    QComboBox* designs_;
};

} // namespace ds::ui
