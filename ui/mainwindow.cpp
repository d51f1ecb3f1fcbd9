// SPDX-License-Identifier: GPL-2.0-or-later
#include "mainwindow.h"

#include "accessiblenames.h"
#include "breakpoints.h"
#include "breakpointsettings.h"
#include "callstack.h"
#include "console.h"
#include "eventlogpane.h"
#include "focus.h"
#include "getdentspane.h"
#include "inspector.h"
#include "runnextchooser.h"
#include "scenariopane.h"
#include "scenariopicker.h"
#include "settings.h"
#include "stepper.h"
#include "timeline.h"
#include "trace/symbols.h"
#include "treepane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr qsizetype kMaxStateBytes = 64 * 1024; // saveGeometry/saveState take a few hundred
} // namespace

MainWindow::MainWindow(bool persistent, QWidget* parent)
    : QMainWindow(parent), persistent_(persistent), focus_(new Focus(this)),
      maxEvents_(scenario::kDefaultMaxEvents) {
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"dentryscope"_s);
    setDockNestingEnabled(true);
    timeline_ = new Timeline(focus_, this);
    setCentralWidget(timeline_);
    buildDocks();
    stepper_ = new Stepper(focus_, bpModel_, this);
    buildActions();
    buildToolbar();
    eventLabel_ = new QLabel(this);
    eventLabel_->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(eventLabel_, 1);
    stopLabel_ = new QLabel(this);
    stopLabel_->setObjectName(u"stopLabel"_s);
    stopLabel_->setTextFormat(Qt::PlainText);
    statusBar()->addPermanentWidget(stopLabel_);
    branchLabel_ = new QLabel(this);
    branchLabel_->setObjectName(u"branchLabel"_s);
    branchLabel_->setTextFormat(Qt::PlainText);
    statusBar()->addPermanentWidget(branchLabel_);
    connect(focus_, &Focus::stepChanged, this, &MainWindow::onStep);
    connect(focus_, &Focus::sessionChanged, this, &MainWindow::onSession);
    connect(stepper_, &Stepper::noted, this, &MainWindow::note);
    connect(stepper_, &Stepper::runReplaced, this, &MainWindow::runReplaced);
    bpSettings_ = new BreakpointSettings(focus_, bpModel_, persistent_, this);
    if (persistent_) {
        QSettings settings;
        restoreGeometry(settings::bytes(settings, u"window/geometry"_s, kMaxStateBytes));
        restoreState(settings::bytes(settings, u"window/state"_s, kMaxStateBytes));
    }
    bpSettings_->restore();
    nameControls(this); // accessible names and descriptions (accessiblenames.cpp)
    onSession();
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* e) {
    if (persistent_) {
        QSettings settings;
        settings.setValue(u"window/geometry"_s, saveGeometry());
        settings.setValue(u"window/state"_s, saveState());
    }
    QMainWindow::closeEvent(e);
}

void MainWindow::buildDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* w,
                       Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    tree_ = new TreePane(focus_, this);
    auto* treeDock = dock(u"Dentry tree"_s, u"dockTree"_s, tree_, Qt::LeftDockWidgetArea);

    scenario_ = new ScenarioPane(focus_, this);
    connect(scenario_, &ScenarioPane::copyScenarioRequested, this,
            &MainWindow::copyScenarioWithSchedule);
    connect(scenario_, &ScenarioPane::undoBranchRequested, this,
            [this] { stepper_->undoBranch(); });
    auto* scenarioDock = dock(u"Scenario"_s, u"dockScenario"_s, scenario_, Qt::LeftDockWidgetArea);

    stack_ = new CallStackPane(focus_, this);
    auto* stackDock = dock(u"Call stack"_s, u"dockStack"_s, stack_, Qt::RightDockWidgetArea);
    inspector_ = new Inspector(focus_, this);
    auto* inspDock = dock(u"Inspector"_s, u"dockInspector"_s, inspector_, Qt::RightDockWidgetArea);

    log_ = new EventLogPane(focus_, this);
    auto* logDock = dock(u"Event log"_s, u"dockEventLog"_s, log_, Qt::BottomDockWidgetArea);
    console_ = new Console(focus_, this);
    auto* consoleDock = dock(u"Console"_s, u"dockConsole"_s, console_, Qt::BottomDockWidgetArea);
    bpModel_ = new BreakpointModel(focus_, this);
    bpPane_ = new BreakpointPane(focus_, bpModel_, this);
    auto* bpDock = dock(u"Breakpoints"_s, u"dockBreakpoints"_s, bpPane_, Qt::BottomDockWidgetArea);

    getdents_ = new GetdentsPane(focus_, this);
    auto* gdDock = dock(u"getdents64"_s, u"dockGetdents"_s, getdents_, Qt::BottomDockWidgetArea);
    splitDockWidget(treeDock, scenarioDock, Qt::Vertical);
    splitDockWidget(stackDock, inspDock, Qt::Vertical);
    splitDockWidget(logDock, consoleDock, Qt::Horizontal);
    tabifyDockWidget(consoleDock, bpDock);
    tabifyDockWidget(consoleDock, gdDock);
    consoleDock->raise();
    resizeDocks({logDock, consoleDock}, {1, 1}, Qt::Horizontal);
    resizeDocks({treeDock, stackDock}, {520, 400}, Qt::Horizontal);
    resizeDocks({treeDock, scenarioDock}, {520, 180}, Qt::Vertical);
    resizeDocks({logDock}, {230}, Qt::Vertical);
}

