#include "mainwindow.h"

#include "breakpoints.h"
#include "callstack.h"
#include "console.h"
#include "dentrytreemodel.h"
#include "eventlogmodel.h"
#include "focus.h"
#include "inspector.h"
#include "timeline.h"
#include "trace/symbols.h"
#include "tracefs/design.h"
#include "treepane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr int kMaxRecent = 8;
const QString kOpenFileItem = u"\x01open"_s;
} // namespace

MainWindow::MainWindow(bool persistent, QWidget* parent)
    : QMainWindow(parent), persistent_(persistent), focus_(new Focus(this)),
      playTimer_(new QTimer(this)) {
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"dentryscope"_s);
    setDockNestingEnabled(true);
    timeline_ = new Timeline(focus_, this);
    setCentralWidget(timeline_);
    buildDocks();
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
    connect(playTimer_, &QTimer::timeout, this, &MainWindow::playTick);
    connect(bpModel_, &BreakpointModel::changed, this, &MainWindow::saveBreakpoints);
    if (persistent_) {
        QSettings settings;
        restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
        restoreState(settings.value(u"window/state"_s).toByteArray());
        loadingBreakpoints_ = true;
        bpModel_->restore(settings.value(u"breakpoints/list"_s).toStringList(), false);
        loadingBreakpoints_ = false;
    }
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

    auto* scenario = new QWidget(this);
    scenario->setObjectName(u"scenarioPane"_s);
    scenarioText_ = new QPlainTextEdit(scenario);
    scenarioText_->setObjectName(u"scenarioText"_s);
    scenarioText_->setReadOnly(true);
    scenarioText_->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(u"DejaVu Sans Mono"_s);
    mono.setStyleHint(QFont::Monospace);
    scenarioText_->setFont(mono);
    scenarioErrors_ = new QPlainTextEdit(scenario);
    scenarioErrors_->setObjectName(u"scenarioErrors"_s);
    scenarioErrors_->setReadOnly(true);
    scenarioErrors_->setFont(mono);
    scenarioErrors_->setMaximumHeight(90);
    scenarioErrors_->hide();
    // The schedule of a branched run, as lines to paste into the scenario.
    scheduleBox_ = new QWidget(scenario);
    scheduleBox_->setObjectName(u"scheduleBox"_s);
    scheduleTitle_ = new QLabel(scheduleBox_);
    scheduleTitle_->setTextFormat(Qt::PlainText);
    scheduleTitle_->setWordWrap(true);
    scheduleText_ = new QPlainTextEdit(scheduleBox_);
    scheduleText_->setObjectName(u"scheduleText"_s);
    scheduleText_->setReadOnly(true);
    scheduleText_->setLineWrapMode(QPlainTextEdit::NoWrap);
    scheduleText_->setFont(mono);
    scheduleText_->setToolTip(
        u"This run's schedule in scenario syntax: in place of the scenario's own "
        u"schedule lines it replays this run"_s);
    auto* copy = new QPushButton(u"Copy scenario"_s, scheduleBox_);
    copy->setObjectName(u"copyScenario"_s);
    copy->setToolTip(u"Copy the scenario with this schedule to the clipboard"_s);
    connect(copy, &QPushButton::clicked, this, &MainWindow::copyScenarioWithSchedule);
    auto* undo = new QPushButton(u"Undo branch"_s, scheduleBox_);
    undo->setObjectName(u"undoBranchButton"_s);
    connect(undo, &QPushButton::clicked, this, &MainWindow::undoBranch);
    auto* sbButtons = new QHBoxLayout;
    sbButtons->setContentsMargins(0, 0, 0, 0);
    sbButtons->addWidget(scheduleTitle_, 1);
    sbButtons->addWidget(copy);
    sbButtons->addWidget(undo);
    auto* sbl = new QVBoxLayout(scheduleBox_);
    sbl->setContentsMargins(0, 0, 0, 0);
    sbl->setSpacing(2);
    sbl->addLayout(sbButtons);
    sbl->addWidget(scheduleText_);
    scheduleBox_->hide();
    auto* sl = new QVBoxLayout(scenario);
    sl->setContentsMargins(2, 2, 2, 2);
    sl->addWidget(scenarioText_, 1);
    sl->addWidget(scenarioErrors_);
    sl->addWidget(scheduleBox_);
    auto* scenarioDock = dock(u"Scenario"_s, u"dockScenario"_s, scenario, Qt::LeftDockWidgetArea);

    stack_ = new CallStackPane(focus_, this);
    auto* stackDock = dock(u"Call stack"_s, u"dockStack"_s, stack_, Qt::RightDockWidgetArea);
    inspector_ = new Inspector(focus_, this);
    auto* inspDock = dock(u"Inspector"_s, u"dockInspector"_s, inspector_, Qt::RightDockWidgetArea);

    auto* log = new QWidget(this);
    log->setObjectName(u"eventLogPane"_s);
    logModel_ = new EventLogModel(focus_, this);
    logProxy_ = new QSortFilterProxyModel(this);
    logProxy_->setSourceModel(logModel_);
    logProxy_->setFilterKeyColumn(-1);
    logProxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    logProxy_->setDynamicSortFilter(false);
    logView_ = new QTableView(log);
    logView_->setObjectName(u"eventLog"_s);
    logView_->setModel(logProxy_);
    logView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    logView_->setSelectionMode(QAbstractItemView::SingleSelection);
    logView_->verticalHeader()->hide();
    logView_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    logView_->horizontalHeader()->setStretchLastSection(true);
    logView_->setColumnWidth(EventLogModel::Seq, 60);
    logView_->setColumnWidth(EventLogModel::Task, 50);
    logView_->setColumnWidth(EventLogModel::Kind, 90);
    logView_->setColumnWidth(EventLogModel::Object, 160);
    logView_->setColumnWidth(EventLogModel::A, 45);
    logView_->setColumnWidth(EventLogModel::B, 45);
    logView_->setColumnWidth(EventLogModel::Text, 330);
    logView_->viewport()->installEventFilter(this);
    logFilter_ = new QLineEdit(log);
    logFilter_->setObjectName(u"eventFilter"_s);
    logFilter_->setPlaceholderText(
        u"Filter events (any column, e.g. d_instantiate, dentry #12, report)"_s);
    logFilter_->setClearButtonEnabled(true);
    filterTimer_ = new QTimer(this);
    filterTimer_->setSingleShot(true);
    filterTimer_->setInterval(250);
    connect(logFilter_, &QLineEdit::textChanged, filterTimer_, qOverload<>(&QTimer::start));
    connect(filterTimer_, &QTimer::timeout, this,
            [this] { logProxy_->setFilterFixedString(logFilter_->text()); });
    connect(logView_, &QTableView::clicked, this, [this](const QModelIndex& i) {
        const QModelIndex src = logProxy_->mapToSource(i);
        focus_->setStep(src.data(EventLogModel::SeqRole).toUInt() + 1);
        if (const auto obj = static_cast<ObjId>(src.data(EventLogModel::ObjIdRole).toUInt()))
            focus_->setSelected(obj);
    });
    auto* ll = new QVBoxLayout(log);
    ll->setContentsMargins(2, 2, 2, 2);
    ll->addWidget(logFilter_);
    ll->addWidget(logView_, 1);
    auto* logDock = dock(u"Event log"_s, u"dockEventLog"_s, log, Qt::BottomDockWidgetArea);
    console_ = new Console(focus_, this);
    auto* consoleDock = dock(u"Console"_s, u"dockConsole"_s, console_, Qt::BottomDockWidgetArea);
    bpModel_ = new BreakpointModel(focus_, this);
    bpPane_ = new BreakpointPane(focus_, bpModel_, this);
    auto* bpDock = dock(u"Breakpoints"_s, u"dockBreakpoints"_s, bpPane_, Qt::BottomDockWidgetArea);

    splitDockWidget(treeDock, scenarioDock, Qt::Vertical);
    splitDockWidget(stackDock, inspDock, Qt::Vertical);
    splitDockWidget(logDock, consoleDock, Qt::Horizontal);
    tabifyDockWidget(consoleDock, bpDock);
    consoleDock->raise();
    resizeDocks({logDock, consoleDock}, {1, 1}, Qt::Horizontal);
    resizeDocks({treeDock, stackDock}, {520, 400}, Qt::Horizontal);
    resizeDocks({treeDock, scenarioDock}, {520, 180}, Qt::Vertical);
    resizeDocks({logDock}, {230}, Qt::Vertical);
}

