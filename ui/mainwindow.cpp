// SPDX-License-Identifier: GPL-2.0-or-later
#include "mainwindow.h"

#include "accessiblenames.h"
#include "breakpoints.h"
#include "breakpointsettings.h"
#include "callstack.h"
#include "console.h"
#include "eventlogpane.h"
#include "explorejob.h"
#include "exportactions.h"
#include "focus.h"
#include "getdentspane.h"
#include "helpoverlay.h"
#include "inspector.h"
#include "markers.h"
#include "objectgraphpane.h"
#include "realtimeaction.h"
#include "runnextchooser.h"
#include "scenariopane.h"
#include "scenariopicker.h"
#include "sessionstore.h"
#include "settings.h"
#include "stepper.h"
#include "timeline.h"
#include "trace/symbols.h"
#include "treepane.h"
#include "whathappened.h"

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
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr qsizetype kMaxStateBytes = 64 * 1024; // saveGeometry/saveState take a few hundred
} // namespace

MainWindow::MainWindow(bool persistent, QWidget* parent)
    : QMainWindow(parent), persistent_(persistent), focus_(new Focus(this)),
      maxEvents_(scenario::kDefaultMaxEvents) {
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"dentryscope"_s); // untranslated: the program's name
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
    new Markers(this, findChild<QMenu*>(u"menuStep"_s), findChild<QMenu*>(u"menuView"_s));
    addRealTimeAction(*this, findChild<QMenu*>(u"menuView"_s));
    // Before the saved layout is restored: the layout now is the one Reset layout goes back to.
    new SessionStore(this, persistent_, findChild<QMenu*>(u"menuFile"_s),
                     findChild<QMenu*>(u"menuView"_s));
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
    auto* treeDock = dock(tr("Dentry tree"), u"dockTree"_s, tree_, Qt::LeftDockWidgetArea);

    scenario_ = new ScenarioPane(focus_, this);
    connect(scenario_, &ScenarioPane::copyScenarioRequested, this,
            &MainWindow::copyScenarioWithSchedule);
    connect(scenario_, &ScenarioPane::undoBranchRequested, this,
            [this] { stepper_->undoBranch(); });
    auto* scenarioDock = dock(tr("Scenario"), u"dockScenario"_s, scenario_, Qt::LeftDockWidgetArea);

    stack_ = new CallStackPane(focus_, this);
    auto* stackDock = dock(tr("Call stack"), u"dockStack"_s, stack_, Qt::RightDockWidgetArea);
    inspector_ = new Inspector(focus_, this);
    auto* inspDock = dock(tr("Inspector"), u"dockInspector"_s, inspector_, Qt::RightDockWidgetArea);

    log_ = new EventLogPane(focus_, this);
    auto* logDock = dock(tr("Event log"), u"dockEventLog"_s, log_, Qt::BottomDockWidgetArea);
    console_ = new Console(focus_, this);
    auto* consoleDock = dock(tr("Console"), u"dockConsole"_s, console_, Qt::BottomDockWidgetArea);
    bpModel_ = new BreakpointModel(focus_, this);
    bpPane_ = new BreakpointPane(focus_, bpModel_, this);
    auto* bpDock = dock(tr("Breakpoints"), u"dockBreakpoints"_s, bpPane_, Qt::BottomDockWidgetArea);

    getdents_ = new GetdentsPane(focus_, this);
    auto* gdDock = dock(u"getdents64"_s, u"dockGetdents"_s, getdents_, Qt::BottomDockWidgetArea);
    what_ = new WhatHappenedPane(focus_, this);
    auto* whatDock =
        dock(tr("What happened"), u"dockWhatHappened"_s, what_, Qt::RightDockWidgetArea);
    graph_ = new ObjectGraphPane(focus_, this);
    auto* graphDock =
        dock(tr("Object graph"), u"dockObjectGraph"_s, graph_, Qt::BottomDockWidgetArea);
    splitDockWidget(treeDock, scenarioDock, Qt::Vertical);
    splitDockWidget(whatDock, stackDock, Qt::Vertical);
    splitDockWidget(stackDock, inspDock, Qt::Vertical);
    splitDockWidget(logDock, consoleDock, Qt::Horizontal);
    splitDockWidget(consoleDock, graphDock, Qt::Horizontal);
    tabifyDockWidget(consoleDock, bpDock);
    tabifyDockWidget(consoleDock, gdDock);
    consoleDock->raise();
    resizeDocks({logDock, consoleDock, graphDock}, {5, 4, 5}, Qt::Horizontal);
    resizeDocks({treeDock, stackDock}, {520, 400}, Qt::Horizontal);
    resizeDocks({treeDock, scenarioDock}, {520, 180}, Qt::Vertical);
    resizeDocks({logDock}, {230}, Qt::Vertical);
}

