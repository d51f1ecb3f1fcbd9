// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The scenario as loaded: its source, its parse errors (the first error line marked) and, when
// the run is a branch, the run's schedule as scenario lines with Copy scenario and Undo branch.

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace ds::ui {

class Focus;

class ScenarioPane : public QWidget {
    Q_OBJECT

public:
    explicit ScenarioPane(Focus* focus, QWidget* parent = nullptr);

    QPlainTextEdit* textView() const { return text_; }
    // This run's schedule, shown when the run is a branch.
    QPlainTextEdit* scheduleView() const { return scheduleText_; }
    // The source as read (empty when it could not be) and the errors when it does not parse
    // (empty when it does).
    void showScenario(const QString& text, const QString& errors);

Q_SIGNALS:
    void copyScenarioRequested();
    void undoBranchRequested();

private:
    void onSession();

    Focus* focus_;
    QPlainTextEdit* text_;
    QPlainTextEdit* errors_;
    QWidget* scheduleBox_;
    QLabel* scheduleTitle_;
    QPlainTextEdit* scheduleText_;
};

} // namespace ds::ui