QAction* MainWindow::action(const QString& objectName) const {
    for (QAction* a : actions_)
        if (a->objectName() == objectName) return a;
    return nullptr;
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
                   void (MainWindow::*slot)(), const QString& tip) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(text + u" ("_s + key.toString(QKeySequence::NativeText) + u")\n"_s + tip);
        a->setStatusTip(tip);
        connect(a, &QAction::triggered, this, slot);
        menu->addAction(a);
        actions_ << a;
        addAction(a);
        return a;
    };
    add(u"Next event"_s, u"actionNext"_s, QKeySequence(Qt::Key_Right), &MainWindow::stepForward,
        u"Fold one more event"_s);
    add(u"Previous event"_s, u"actionPrev"_s, QKeySequence(Qt::Key_Left), &MainWindow::stepBack,
        u"Go back one event"_s);
    run->addSeparator();
    add(u"Step over"_s, u"actionStepOver"_s, QKeySequence(Qt::Key_F10), &MainWindow::stepOver,
        u"Next event of the same task, skipping the functions it calls"_s);
    add(u"Step out"_s, u"actionStepOut"_s, QKeySequence(Qt::SHIFT | Qt::Key_F11),
        &MainWindow::stepOut, u"Until the current function returns"_s);
    add(u"Next syscall"_s, u"actionNextSyscall"_s, QKeySequence(Qt::CTRL | Qt::Key_Right),
        &MainWindow::nextSyscall, u"Just after the next system call starts"_s);
    add(u"Previous syscall"_s, u"actionPrevSyscall"_s, QKeySequence(Qt::CTRL | Qt::Key_Left),
        &MainWindow::prevSyscall, u"Just after the previous system call started"_s);
    run->addSeparator();
    add(u"Run to next BUG/WARN"_s, u"actionRunToBug"_s, QKeySequence(Qt::Key_F9),
        &MainWindow::runToReport, u"Run until the next oops, WARN, KASAN or leak report"_s);
    add(u"Back to previous BUG/WARN"_s, u"actionBackToBug"_s, QKeySequence(Qt::SHIFT | Qt::Key_F9),
        &MainWindow::backToReport, u"Run backwards to the previous report"_s);
    add(u"Next event of selected object"_s, u"actionNextOfObject"_s, QKeySequence(Qt::Key_Period),
        &MainWindow::nextOfSelected, u"Next event that touches the selected object"_s);
    add(u"Previous event of selected object"_s, u"actionPrevOfObject"_s,
        QKeySequence(Qt::Key_Comma), &MainWindow::prevOfSelected,
        u"Previous event that touched the selected object"_s);
    run->addSeparator();
    add(u"Continue"_s, u"actionContinue"_s, QKeySequence(Qt::Key_F8), &MainWindow::continueForward,
        u"Run to the next breakpoint hit or BUG/WARN report"_s);
    add(u"Reverse continue"_s, u"actionReverseContinue"_s, QKeySequence(Qt::SHIFT | Qt::Key_F8),
        &MainWindow::continueBackward, u"Run backwards to the previous breakpoint hit or report"_s);
    add(u"Toggle breakpoint on selected object"_s, u"actionToggleObjectBreak"_s,
        QKeySequence(Qt::CTRL | Qt::Key_F8), &MainWindow::toggleObjectBreakpoint,
        u"Break on any event on the object selected in the tree or timeline"_s);
    add(u"Toggle breakpoint on current function"_s, u"actionToggleFunctionBreak"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F8), &MainWindow::toggleFunctionBreakpoint,
        u"Break on every entry of the function of the chosen call stack frame"_s);
    add(u"Breakpoints…"_s, u"actionBreakpoints"_s, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_B),
        &MainWindow::showBreakpoints,
        u"Show the breakpoint list: add event kinds, functions, objects"_s);
    run->addSeparator();
    add(u"First step"_s, u"actionFirst"_s, QKeySequence(Qt::Key_Home), &MainWindow::first,
        u"Before the first event"_s);
    add(u"Last step"_s, u"actionLast"_s, QKeySequence(Qt::Key_End), &MainWindow::last,
        u"After the last event"_s);
    add(u"Jump to step…"_s, u"actionJump"_s, QKeySequence(Qt::CTRL | Qt::Key_G),
        &MainWindow::jumpToStep, u"Go to a step by number"_s);
    add(u"Play / pause"_s, u"actionPlay"_s, QKeySequence(Qt::Key_Space), &MainWindow::togglePlay,
        u"Step forwards at the chosen speed"_s);

    QMenu* branch = menuBar()->addMenu(u"&Branch"_s);
    menu = branch;
    runNextMenu_ = branch->addMenu(u"&Run next"_s);
    runNextMenu_->setObjectName(u"menuRunNext"_s);
    runNextMenu_->setToolTipsVisible(true);
    branch->addSeparator();
    add(u"Next choice point"_s, u"actionNextChoice"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right), &MainWindow::nextChoice,
        u"The next step where another task could run the next event"_s);
    add(u"Previous choice point"_s, u"actionPrevChoice"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Left), &MainWindow::prevChoice,
        u"The previous step where another task could have run"_s);
    branch->addSeparator();
    add(u"Undo branch"_s, u"actionUndoBranch"_s, QKeySequence::Undo, &MainWindow::undoBranch,
        u"Back to the run this one branched from"_s);
    add(u"Copy scenario with this schedule"_s, u"actionCopySchedule"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &MainWindow::copyScenarioWithSchedule,
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
    scenarioPicker_ = new QComboBox(tb);
    scenarioPicker_->setObjectName(u"scenarioPicker"_s);
    scenarioPicker_->setMinimumContentsLength(22);
    scenarioPicker_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    scenarioPicker_->setToolTip(u"Scenario: a built-in, a recent file or Open file…"_s);
    designPicker_ = new QComboBox(tb);
    designPicker_->setObjectName(u"designPicker"_s);
    designPicker_->setToolTip(u"Kernel design (era) to run the scenario on"_s);
    designPicker_->addItem(u"design as written"_s, QString());
    for (const Design* d : allDesigns())
        designPicker_->addItem(QString::fromUtf8(d->name().data(), qsizetype(d->name().size())),
                               QString::fromUtf8(d->name().data(), qsizetype(d->name().size())));
    fillScenarioPicker();
    tb->addWidget(scenarioPicker_);
    tb->addWidget(designPicker_);
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
    runNext_ = new QComboBox(tb);
    runNext_->setObjectName(u"runNextPicker"_s);
    runNext_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    tb->addWidget(runNext_);
    connect(runNext_, &QComboBox::activated, this,
            [this](int i) { runNext(static_cast<TaskId>(runNext_->itemData(i).toInt())); });
    connect(slider_, &QSlider::valueChanged, this,
            [this](int v) { focus_->setStep(static_cast<uint32_t>(v)); });
    connect(scenarioPicker_, &QComboBox::activated, this, [this](int i) {
        const QString v = scenarioPicker_->itemData(i).toString();
        if (v == kOpenFileItem) {
            openFileDialog();
            return;
        }
        if (!v.isEmpty()) openScenario(v, designPicker_->currentData().toString());
    });
    connect(designPicker_, &QComboBox::activated, this, [this](int) {
        if (!currentName_.isEmpty())
            openScenario(currentName_, designPicker_->currentData().toString());
    });
}