EventLogModel* MainWindow::eventLogModel() const {
    return log_->model();
}
LogFilterModel* MainWindow::eventLogProxy() const {
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
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(u"menuFile"_s);
    auto* open = file->addAction(tr("&Open scenario…"), this, &MainWindow::openFileDialog);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(u"actionOpen"_s);
    actions_ << open;
    file->addSeparator();
    new ExportActions(this, file); // Export view…, Copy image, Copy reproducer
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* run = menuBar()->addMenu(tr("&Step"));
    run->setObjectName(u"menuStep"_s);
    QMenu* menu = run;
    auto add = [&](const QString& text, const QString& name, const QKeySequence& key,
                   auto* receiver, auto slot, const QString& tip) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(tr("%1 (%2)\n%3").arg(text, key.toString(QKeySequence::NativeText), tip));
        a->setStatusTip(tip);
        connect(a, &QAction::triggered, receiver, slot);
        menu->addAction(a);
        actions_ << a;
        addAction(a);
        return a;
    };
    add(tr("Next event"), u"actionNext"_s, QKeySequence(Qt::Key_Right), stepper_,
        &Stepper::stepForward, tr("Fold one more event"));
    add(tr("Previous event"), u"actionPrev"_s, QKeySequence(Qt::Key_Left), stepper_,
        &Stepper::stepBack, tr("Go back one event"));
    run->addSeparator();
    add(tr("Next change"), u"actionNextChange"_s, QKeySequence(Qt::SHIFT | Qt::Key_Right), stepper_,
        &Stepper::nextChange,
        tr("Next event that changes what the views show (skips function and lock events)"));
    add(tr("Previous change"), u"actionPrevChange"_s, QKeySequence(Qt::SHIFT | Qt::Key_Left),
        stepper_, &Stepper::prevChange, tr("Previous event that changed what the views show"));
    add(tr("Step over"), u"actionStepOver"_s, QKeySequence(Qt::Key_F10), stepper_,
        &Stepper::stepOver, tr("Next event of the same task, skipping the functions it calls"));
    add(tr("Step out"), u"actionStepOut"_s, QKeySequence(Qt::SHIFT | Qt::Key_F11), stepper_,
        &Stepper::stepOut, tr("Until the current function returns"));
    add(tr("Next syscall"), u"actionNextSyscall"_s, QKeySequence(Qt::CTRL | Qt::Key_Right),
        stepper_, &Stepper::nextSyscall, tr("Just after the next system call starts"));
    add(tr("Previous syscall"), u"actionPrevSyscall"_s, QKeySequence(Qt::CTRL | Qt::Key_Left),
        stepper_, &Stepper::prevSyscall, tr("Just after the previous system call started"));
    run->addSeparator();
    add(tr("Run to next BUG/WARN"), u"actionRunToBug"_s, QKeySequence(Qt::Key_F9), stepper_,
        &Stepper::runToReport, tr("Run until the next oops, WARN, KASAN or leak report"));
    add(tr("Back to previous BUG/WARN"), u"actionBackToBug"_s, QKeySequence(Qt::SHIFT | Qt::Key_F9),
        stepper_, &Stepper::backToReport, tr("Run backwards to the previous report"));
    add(tr("Next event of selected object"), u"actionNextOfObject"_s, QKeySequence(Qt::Key_Period),
        stepper_, &Stepper::nextOfSelected, tr("Next event that touches the selected object"));
    add(tr("Previous event of selected object"), u"actionPrevOfObject"_s,
        QKeySequence(Qt::Key_Comma), stepper_, &Stepper::prevOfSelected,
        tr("Previous event that touched the selected object"));
    run->addSeparator();
    add(tr("Continue"), u"actionContinue"_s, QKeySequence(Qt::Key_F8), stepper_,
        &Stepper::continueForward, tr("Run to the next breakpoint hit or BUG/WARN report"));
    add(tr("Reverse continue"), u"actionReverseContinue"_s, QKeySequence(Qt::SHIFT | Qt::Key_F8),
        stepper_, &Stepper::continueBackward,
        tr("Run backwards to the previous breakpoint hit or report"));
    add(tr("Toggle breakpoint on selected object"), u"actionToggleObjectBreak"_s,
        QKeySequence(Qt::CTRL | Qt::Key_F8), this, &MainWindow::toggleObjectBreakpoint,
        tr("Break on any event on the object selected in the tree or timeline"));
    add(tr("Toggle breakpoint on current function"), u"actionToggleFunctionBreak"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F8), this,
        &MainWindow::toggleFunctionBreakpoint,
        tr("Break on every entry of the function of the chosen call stack frame"));
    add(tr("Breakpoints…"), u"actionBreakpoints"_s, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_B),
        this, &MainWindow::showBreakpoints,
        tr("Show the breakpoint list: add event kinds, functions, objects"));
    run->addSeparator();
    add(tr("First step"), u"actionFirst"_s, QKeySequence(Qt::Key_Home), stepper_, &Stepper::first,
        tr("Before the first event"));
    add(tr("Last step"), u"actionLast"_s, QKeySequence(Qt::Key_End), stepper_, &Stepper::last,
        tr("After the last event"));
    add(tr("Jump to step…"), u"actionJump"_s, QKeySequence(Qt::CTRL | Qt::Key_G), this,
        &MainWindow::jumpToStep, tr("Go to a step by number"));
    add(tr("Play / pause"), u"actionPlay"_s, QKeySequence(Qt::Key_Space), stepper_,
        &Stepper::togglePlay, tr("Step forwards at the chosen speed"));

    QMenu* branch = menuBar()->addMenu(tr("&Branch"));
    menu = branch;
    runNextMenu_ = branch->addMenu(tr("&Run next"));
    runNextMenu_->setObjectName(u"menuRunNext"_s);
    runNextMenu_->setToolTipsVisible(true);
    branch->addSeparator();
    add(tr("Next choice point"), u"actionNextChoice"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right), stepper_, &Stepper::nextChoice,
        tr("The next step where another task could run the next event"));
    add(tr("Previous choice point"), u"actionPrevChoice"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Left), stepper_, &Stepper::prevChoice,
        tr("The previous step where another task could have run"));
    branch->addSeparator();
    add(tr("Undo branch"), u"actionUndoBranch"_s, QKeySequence::Undo, stepper_,
        &Stepper::undoBranch, tr("Back to the run this one branched from"));
    add(tr("Copy scenario with this schedule"), u"actionCopySchedule"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), this, &MainWindow::copyScenarioWithSchedule,
        tr("The scenario with this run's schedule, to replay the branch"));

    menu = menuBar()->addMenu(tr("&Design"));
    add(tr("Compare with…"), u"actionCompareWith"_s, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_D),
        this, &MainWindow::chooseCompareDesign,
        tr("This scenario under another design, side by side (mainwindow_compare.cpp)"));
    add(tr("Explore schedules"), u"actionExplore"_s, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E),
        this, &MainWindow::startExplore,
        tr("Try this scenario's schedules in the background until one hits a BUG"));
    add(tr("Cancel explore"), u"actionCancelExplore"_s, QKeySequence(), this,
        &MainWindow::cancelExplore, tr("Stop the search after the schedule being run"));
    add(tr("Open finding as branch"), u"actionOpenFinding"_s, QKeySequence(), this,
        &MainWindow::openFinding, tr("The failing schedule explore found, as a branch"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(u"menuView"_s);
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    auto* keys =
        view->addAction(tr("Timeline keys: W/S zoom, A/D pan, F fit, Shift+F fit selection, P pin "
                           "the selected lane, wheel zoom, drag pan, Shift+drag a range"));
    keys->setEnabled(false);
    help_ = HelpOverlay::install(this);
}

void MainWindow::buildToolbar() {
    QToolBar* tb = addToolBar(tr("Run"));
    tb->setObjectName(u"toolbarRun"_s);
    tb->setMovable(false);
    picker_ = new ScenarioPicker(persistent_, tb);
    tb->addWidget(picker_->scenarios());
    tb->addWidget(picker_->designs());
    tb->addSeparator();
    // Short toolbar texts (the menus and tooltips keep the full ones). A narrow window moves
    // what does not fit into the toolbar's overflow menu from the end: the step counter and the
    // task chooser come before the buttons every key and menu also has.
    const auto addButtons = [&](std::initializer_list<std::pair<const char*, QString>> buttons) {
        for (const auto& [name, text] : buttons) {
            QAction* a = action(QString::fromLatin1(name));
            a->setIconText(text);
            tb->addAction(a);
        }
    };
    addButtons({{"actionFirst", tr("First")},
                {"actionPrev", tr("Prev")},
                {"actionNext", tr("Next")},
                {"actionStepOver", tr("Over")},
                {"actionStepOut", tr("Out")},
                {"actionRunToBug", tr("To BUG")}});
    speed_ = new QSpinBox(tb);
    speed_->setObjectName(u"playSpeed"_s);
    speed_->setRange(1, 10000);
    speed_->setValue(20);
    speed_->setSuffix(tr(" ev/s"));
    speed_->setToolTip(tr("Play speed (events per second)"));
    stepper_->setSpeed(speed_->value());
    connect(speed_, &QSpinBox::valueChanged, stepper_, &Stepper::setSpeed);
    slider_ = new QSlider(Qt::Horizontal, tb);
    slider_->setObjectName(u"stepSlider"_s);
    slider_->setMinimumWidth(160);
    slider_->setToolTip(tr("Scrub through the run"));
    tb->addWidget(slider_);
    stepLabel_ = new QLabel(tb);
    stepLabel_->setObjectName(u"stepLabel"_s);
    stepLabel_->setMinimumWidth(110);
    tb->addWidget(stepLabel_);
    tb->addSeparator();
    auto* nextLabel = new QLabel(tr("Next: "), tb);
    tb->addWidget(nextLabel);
    auto* runNextPicker = new QComboBox(tb);
    runNextPicker->setObjectName(u"runNextPicker"_s);
    runNextPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    tb->addWidget(runNextPicker);
    tb->addSeparator();
    addButtons({{"actionPrevSyscall", tr("Prev syscall")},
                {"actionNextSyscall", tr("Next syscall")},
                {"actionContinue", tr("Continue")},
                {"actionLast", tr("Last")},
                {"actionPlay", tr("Play")}});
    tb->addWidget(speed_);
    runNext_ = new RunNextChooser(focus_, stepper_, runNextPicker, runNextMenu_, this);
    connect(slider_, &QSlider::valueChanged, this,
            [this](int v) { focus_->setStep(static_cast<uint32_t>(v)); });
    connect(picker_, &ScenarioPicker::scenarioChosen, this,
            [this](const QString& v) { openScenario(v); }); // the file's design: no override
    connect(picker_, &ScenarioPicker::openFileChosen, this, &MainWindow::openFileDialog);
    connect(picker_, &ScenarioPicker::designChosen, this, [this] {
        if (!currentName_.isEmpty()) openScenario(currentName_, picker_->design());
    });
}

void MainWindow::openFileDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                      tr("Scenarios (*.scn);;All files (*)"));
    if (!path.isEmpty())
        openScenario(path);
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
    return install(std::move(session), nameOrPath, text, design, err);
}

