#pragma once

// The main window: scenario and design pickers, stepping actions, the central timeline and the
// docks (dentry tree, scenario text, call stack + source, inspector, event log, console,
// breakpoints). Every pane follows one Focus. Where tasks compete, "Run next" branches the run.

#include "trace/event.h"

#include <QMainWindow>

#include <memory>
#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QSlider;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QTimer;

namespace ds::ui {

class BreakpointModel;
class BreakpointPane;
class CallStackPane;
class Console;
class EventLogModel;
class Focus;
class Inspector;
class Session;
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

    Focus* focus() const { return focus_; }
    TreePane* treePane() const { return tree_; }
    Timeline* timeline() const { return timeline_; }
    CallStackPane* callStack() const { return stack_; }
    Inspector* inspector() const { return inspector_; }
    Console* console() const { return console_; }
    EventLogModel* eventLogModel() const { return logModel_; }
    QSortFilterProxyModel* eventLogProxy() const { return logProxy_; }
    QTableView* eventLogView() const { return logView_; }
    QPlainTextEdit* scenarioView() const { return scenarioText_; }
    BreakpointModel* breakpoints() const { return bpModel_; }
    BreakpointPane* breakpointPane() const { return bpPane_; }
    QComboBox* runNextPicker() const { return runNext_; }
    QPlainTextEdit* scheduleView() const {
        return scheduleText_;
    }                                                // this run's schedule, when branched
    QLabel* stopLabel() const { return stopLabel_; } // why the last continue stopped
    int branchDepth() const { return static_cast<int>(history_.size()); }
    QAction* action(const QString& objectName) const;
    // "tree", "timeline", "stack": the widget of that pane.
    QWidget* pane(const QString& name) const;
    void raisePane(const QString& name);

public Q_SLOTS:
    void stepForward();
    void stepBack();
    void stepOver();
    void stepOut();
    void nextSyscall();
    void prevSyscall();
    void runToReport();
    void backToReport();
    void nextOfSelected();
    void prevOfSelected();
    void first();
    void last();
    void jumpToStep();
    void togglePlay();
    void continueForward();  // to the next breakpoint hit or report
    void continueBackward(); // to the previous one
    void toggleObjectBreakpoint();
    void toggleFunctionBreakpoint(); // the function of the chosen call stack frame
    void showBreakpoints();
    // Branches the run at the current step so that `task` runs the next event (where it may).
    bool runNext(TaskId task);
    void undoBranch();
    void nextChoice();
    void prevChoice();
    void copyScenarioWithSchedule();

protected:
    void closeEvent(QCloseEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildActions();
    void buildDocks();
    void buildToolbar();
    void fillScenarioPicker();
    void addRecent(const QString& path);
    void openFileDialog();
    void onStep();
    void onSession();
    void playTick();
    void continueTo(bool forward);
    void note(const QString& text);
    void updateTitle();
    void updateRunNext();
    void rebuildRunNextActions();
    void runReplaced();
    void saveBreakpoints();
    void restoreObjectBreakpoints();
    QString objectBreakpointKey() const;

    bool persistent_;
    Focus* focus_;
    Timeline* timeline_;
    TreePane* tree_;
    CallStackPane* stack_;
    Inspector* inspector_;
    Console* console_;
    EventLogModel* logModel_;
    QSortFilterProxyModel* logProxy_;
    QTableView* logView_;
    QLineEdit* logFilter_;
    QTimer* filterTimer_;
    QPlainTextEdit* scenarioText_;
    QPlainTextEdit* scenarioErrors_;
    QComboBox* scenarioPicker_ = nullptr;
    QComboBox* designPicker_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel* stepLabel_ = nullptr;
    QLabel* eventLabel_ = nullptr;
    QSpinBox* speed_ = nullptr;
    QTimer* playTimer_;
    BreakpointModel* bpModel_ = nullptr;
    BreakpointPane* bpPane_ = nullptr;
    QComboBox* runNext_ = nullptr;
    QMenu* runNextMenu_ = nullptr;
    QList<QAction*> runNextActions_;
    QLabel* stopLabel_ = nullptr;
    QLabel* branchLabel_ = nullptr;
    QWidget* scheduleBox_ = nullptr;
    QPlainTextEdit* scheduleText_ = nullptr;
    QLabel* scheduleTitle_ = nullptr;
    // The runs this one branched from, the scenario as written first (Undo branch goes back).
    std::vector<std::unique_ptr<Session>> history_;
    bool continuing_ = false;
    bool loadingBreakpoints_ = false;
    QString currentName_;
    QList<QAction*> actions_;
    bool updatingPickers_ = false;
    bool syncingLog_ = false;
    bool logScrollPending_ = false; // the log scrolled before it had its size
};

} // namespace ds::ui