void MainWindow::fillScenarioPicker() {
    updatingPickers_ = true;
    scenarioPicker_->clear();
    for (const auto& [name, desc] : scenario::builtinScenarios()) {
        scenarioPicker_->addItem(QString::fromStdString(name), QString::fromStdString(name));
        scenarioPicker_->setItemData(scenarioPicker_->count() - 1, QString::fromStdString(desc),
                                     Qt::ToolTipRole);
    }
    if (persistent_) {
        const QStringList recent = QSettings().value(u"recentFiles"_s).toStringList();
        if (!recent.isEmpty()) scenarioPicker_->insertSeparator(scenarioPicker_->count());
        for (const QString& r : recent)
            scenarioPicker_->addItem(QFileInfo(r).fileName(), r);
    }
    scenarioPicker_->insertSeparator(scenarioPicker_->count());
    scenarioPicker_->addItem(u"Open file…"_s, kOpenFileItem);
    const int i = scenarioPicker_->findData(currentName_);
    if (i >= 0) scenarioPicker_->setCurrentIndex(i);
    updatingPickers_ = false;
}

void MainWindow::addRecent(const QString& path) {
    if (!persistent_) return;
    QSettings settings;
    QStringList recent = settings.value(u"recentFiles"_s).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(u"recentFiles"_s, recent);
}