bool MainWindow::openScenarioText(const QString& name, const QString& text, const QString& design,
                                  QString* error) {
    stepper_->stop();
    QString err;
    auto session = Session::fromText(name, text, design, &err, maxEvents_);
    if (error) *error = err;
    return install(std::move(session), name, text, design, err);
}

bool MainWindow::install(std::unique_ptr<Session> session, const QString& nameOrPath,
                         const QString& text, const QString& design, const QString& err) {
    currentName_ = nameOrPath;
    stepper_->clearHistory();
    if (exploreJob_) exploreJob_->forget(); // its finding was for the run before
    // A switch line whose anchor does not occur under this design is shown like an error.
    scenario_->showScenario(text, session ? session->anchorMissesText() : err);
    if (!session) {
        focus_->setSession(nullptr);
        bpModel_->keepObjectsOf(false);
        setWindowTitle(tr("%1 — error — dentryscope").arg(nameOrPath));
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
    updateExploreActions();
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
    // "step N": the state right after event #N, as the status bar and --step say.
    stepLabel_->setText(Session::stepName(k) + u" / "_s +
                        QString::number(std::max<int64_t>(int64_t(focus_->steps()) - 1, 0)));
    runNext_->update();
    if (!stepper_->isContinuing()) {
        stopLabel_->clear();
        bpModel_->setHitRow(-1);
    }
    if (!focus_->hasRun() || k == 0) {
        eventLabel_->setText(focus_->hasRun() ? tr("Before the first event") : tr("No run loaded"));
        return;
    }
    const Event& e = focus_->replay().event(k - 1);
    const Session& s = *focus_->session();
    // untranslated: the engine's words (core/), no sentence of ours
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
    const int last = std::max(static_cast<int>(focus_->steps()) - 1, 0);
    const int k = QInputDialog::getInt(
        this, tr("Jump to step"), tr("Step: the state right after event # (0 – %1):").arg(last),
        std::max(static_cast<int>(focus_->step()) - 1, 0), 0, last, 1, &ok);
    if (ok) focus_->setStep(static_cast<uint32_t>(k) + 1);
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
        note(tr("select an object in the tree or the timeline first"));
        return;
    }
    const bool added = bpModel_->toggle(Breakpoint::onObject(id));
    note((added ? tr("breakpoint on ") : tr("removed breakpoint on ")) +
         focus_->session()->objectLabel(id));
}