EventLogModel* MainWindow::eventLogModel() const {
    return log_->model();
}
QSortFilterProxyModel* MainWindow::eventLogProxy() const {
    return log_->proxy();
}
QTableView* MainWindow::eventLogView() const {
    return log_->view();
}
QPlainTextEdit* MainWindow::scenarioView() const {
    return scenario_->textView();
}
QPlainTextEdit* MainWindow::scheduleView() const {
    return scenario_->scheduleView();
}

QComboBox* MainWindow::runNextPicker() const {
    return runNext_->picker();
}

QAction* MainWindow::action(const QString& objectName) const {
    for (QAction* a : actions_)
        if (a->objectName() == objectName) return a;
    return runNext_ ? runNext_->action(objectName) : nullptr;
}

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu(u"&File"_s);
    auto* open = file->addAction(u"&Open scenario…"_s, this, &MainWindow::openFileDialog);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(u"actionOpen"_s);
    actions_ << open;
    file->addSeparator();
    auto* quit = file->addAction(u"&Quit"_s, this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* run = menuBar()->addMenu(u"&Step"_s);
    QMenu* menu = run;
    auto add = [&](const QString& text, const QString& name, const QKeySequence& key,
                   auto* receiver, auto slot, const QString& tip) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(text + u" ("_s + key.toString(QKeySequence::NativeText) + u")\n"_s + tip);
        a->setStatusTip(tip);
        connect(a, &QAction::triggered, receiver, slot);
        menu->addAction(a);
        actions_ << a;
        addAction(a);
        return a;
    };
    add(u"Next event"_s, u"actionNext"_s, QKeySequence(Qt::Key_Right), stepper_,
        &Stepper::stepForward, u"Fold one more event"_s);
    add(u"Previous event"_s, u"actionPrev"_s, QKeySequence(Qt::Key_Left), stepper_,
        &Stepper::stepBack, u"Go back one event"_s);
    run->addSeparator();
    add(u"Step over"_s, u"actionStepOver"_s, QKeySequence(Qt::Key_F10), stepper_,
        &Stepper::stepOver, u"Next event of the same task, skipping the functions it calls"_s);
    add(u"Step out"_s, u"actionStepOut"_s, QKeySequence(Qt::SHIFT | Qt::Key_F11), stepper_,
        &Stepper::stepOut, u"Until the current function returns"_s);
    add(u"Next syscall"_s, u"actionNextSyscall"_s, QKeySequence(Qt::CTRL | Qt::Key_Right), stepper_,
        &Stepper::nextSyscall, u"Just after the next system call starts"_s);
    add(u"Previous syscall"_s, u"actionPrevSyscall"_s, QKeySequence(Qt::CTRL | Qt::Key_Left),
        stepper_, &Stepper::prevSyscall, u"Just after the previous system call started"_s);
    run->addSeparator();
    add(u"Run to next BUG/WARN"_s, u"actionRunToBug"_s, QKeySequence(Qt::Key_F9), stepper_,
        &Stepper::runToReport, u"Run until the next oops, WARN, KASAN or leak report"_s);
    add(u"Back to previous BUG/WARN"_s, u"actionBackToBug"_s, QKeySequence(Qt::SHIFT | Qt::Key_F9),
        stepper_, &Stepper::backToReport, u"Run backwards to the previous report"_s);
    add(u"Next event of selected object"_s, u"actionNextOfObject"_s, QKeySequence(Qt::Key_Period),
        stepper_, &Stepper::nextOfSelected, u"Next event that touches the selected object"_s);
    add(u"Previous event of selected object"_s, u"actionPrevOfObject"_s,
        QKeySequence(Qt::Key_Comma), stepper_, &Stepper::prevOfSelected,
        u"Previous event that touched the selected object"_s);
    run->addSeparator();
    add(u"Continue"_s, u"actionContinue"_s, QKeySequence(Qt::Key_F8), stepper_,
        &Stepper::continueForward, u"Run to the next breakpoint hit or BUG/WARN report"_s);
    add(u"Reverse continue"_s, u"actionReverseContinue"_s, QKeySequence(Qt::SHIFT | Qt::Key_F8),
        stepper_, &Stepper::continueBackward,
        u"Run backwards to the previous breakpoint hit or report"_s);
    add(u"Toggle breakpoint on selected object"_s, u"actionToggleObjectBreak"_s,
        QKeySequence(Qt::CTRL | Qt::Key_F8), this, &MainWindow::toggleObjectBreakpoint,
        u"Break on any event on the object selected in the tree or timeline"_s);
    add(u"Toggle breakpoint on current function"_s, u"actionToggleFunctionBreak"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F8), this,
        &MainWindow::toggleFunctionBreakpoint,
        u"Break on every entry of the function of the chosen call stack frame"_s);
    add(u"Breakpoints…"_s, u"actionBreakpoints"_s, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_B),
        this, &MainWindow::showBreakpoints,
        u"Show the breakpoint list: add event kinds, functions, objects"_s);
    run->addSeparator();
    add(u"First step"_s, u"actionFirst"_s, QKeySequence(Qt::Key_Home), stepper_, &Stepper::first,
        u"Before the first event"_s);
    add(u"Last step"_s, u"actionLast"_s, QKeySequence(Qt::Key_End), stepper_, &Stepper::last,
        u"After the last event"_s);
    add(u"Jump to step…"_s, u"actionJump"_s, QKeySequence(Qt::CTRL | Qt::Key_G), this,
        &MainWindow::jumpToStep, u"Go to a step by number"_s);
    add(u"Play / pause"_s, u"actionPlay"_s, QKeySequence(Qt::Key_Space), stepper_,
        &Stepper::togglePlay, u"Step forwards at the chosen speed"_s);

    QMenu* branch = menuBar()->addMenu(u"&Branch"_s);
    menu = branch;
    runNextMenu_ = branch->addMenu(u"&Run next"_s);
    runNextMenu_->setObjectName(u"menuRunNext"_s);
    runNextMenu_->setToolTipsVisible(true);
    branch->addSeparator();
    add(u"Next choice point"_s, u"actionNextChoice"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right), stepper_, &Stepper::nextChoice,
        u"The next step where another task could run the next event"_s);
    add(u"Previous choice point"_s, u"actionPrevChoice"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Left), stepper_, &Stepper::prevChoice,
        u"The previous step where another task could have run"_s);
    branch->addSeparator();
    add(u"Undo branch"_s, u"actionUndoBranch"_s, QKeySequence::Undo, stepper_, &Stepper::undoBranch,
        u"Back to the run this one branched from"_s);
    add(u"Copy scenario with this schedule"_s, u"actionCopySchedule"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), this, &MainWindow::copyScenarioWithSchedule,
        u"The scenario with this run's schedule, to replay the branch"_s);

    QMenu* view = menuBar()->addMenu(u"&View"_s);
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    auto* keys = view->addAction(
        u"Timeline keys: W/S zoom, A/D pan, F fit, Shift+F fit selection, wheel zoom, drag pan"_s);
    keys->setEnabled(false);
}