void MainWindow::openFileDialog() {
    const QString path = QFileDialog::getOpenFileName(this, u"Open scenario"_s, QString(),
                                                      u"Scenarios (*.scn);;All files (*)"_s);
    if (!path.isEmpty())
        openScenario(path, designPicker_->currentData().toString());
    else
        fillScenarioPicker();
}

bool MainWindow::openScenario(const QString& nameOrPath, const QString& design, QString* error,
                              bool* unknown) {
    playTimer_->stop();
    QString err, text;
    bool isUnknown = false;
    auto session = Session::load(nameOrPath, design, &err, &isUnknown, &text);
    if (unknown) *unknown = isUnknown;
    if (error) *error = err;
    currentName_ = nameOrPath;
    scenarioText_->setPlainText(text);
    history_.clear();
    if (!session) {
        scenarioErrors_->setPlainText(err);
        scenarioErrors_->show();
        focus_->setSession(nullptr);
        bpModel_->keepObjectsOf(false);
        setWindowTitle(nameOrPath + u" — error — dentryscope"_s);
        // Mark the first error line.
        const QRegularExpression re(u":(\\d+):(\\d+): error"_s);
        const auto m = re.match(err);
        if (m.hasMatch()) {
            QTextEdit::ExtraSelection sel;
            sel.cursor = QTextCursor(
                scenarioText_->document()->findBlockByNumber(m.captured(1).toInt() - 1));
            sel.format.setBackground(
                theme::mix(palette().color(QPalette::Base), theme::reportColor(palette()), 0.3));
            sel.format.setProperty(QTextFormat::FullWidthSelection, true);
            scenarioText_->setExtraSelections({sel});
        }
        return false;
    }
    scenarioErrors_->clear();
    scenarioErrors_->hide();
    scenarioText_->setExtraSelections({});
    if (QFileInfo(nameOrPath).isFile()) addRecent(QFileInfo(nameOrPath).absoluteFilePath());
    focus_->setSession(std::move(session));
    updateTitle();
    restoreObjectBreakpoints();
    fillScenarioPicker();
    int i = scenarioPicker_->findData(nameOrPath);
    if (i < 0 && QFileInfo(nameOrPath).isFile())
        i = scenarioPicker_->findData(QFileInfo(nameOrPath).absoluteFilePath());
    if (i < 0) { // a file not in the recent list (settings off): show it anyway
        scenarioPicker_->insertItem(0, QFileInfo(nameOrPath).fileName(), nameOrPath);
        i = 0;
    }
    scenarioPicker_->setCurrentIndex(i);
    const int d = designPicker_->findData(design);
    designPicker_->setCurrentIndex(d >= 0 ? d : 0);
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
    action(u"actionUndoBranch"_s)->setEnabled(!history_.empty());
    scheduleBox_->setVisible(branched);
    if (branched) {
        scheduleTitle_->setText(u"This run's schedule ("_s + s->branchSummary() + u"):"_s);
        scheduleText_->setPlainText(s->scheduleText().trimmed());
        // As high as its lines (a few at most; it scrolls beyond).
        const int lines = std::clamp(scheduleText_->document()->blockCount(), 2, 5);
        scheduleText_->setFixedHeight(lines * scheduleText_->fontMetrics().lineSpacing() +
                                      2 * scheduleText_->frameWidth() + 8);
    }
    branchLabel_->setText(branched ? s->branchSummary() : QString());
    rebuildRunNextActions();
    onStep();
}