void MainWindow::toggleFunctionBreakpoint() {
    if (!focus_->hasRun()) return;
    const QString fn = stack_->chosenFunction();
    if (fn.isEmpty()) {
        note(tr("no kernel function on the call stack at this step"));
        return;
    }
    const bool added = bpModel_->toggle(Breakpoint::onFunction(intern(fn.toStdString())));
    note((added ? tr("breakpoint on ") : tr("removed breakpoint on ")) + fn + u"()"_s);
}

void MainWindow::showBreakpoints() {
    for (QDockWidget* d : findChildren<QDockWidget*>())
        if (d->widget() == bpPane_) {
            d->show();
            d->raise();
        }
    // The list, not its text field: the stepping keys go on working until the field is clicked.
    bpPane_->view()->setFocus();
}

// ---- branching ----

void MainWindow::updateTitle() {
    const Session* s = focus_->session();
    if (!s) return;
    const QString design = QString::fromStdString(s->run.design);
    QString title = tr("%1 — %2").arg(currentName_, design);
    if (!s->design.isEmpty() && s->design.toStdString() != s->scenario.design)
        title = tr("%1 — %2 (overrides %3)")
                    .arg(currentName_, design, QString::fromStdString(s->scenario.design));
    if (!s->branches.empty()) title = tr("%1 — %2").arg(title, s->branchSummary());
    setWindowTitle(tr("%1 — dentryscope").arg(title));
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
    note(tr("scenario with this run's schedule copied"));
}

QStringList MainWindow::paneNames() {
    return {u"tree"_s,        u"timeline"_s,     u"stack"_s,    u"getdents"_s,
            u"inspector"_s,   u"log"_s,          u"scenario"_s, u"console"_s,
            u"breakpoints"_s, u"whathappened"_s, u"graph"_s};
}

QWidget* MainWindow::pane(const QString& name) const {
    QWidget* const panes[] = {tree_,     timeline_, stack_,  getdents_, inspector_, log_,
                              scenario_, console_,  bpPane_, what_,     graph_};
    const qsizetype i = paneNames().indexOf(name);
    return i < 0 ? nullptr : panes[i];
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