void MainWindow::buildToolbar() {
    QToolBar* tb = addToolBar(u"Run"_s);
    tb->setObjectName(u"toolbarRun"_s);
    tb->setMovable(false);
    picker_ = new ScenarioPicker(persistent_, tb);
    tb->addWidget(picker_->scenarios());
    tb->addWidget(picker_->designs());
    tb->addSeparator();
    // Short toolbar texts (the menus and tooltips keep the full ones), so the slider and the task
    // chooser stay on the toolbar.
    const std::pair<const char*, QString> buttons[] = {{"actionFirst", u"First"_s},
                                                       {"actionPrevSyscall", u"Prev syscall"_s},
                                                       {"actionPrev", u"Prev"_s},
                                                       {"actionNext", u"Next"_s},
                                                       {"actionStepOver", u"Over"_s},
                                                       {"actionStepOut", u"Out"_s},
                                                       {"actionNextSyscall", u"Next syscall"_s},
                                                       {"actionRunToBug", u"To BUG"_s},
                                                       {"actionContinue", u"Continue"_s},
                                                       {"actionLast", u"Last"_s},
                                                       {"actionPlay", u"Play"_s}};
    for (const auto& [name, text] : buttons) {
        QAction* a = action(QString::fromLatin1(name));
        a->setIconText(text);
        tb->addAction(a);
    }
    speed_ = new QSpinBox(tb);
    speed_->setObjectName(u"playSpeed"_s);
    speed_->setRange(1, 10000);
    speed_->setValue(20);
    speed_->setSuffix(u" ev/s"_s);
    speed_->setToolTip(u"Play speed (events per second)"_s);
    stepper_->setSpeed(speed_->value());
    connect(speed_, &QSpinBox::valueChanged, stepper_, &Stepper::setSpeed);
    tb->addWidget(speed_);
    slider_ = new QSlider(Qt::Horizontal, tb);
    slider_->setObjectName(u"stepSlider"_s);
    slider_->setMinimumWidth(160);
    slider_->setToolTip(u"Scrub through the run"_s);
    tb->addWidget(slider_);
    stepLabel_ = new QLabel(tb);
    stepLabel_->setObjectName(u"stepLabel"_s);
    stepLabel_->setMinimumWidth(110);
    tb->addWidget(stepLabel_);
    tb->addSeparator();
    auto* nextLabel = new QLabel(u"Next: "_s, tb);
    tb->addWidget(nextLabel);
    auto* runNextPicker = new QComboBox(tb);
    runNextPicker->setObjectName(u"runNextPicker"_s);
    runNextPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    tb->addWidget(runNextPicker);
    runNext_ = new RunNextChooser(focus_, stepper_, runNextPicker, runNextMenu_, this);
    connect(slider_, &QSlider::valueChanged, this,
            [this](int v) { focus_->setStep(static_cast<uint32_t>(v)); });
    connect(picker_, &ScenarioPicker::scenarioChosen, this,
            [this](const QString& v) { openScenario(v, picker_->design()); });
    connect(picker_, &ScenarioPicker::openFileChosen, this, &MainWindow::openFileDialog);
    connect(picker_, &ScenarioPicker::designChosen, this, [this] {
        if (!currentName_.isEmpty()) openScenario(currentName_, picker_->design());
    });
}