void MainWindow::onStep() {
    const uint32_t k = focus_->step();
    slider_->blockSignals(true);
    slider_->setValue(static_cast<int>(k));
    slider_->blockSignals(false);
    stepLabel_->setText(u"step "_s + QString::number(k) + u" / "_s +
                        QString::number(focus_->steps()));
    updateRunNext();
    if (!continuing_) {
        stopLabel_->clear();
        bpModel_->setHitRow(-1);
    }
    if (!focus_->hasRun() || k == 0) {
        logView_->clearSelection();
        eventLabel_->setText(focus_->hasRun() ? u"Before the first event"_s : u"No run loaded"_s);
        return;
    }
    const Event& e = focus_->replay().event(k - 1);
    const Session& s = *focus_->session();
    eventLabel_->setText(u"#"_s + QString::number(e.seq) + u" ["_s + s.taskName(e.task) + u"] "_s +
                         s.eventText(e) + u"    — "_s + s.sourceText(e.src));
    // the event log selects the event just folded (when the filter shows it)
    const QModelIndex row = logProxy_->mapFromSource(logModel_->index(static_cast<int>(k - 1), 0));
    if (row.isValid()) {
        syncingLog_ = true;
        logView_->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
        logView_->scrollTo(row, QAbstractItemView::PositionAtCenter);
        // Before the window is laid out the log has no height to scroll in: do it again then.
        logScrollPending_ = !logView_->isVisible();
        syncingLog_ = false;
    }
    // keep the cursor inside the timeline window
    if (k < focus_->windowStart() || k > focus_->windowEnd()) {
        const double span = focus_->windowEnd() - focus_->windowStart();
        focus_->setWindow(k - span / 2, k + span / 2);
    }
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (watched == logView_->viewport() && event->type() == QEvent::Resize && logScrollPending_) {
        logScrollPending_ = !logView_->isVisible();
        // Queued: the view takes its new size (and scroll range) after this filter.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (logView_->currentIndex().isValid())
                    logView_->scrollTo(logView_->currentIndex(),
                                       QAbstractItemView::PositionAtCenter);
            },
            Qt::QueuedConnection);
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::stepForward() {
    focus_->setStep(focus_->step() + 1);
}
void MainWindow::stepBack() {
    if (focus_->step() > 0) focus_->setStep(focus_->step() - 1);
}
void MainWindow::stepOver() {
    if (focus_->hasRun()) focus_->setStep(focus_->replay().stepOver(focus_->step()));
}
void MainWindow::stepOut() {
    if (focus_->hasRun()) focus_->setStep(focus_->replay().stepOut(focus_->step()));
}
void MainWindow::nextSyscall() {
    if (focus_->hasRun()) focus_->setStep(focus_->replay().nextSyscall(focus_->step()));
}
void MainWindow::prevSyscall() {
    if (focus_->hasRun()) focus_->setStep(focus_->replay().prevSyscall(focus_->step()));
}
void MainWindow::runToReport() {
    if (focus_->hasRun()) focus_->setStep(focus_->replay().nextReport(focus_->step()));
}
void MainWindow::backToReport() {
    if (focus_->hasRun()) focus_->setStep(focus_->replay().prevReport(focus_->step()));
}
void MainWindow::nextOfSelected() {
    if (focus_->hasRun() && focus_->selected())
        focus_->setStep(focus_->replay().nextEventOf(focus_->selected(), focus_->step()));
}
void MainWindow::prevOfSelected() {
    if (focus_->hasRun() && focus_->selected())
        focus_->setStep(focus_->replay().prevEventOf(focus_->selected(), focus_->step()));
}
void MainWindow::first() {
    focus_->setStep(0);
}
void MainWindow::last() {
    focus_->setStep(focus_->steps());
}

