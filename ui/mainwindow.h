// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The main window: scenario and design pickers, stepping actions, the central timeline and the
// docks (dentry tree, scenario text, call stack + source, inspector, event log, console,
// breakpoints). Every pane follows one Focus; the Stepper moves it and branches the run, the
// window's actions and toolbar drive the Stepper.

#include "logfiltermodel.h" // eventLogProxy(): a model callers use as one
#include "trace/event.h"

#include <QMainWindow>
#include <QStringList>

#include <cstdint>
#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QSlider;
class QSpinBox;
class QTableView;

namespace ds::ui {

class BreakpointModel;
class BreakpointPane;
class BreakpointSettings;
class CallStackPane;
class CompareView;
class ExploreJob;
class Console;
class EventLogModel;
class EventLogPane;
class GetdentsPane;
class HelpOverlay;
class ObjectGraphPane;
class RealCompareView;
class WhatHappenedPane;
class Focus;
class Inspector;
class RunNextChooser;
class ScenarioPane;
class ScenarioPicker;
class Session;
class Stepper;
class Timeline;
class TreePane;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `persistent`: read and write QSettings (recent files, window layout). Off for headless
    // renders and tests, so they do not depend on the user's settings.
    explicit MainWindow(bool persistent = true, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads and runs a built-in scenario or a file. On failure the scenario pane shows the
    // text and the errors; `unknown` is set when the name is neither a built-in nor a file.
    bool openScenario(const QString& nameOrPath, const QString& design = {},
                      QString* error = nullptr, bool* unknown = nullptr);
    // The same from scenario source (a picture's or a session's state); `name` is shown.
    bool openScenarioText(const QString& name, const QString& text, const QString& design,
                          QString* error = nullptr);
    QString scenarioName() const { return currentName_; }
    // The limit on events per run for the scenarios opened from now on (--max-events).
    void setMaxEvents(std::uint64_t maxEvents) { maxEvents_ = maxEvents; }

    Focus* focus() const { return focus_; }
    Stepper* stepper() const { return stepper_; }
    TreePane* treePane() const { return tree_; }
    Timeline* timeline() const { return timeline_; }
    CallStackPane* callStack() const { return stack_; }
    Inspector* inspector() const { return inspector_; }
    Console* console() const { return console_; }
    EventLogModel* eventLogModel() const;
    LogFilterModel* eventLogProxy() const;
    QTableView* eventLogView() const;
    QPlainTextEdit* scenarioView() const;
    BreakpointModel* breakpoints() const { return bpModel_; }
    BreakpointPane* breakpointPane() const { return bpPane_; }
    QComboBox* runNextPicker() const;
    QPlainTextEdit* scheduleView() const;            // this run's schedule, when branched
    QLabel* stopLabel() const { return stopLabel_; } // why the last continue stopped
    int branchDepth() const;
    QAction* action(const QString& objectName) const;
    // "tree", "timeline", "stack", "getdents", "inspector", "log", "scenario", "console",
    // "breakpoints", "whathappened", "graph": the widget of that pane (--pane NAME).
    static QStringList paneNames();
    QWidget* pane(const QString& name) const;
    void raisePane(const QString& name);

public Q_SLOTS:
    void jumpToStep();
    void continueForward();  // to the next breakpoint hit or report (the Stepper's)
    void continueBackward(); // to the previous one
    void toggleObjectBreakpoint();
    void toggleFunctionBreakpoint(); // the function of the chosen call stack frame
    void showBreakpoints();
    // Branches the run at the current step so that `task` runs the next event (where it may).
    bool runNext(TaskId task);
    void undoBranch();
    void copyScenarioWithSchedule();
    // Design › Compare with…: asks for a design, then compareWith() (mainwindow_compare.cpp).
    void chooseCompareDesign();
    // Opens the compare view of this run against the scenario under `design` (a window of its
    // own, also returned); null without a run, for an unknown design or for a real trace.
    CompareView* compareWith(const QString& design);
    // A real trace beside the simulation of its syscalls under `design` (a window of its own).
    RealCompareView* compareTraceWith(const QString& design);
    // Design › Explore schedules / Cancel explore / Open finding as branch: explore of this
    // scenario and design in the background, progress in the status bar (mainwindow_compare.cpp).
    void startExplore();
    void cancelExplore();
    bool openFinding();
    ExploreJob* exploreJob() const { return exploreJob_; }

protected:
    void closeEvent(QCloseEvent* e) override;

private:
    void buildActions();
    void buildDocks();
    void buildToolbar();
    void openFileDialog();
    void onStep();
    void onSession();
    void note(const QString& text);
    void updateTitle();
    void runReplaced();
    void updateExploreActions();
    bool install(std::unique_ptr<Session> session, const QString& name, const QString& text,
                 const QString& design, const QString& error);

    bool persistent_;
    Focus* focus_;
    Stepper* stepper_ = nullptr;
    Timeline* timeline_;
    TreePane* tree_;
    CallStackPane* stack_;
    Inspector* inspector_;
    Console* console_;
    EventLogPane* log_;
    GetdentsPane* getdents_;
    WhatHappenedPane* what_ = nullptr;
    ObjectGraphPane* graph_ = nullptr;
    HelpOverlay* help_ = nullptr;
    ScenarioPane* scenario_;
    ScenarioPicker* picker_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel* stepLabel_ = nullptr;
    QLabel* eventLabel_ = nullptr;
    QSpinBox* speed_ = nullptr;
    BreakpointModel* bpModel_ = nullptr;
    BreakpointPane* bpPane_ = nullptr;
    BreakpointSettings* bpSettings_ = nullptr;
    RunNextChooser* runNext_ = nullptr;
    QMenu* runNextMenu_ = nullptr;
    QLabel* stopLabel_ = nullptr;
    QLabel* branchLabel_ = nullptr;
    QString currentName_;
    std::uint64_t maxEvents_; // the core's default until setMaxEvents
    QList<QAction*> actions_;
    ExploreJob* exploreJob_ = nullptr; // created on the first explore
    QLabel* exploreLabel_ = nullptr;
};

} // namespace ds::ui