void MainWindow::openFileDialog() {
    const QString path = QFileDialog::getOpenFileName(this, u"Open scenario"_s, QString(),
                                                      u"Scenarios (*.scn);;All files (*)"_s);
    if (!path.isEmpty())
        openScenario(path, picker_->design());
    else
        picker_->fill(currentName_);
}

bool MainWindow::openScenario(const QString& nameOrPath, const QString& design, QString* error,
                              bool* unknown) {
    stepper_->stop();
    QString err, text;
    bool isUnknown = false;
    auto session = Session::load(nameOrPath, design, &err, &isUnknown, &text, maxEvents_);
    if (unknown) *unknown = isUnknown;
    if (error) *error = err;
    currentName_ = nameOrPath;
    stepper_->clearHistory();
    scenario_->showScenario(text, session ? QString() : err);
    if (!session) {
        focus_->setSession(nullptr);
        bpModel_->keepObjectsOf(false);
        setWindowTitle(nameOrPath + u" — error — dentryscope"_s);
        return false;
    }
    focus_->setSession(std::move(session));
    updateTitle();
    bpSettings_->restoreObjects(nameOrPath);
    picker_->showOpened(nameOrPath, design);
    return true;
}

void MainWindow::onSession() {
    const uint32_t n = focus_->steps();
    slider_->blockSignals(true);
    slider_->setRange(0, static_cast<int>(n));
    slider_->setValue(0);
    slider_->blockSignals(false);
    for (QAction* a : actions_)
        if (a->objectName() != u"actionOpen"_s) a->setEnabled(focus_->hasRun());
    const Session* s = focus_->session();
    const bool branched = s && !s->branches.empty();
    action(u"actionUndoBranch"_s)->setEnabled(stepper_->branchDepth() > 0);
    branchLabel_->setText(branched ? s->branchSummary() : QString());
    runNext_->rebuild();
    onStep();
}