void MainWindow::jumpToStep() {
    if (!focus_->hasRun()) return;
    bool ok = false;
    const int k = QInputDialog::getInt(
        this, u"Jump to step"_s, u"Step (0 – %1):"_s.arg(focus_->steps()),
        static_cast<int>(focus_->step()), 0, static_cast<int>(focus_->steps()), 1, &ok);
    if (ok) focus_->setStep(static_cast<uint32_t>(k));
}

void MainWindow::togglePlay() {
    if (playTimer_->isActive()) {
        playTimer_->stop();
        return;
    }
    if (!focus_->hasRun()) return;
    if (focus_->step() >= focus_->steps()) focus_->setStep(0);
    playTimer_->start(std::max(16, 1000 / std::max(1, speed_->value())));
}

void MainWindow::playTick() {
    const int perTick = std::max(1, speed_->value() * playTimer_->interval() / 1000);
    const uint32_t next = focus_->step() + static_cast<uint32_t>(perTick);
    focus_->setStep(next);
    if (focus_->step() >= focus_->steps()) playTimer_->stop();
}

// ---- breakpoints ----

void MainWindow::continueForward() {
    continueTo(true);
}
void MainWindow::continueBackward() {
    continueTo(false);
}

void MainWindow::continueTo(bool forward) {
    if (!focus_->hasRun()) return;
    playTimer_->stop();
    const Replay& rp = focus_->replay();
    const BreakpointSet set = bpModel_->enabledSet();
    const uint32_t to = forward ? set.next(rp, focus_->step()) : set.prev(rp, focus_->step());
    continuing_ = true;
    focus_->setStep(to);
    continuing_ = false;
    // Why it stopped: a report, a breakpoint (the first one the event hits), or the end.
    int row = -1;
    QString why;
    if (to > 0) {
        const Event& e = rp.event(to - 1);
        if (e.kind == EventKind::Report)
            why = u"stopped at "_s + focus_->session()->eventText(e);
        else if ((row = bpModel_->rowHitBy(e)) >= 0)
            why = u"breakpoint: "_s + bpModel_->label(row);
    }
    if (why.isEmpty())
        why = forward ? u"no breakpoint or report ahead: end of the run"_s
                      : u"no breakpoint or report before: start of the run"_s;
    bpModel_->setHitRow(row);
    note(why);
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
    // The chosen frame of the call stack, else the innermost one; syscall frames have no function.
    const QModelIndex cur = stack_->view()->currentIndex();
    QString fn = cur.isValid()
                     ? stack_->model()->index(cur.row(), CallStackModel::Function).data().toString()
                     : QString();
    if (fn.isEmpty() || fn.endsWith(u" (syscall)"_s)) {
        const QStringList frames = stack_->model()->functions();
        fn = frames.isEmpty() || frames.first().endsWith(u" (syscall)"_s) ? QString()
                                                                          : frames.first();
    }
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

// Event kinds and functions apply to every scenario; objects only to the run they were set in,
// so they are kept per scenario and design and checked by their label when restored.
QString MainWindow::objectBreakpointKey() const {
    const QString design = focus_->session() ? focus_->session()->design : QString();
    const QByteArray id = (currentName_ + u'\n' + design).toUtf8();
    return u"breakpoints/objects/"_s +
           QString::fromLatin1(QCryptographicHash::hash(id, QCryptographicHash::Sha1).toHex());
}

void MainWindow::saveBreakpoints() {
    if (!persistent_ || loadingBreakpoints_) return;
    QSettings settings;
    settings.setValue(u"breakpoints/list"_s, bpModel_->save(false));
    if (focus_->hasRun()) {
        const QStringList objects = bpModel_->save(true);
        if (objects.isEmpty())
            settings.remove(objectBreakpointKey());
        else
            settings.setValue(objectBreakpointKey(), objects);
    }
}

void MainWindow::restoreObjectBreakpoints() {
    loadingBreakpoints_ = true;
    bpModel_->keepObjectsOf(false);
    if (persistent_ && focus_->hasRun())
        bpModel_->restore(QSettings().value(objectBreakpointKey()).toStringList(), true);
    loadingBreakpoints_ = false;
}

// ---- branching ----

void MainWindow::updateTitle() {
    const Session* s = focus_->session();
    if (!s) return;
    QString title = currentName_ + u" — "_s + QString::fromStdString(s->run.design);
    if (!s->branches.empty()) title += u" — "_s + s->branchSummary();
    setWindowTitle(title + u" — dentryscope"_s);
}

void MainWindow::rebuildRunNextActions() {
    for (QAction* a : runNextActions_) {
        actions_.removeAll(a);
        removeAction(a);
        delete a;
    }
    runNextActions_.clear();
    runNext_->clear();
    if (!focus_->hasRun()) return;
    const Session& s = *focus_->session();
    for (size_t t = 0; t < s.run.taskNames.size() && t < 9; ++t) {
        const auto task = static_cast<TaskId>(t);
        const QString name = s.taskName(task);
        auto* a = new QAction(u"Run "_s + name + u" next"_s, this);
        a->setObjectName(u"actionRunNext"_s + QString::number(t));
        a->setCheckable(true);
        a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + int(t))));
        a->setShortcutContext(Qt::WindowShortcut);
        a->setStatusTip(u"Branch the run here: task "_s + name + u" runs the next event"_s);
        a->setToolTip(a->text() + u" ("_s + a->shortcut().toString(QKeySequence::NativeText) +
                      u")"_s);
        connect(a, &QAction::triggered, this, [this, task] { runNext(task); });
        runNextMenu_->addAction(a);
        addAction(a);
        actions_ << a;
        runNextActions_ << a;
        runNext_->addItem(name, int(t));
    }
    updateRunNext();
}