void MainWindow::onStep() {
    const uint32_t k = focus_->step();
    slider_->blockSignals(true);
    slider_->setValue(static_cast<int>(k));
    slider_->blockSignals(false);
    stepLabel_->setText(u"step "_s + QString::number(k) + u" / "_s +
                        QString::number(focus_->steps()));
    runNext_->update();
    if (!stepper_->isContinuing()) {
        stopLabel_->clear();
        bpModel_->setHitRow(-1);
    }
    if (!focus_->hasRun() || k == 0) {
        eventLabel_->setText(focus_->hasRun() ? u"Before the first event"_s : u"No run loaded"_s);
        return;
    }
    const Event& e = focus_->replay().event(k - 1);
    const Session& s = *focus_->session();
    eventLabel_->setText(u"#"_s + QString::number(e.seq) + u" ["_s + s.taskName(e.task) + u"] "_s +
                         s.eventText(e) + u"    — "_s + s.sourceText(e.src));
    // keep the cursor inside the timeline window
    if (k < focus_->windowStart() || k > focus_->windowEnd()) {
        const double span = focus_->windowEnd() - focus_->windowStart();
        focus_->setWindow(k - span / 2, k + span / 2);
    }
}

void MainWindow::jumpToStep() {
    if (!focus_->hasRun()) return;
    bool ok = false;
    const int k = QInputDialog::getInt(
        this, u"Jump to step"_s, u"Step (0 – %1):"_s.arg(focus_->steps()),
        static_cast<int>(focus_->step()), 0, static_cast<int>(focus_->steps()), 1, &ok);
    if (ok) focus_->setStep(static_cast<uint32_t>(k));
}

// ---- breakpoints ----

void MainWindow::continueForward() {
    stepper_->continueForward();
}
void MainWindow::continueBackward() {
    stepper_->continueBackward();
}

void MainWindow::note(const QString& text) {
    stopLabel_->setText(text);
}

void MainWindow::toggleObjectBreakpoint() {
    if (!focus_->hasRun()) return;
    const ObjId id = focus_->selected();
    if (!id) {
        note(u"select an object in the tree or the timeline first"_s);
        return;
    }
    const bool added = bpModel_->toggle(Breakpoint::onObject(id));
    note((added ? u"breakpoint on "_s : u"removed breakpoint on "_s) +
         focus_->session()->objectLabel(id));
}

void MainWindow::toggleFunctionBreakpoint() {
    if (!focus_->hasRun()) return;
    const QString fn = stack_->chosenFunction();
    if (fn.isEmpty()) {
        note(u"no kernel function on the call stack at this step"_s);
        return;
    }
    const bool added = bpModel_->toggle(Breakpoint::onFunction(intern(fn.toStdString())));
    note((added ? u"breakpoint on "_s : u"removed breakpoint on "_s) + fn + u"()"_s);
}

void MainWindow::showBreakpoints() {
    for (QDockWidget* d : findChildren<QDockWidget*>())
        if (d->widget() == bpPane_) {
            d->show();
            d->raise();
        }
    bpPane_->functionChooser()->setFocus();
}

// ---- branching ----

void MainWindow::updateTitle() {
    const Session* s = focus_->session();
    if (!s) return;
    QString title = currentName_ + u" — "_s + QString::fromStdString(s->run.design);
    if (!s->branches.empty()) title += u" — "_s + s->branchSummary();
    setWindowTitle(title + u" — dentryscope"_s);
}

int MainWindow::branchDepth() const {
    return stepper_->branchDepth();
}

bool MainWindow::runNext(TaskId task) {
    return runNext_->runNext(task);
}

void MainWindow::undoBranch() {
    stepper_->undoBranch();
}

// The same scenario, another run: object breakpoints stay where their ids name the same objects.
void MainWindow::runReplaced() {
    bpSettings_->keepSameObjects();
    action(u"actionUndoBranch"_s)->setEnabled(stepper_->branchDepth() > 0);
    updateTitle();
}

void MainWindow::copyScenarioWithSchedule() {
    if (!focus_->hasRun()) return;
    QApplication::clipboard()->setText(focus_->session()->scenarioWithSchedule());
    note(u"scenario with this run's schedule copied"_s);
}

QWidget* MainWindow::pane(const QString& name) const {
    if (name == u"tree"_s) return tree_;
    if (name == u"timeline"_s) return timeline_;
    if (name == u"stack"_s) return stack_;
    if (name == u"getdents"_s) return getdents_;
    return nullptr;
}

void MainWindow::raisePane(const QString& name) {
    QWidget* w = pane(name);
    if (!w) return;
    for (QDockWidget* d : findChildren<QDockWidget*>())
        if (d->widget() == w) {
            d->show();
            d->raise();
        }
    w->setFocus();
}

} // namespace ds::ui