void MainWindow::updateRunNext() {
    const bool has = focus_->hasRun();
    const uint32_t k = focus_->step();
    const auto choice = has ? focus_->session()->choiceAt(k) : std::nullopt;
    const int next = has && k < focus_->steps() ? focus_->replay().event(k).task : -1;
    for (int t = 0; t < runNextActions_.size(); ++t) {
        QAction* a = runNextActions_[t];
        a->setChecked(t == next);
        a->setEnabled(choice && choice->canRun(t));
    }
    runNextMenu_->setEnabled(choice.has_value());
    runNext_->setEnabled(choice.has_value());
    const int i = runNext_->findData(next);
    runNext_->setCurrentIndex(i);
    runNext_->setToolTip(
        choice ? u"Tasks compete here: choose which one runs the next event (branches the run; "
                 u"Alt+1, Alt+2 … in the Branch menu)"_s
               : u"Which task runs the next event; no other task can run here (Ctrl+Shift+Right: "
                 u"next choice point)"_s);
}

bool MainWindow::runNext(TaskId task) {
    if (!focus_->hasRun()) return false;
    playTimer_->stop();
    const uint32_t k = focus_->step();
    if (k < focus_->steps() && focus_->replay().event(k).task == task)
        return true; // it does already
    QString error;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto branched = focus_->session()->branch(k, task, &error);
    QApplication::restoreOverrideCursor();
    if (!branched) {
        note(error);
        updateRunNext();
        return false;
    }
    history_.push_back(focus_->replaceSession(std::move(branched)));
    runReplaced();
    return true;
}

void MainWindow::undoBranch() {
    if (history_.empty()) return;
    playTimer_->stop();
    std::unique_ptr<Session> previous = std::move(history_.back());
    history_.pop_back();
    focus_->replaceSession(std::move(previous));
    runReplaced();
}

void MainWindow::runReplaced() {
    loadingBreakpoints_ = true;
    bpModel_->keepObjectsOf(true);
    loadingBreakpoints_ = false;
    action(u"actionUndoBranch"_s)->setEnabled(!history_.empty());
    updateTitle();
    const Session* s = focus_->session();
    note(s->branches.empty() ? u"back to the scenario's own schedule"_s : s->branchSummary());
}

void MainWindow::nextChoice() {
    if (!focus_->hasRun()) return;
    if (const auto k = scenario::nextChoice(focus_->session()->run, focus_->step()))
        focus_->setStep(*k);
    else
        note(u"no later step where another task could run"_s);
}

void MainWindow::prevChoice() {
    if (!focus_->hasRun()) return;
    if (const auto k = scenario::prevChoice(focus_->session()->run, focus_->step()))
        focus_->setStep(*k);
    else
        note(u"no earlier step where another task could run"_s);
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
