#include "mainwindow.h"

#include "callstack.h"
#include "console.h"
#include "dentrytreemodel.h"
#include "eventlogmodel.h"
#include "focus.h"
#include "inspector.h"
#include "timeline.h"
#include "tracefs/design.h"
#include "treepane.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
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
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr int kMaxRecent = 8;
const QString kOpenFileItem = u"\x01open"_s;
}  // namespace

MainWindow::MainWindow(bool persistent, QWidget* parent)
    : QMainWindow(parent), persistent_(persistent), focus_(new Focus(this)), playTimer_(new QTimer(this)) {
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
    connect(focus_, &Focus::stepChanged, this, &MainWindow::onStep);
    connect(focus_, &Focus::sessionChanged, this, &MainWindow::onSession);
    connect(playTimer_, &QTimer::timeout, this, &MainWindow::playTick);
    if (persistent_) {
        QSettings settings;
        restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
        restoreState(settings.value(u"window/state"_s).toByteArray());
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
    auto dock = [this](const QString& title, const QString& name, QWidget* w, Qt::DockWidgetArea area) {
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
    auto* sl = new QVBoxLayout(scenario);
    sl->setContentsMargins(2, 2, 2, 2);
    sl->addWidget(scenarioText_, 1);
    sl->addWidget(scenarioErrors_);
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
    logFilter_ = new QLineEdit(log);
    logFilter_->setObjectName(u"eventFilter"_s);
    logFilter_->setPlaceholderText(u"Filter events (any column, e.g. d_instantiate, dentry #12, report)"_s);
    logFilter_->setClearButtonEnabled(true);
    filterTimer_ = new QTimer(this);
    filterTimer_->setSingleShot(true);
    filterTimer_->setInterval(250);
    connect(logFilter_, &QLineEdit::textChanged, filterTimer_, qOverload<>(&QTimer::start));
    connect(filterTimer_, &QTimer::timeout, this, [this] { logProxy_->setFilterFixedString(logFilter_->text()); });
    connect(logView_, &QTableView::clicked, this, [this](const QModelIndex& i) {
        const QModelIndex src = logProxy_->mapToSource(i);
        focus_->setStep(src.data(EventLogModel::SeqRole).toUInt() + 1);
        if (const auto obj = static_cast<ObjId>(src.data(EventLogModel::ObjIdRole).toUInt())) focus_->setSelected(obj);
    });
    auto* ll = new QVBoxLayout(log);
    ll->setContentsMargins(2, 2, 2, 2);
    ll->addWidget(logFilter_);
    ll->addWidget(logView_, 1);
    auto* logDock = dock(u"Event log"_s, u"dockEventLog"_s, log, Qt::BottomDockWidgetArea);
    console_ = new Console(focus_, this);
    auto* consoleDock = dock(u"Console"_s, u"dockConsole"_s, console_, Qt::BottomDockWidgetArea);

    splitDockWidget(treeDock, scenarioDock, Qt::Vertical);
    splitDockWidget(stackDock, inspDock, Qt::Vertical);
    splitDockWidget(logDock, consoleDock, Qt::Horizontal);
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
    auto add = [&](const QString& text, const QString& name, const QKeySequence& key, void (MainWindow::*slot)(),
                   const QString& tip) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(text + u" ("_s + key.toString(QKeySequence::NativeText) + u")\n"_s + tip);
        a->setStatusTip(tip);
        connect(a, &QAction::triggered, this, slot);
        run->addAction(a);
        actions_ << a;
        addAction(a);
        return a;
    };
    add(u"Next event"_s, u"actionNext"_s, QKeySequence(Qt::Key_Right), &MainWindow::stepForward, u"Fold one more event"_s);
    add(u"Previous event"_s, u"actionPrev"_s, QKeySequence(Qt::Key_Left), &MainWindow::stepBack, u"Go back one event"_s);
    run->addSeparator();
    add(u"Step over"_s, u"actionStepOver"_s, QKeySequence(Qt::Key_F10), &MainWindow::stepOver,
        u"Next event of the same task, skipping the functions it calls"_s);
    add(u"Step out"_s, u"actionStepOut"_s, QKeySequence(Qt::SHIFT | Qt::Key_F11), &MainWindow::stepOut,
        u"Until the current function returns"_s);
    add(u"Next syscall"_s, u"actionNextSyscall"_s, QKeySequence(Qt::CTRL | Qt::Key_Right), &MainWindow::nextSyscall,
        u"Just after the next system call starts"_s);
    add(u"Previous syscall"_s, u"actionPrevSyscall"_s, QKeySequence(Qt::CTRL | Qt::Key_Left), &MainWindow::prevSyscall,
        u"Just after the previous system call started"_s);
    run->addSeparator();
    add(u"Run to next BUG/WARN"_s, u"actionRunToBug"_s, QKeySequence(Qt::Key_F9), &MainWindow::runToReport,
        u"Run until the next oops, WARN, KASAN or leak report"_s);
    add(u"Back to previous BUG/WARN"_s, u"actionBackToBug"_s, QKeySequence(Qt::SHIFT | Qt::Key_F9), &MainWindow::backToReport,
        u"Run backwards to the previous report"_s);
    add(u"Next event of selected object"_s, u"actionNextOfObject"_s, QKeySequence(Qt::Key_Period), &MainWindow::nextOfSelected,
        u"Next event that touches the selected object"_s);
    add(u"Previous event of selected object"_s, u"actionPrevOfObject"_s, QKeySequence(Qt::Key_Comma),
        &MainWindow::prevOfSelected, u"Previous event that touched the selected object"_s);
    run->addSeparator();
    add(u"First step"_s, u"actionFirst"_s, QKeySequence(Qt::Key_Home), &MainWindow::first, u"Before the first event"_s);
    add(u"Last step"_s, u"actionLast"_s, QKeySequence(Qt::Key_End), &MainWindow::last, u"After the last event"_s);
    add(u"Jump to step…"_s, u"actionJump"_s, QKeySequence(Qt::CTRL | Qt::Key_G), &MainWindow::jumpToStep,
        u"Go to a step by number"_s);
    add(u"Play / pause"_s, u"actionPlay"_s, QKeySequence(Qt::Key_Space), &MainWindow::togglePlay,
        u"Step forwards at the chosen speed"_s);

    QMenu* view = menuBar()->addMenu(u"&View"_s);
    for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    auto* keys = view->addAction(u"Timeline keys: W/S zoom, A/D pan, F fit, Shift+F fit selection, wheel zoom, drag pan"_s);
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
    for (const char* name : {"actionFirst", "actionPrevSyscall", "actionPrev", "actionNext", "actionStepOver",
                             "actionStepOut", "actionNextSyscall", "actionRunToBug", "actionLast", "actionPlay"})
        tb->addAction(action(QString::fromLatin1(name)));
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
    connect(slider_, &QSlider::valueChanged, this, [this](int v) { focus_->setStep(static_cast<uint32_t>(v)); });
    connect(scenarioPicker_, &QComboBox::activated, this, [this](int i) {
        const QString v = scenarioPicker_->itemData(i).toString();
        if (v == kOpenFileItem) {
            openFileDialog();
            return;
        }
        if (!v.isEmpty()) openScenario(v, designPicker_->currentData().toString());
    });
    connect(designPicker_, &QComboBox::activated, this, [this](int) {
        if (!currentName_.isEmpty()) openScenario(currentName_, designPicker_->currentData().toString());
    });
}

void MainWindow::fillScenarioPicker() {
    updatingPickers_ = true;
    scenarioPicker_->clear();
    for (const auto& [name, desc] : scenario::builtinScenarios()) {
        scenarioPicker_->addItem(QString::fromStdString(name), QString::fromStdString(name));
        scenarioPicker_->setItemData(scenarioPicker_->count() - 1, QString::fromStdString(desc), Qt::ToolTipRole);
    }
    if (persistent_) {
        const QStringList recent = QSettings().value(u"recentFiles"_s).toStringList();
        if (!recent.isEmpty()) scenarioPicker_->insertSeparator(scenarioPicker_->count());
        for (const QString& r : recent) scenarioPicker_->addItem(QFileInfo(r).fileName(), r);
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
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(u"recentFiles"_s, recent);
}

void MainWindow::openFileDialog() {
    const QString path = QFileDialog::getOpenFileName(this, u"Open scenario"_s, QString(),
                                                      u"Scenarios (*.scn);;All files (*)"_s);
    if (!path.isEmpty()) openScenario(path, designPicker_->currentData().toString());
    else fillScenarioPicker();
}

bool MainWindow::openScenario(const QString& nameOrPath, const QString& design, QString* error, bool* unknown) {
    playTimer_->stop();
    QString err, text;
    bool isUnknown = false;
    auto session = Session::load(nameOrPath, design, &err, &isUnknown, &text);
    if (unknown) *unknown = isUnknown;
    if (error) *error = err;
    currentName_ = nameOrPath;
    scenarioText_->setPlainText(text);
    if (!session) {
        scenarioErrors_->setPlainText(err);
        scenarioErrors_->show();
        focus_->setSession(nullptr);
        setWindowTitle(nameOrPath + u" — error — dentryscope"_s);
        // Mark the first error line.
        const QRegularExpression re(u":(\\d+):(\\d+): error"_s);
        const auto m = re.match(err);
        if (m.hasMatch()) {
            QTextEdit::ExtraSelection sel;
            sel.cursor = QTextCursor(scenarioText_->document()->findBlockByNumber(m.captured(1).toInt() - 1));
            sel.format.setBackground(theme::mix(palette().color(QPalette::Base), theme::reportColor(palette()), 0.3));
            sel.format.setProperty(QTextFormat::FullWidthSelection, true);
            scenarioText_->setExtraSelections({sel});
        }
        return false;
    }
    scenarioErrors_->clear();
    scenarioErrors_->hide();
    scenarioText_->setExtraSelections({});
    if (QFileInfo(nameOrPath).isFile()) addRecent(QFileInfo(nameOrPath).absoluteFilePath());
    const QString title = nameOrPath + u" — "_s + QString::fromStdString(session->run.design) + u" — dentryscope"_s;
    focus_->setSession(std::move(session));
    setWindowTitle(title);
    fillScenarioPicker();
    int i = scenarioPicker_->findData(nameOrPath);
    if (i < 0 && QFileInfo(nameOrPath).isFile()) i = scenarioPicker_->findData(QFileInfo(nameOrPath).absoluteFilePath());
    if (i < 0) {  // a file not in the recent list (settings off): show it anyway
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
    onStep();
}

void MainWindow::onStep() {
    const uint32_t k = focus_->step();
    slider_->blockSignals(true);
    slider_->setValue(static_cast<int>(k));
    slider_->blockSignals(false);
    stepLabel_->setText(u"step "_s + QString::number(k) + u" / "_s + QString::number(focus_->steps()));
    if (!focus_->hasRun() || k == 0) {
        logView_->clearSelection();
        eventLabel_->setText(focus_->hasRun() ? u"Before the first event"_s : u"No run loaded"_s);
        return;
    }
    const Event& e = focus_->replay().event(k - 1);
    const Session& s = *focus_->session();
    eventLabel_->setText(u"#"_s + QString::number(e.seq) + u" ["_s + s.taskName(e.task) + u"] "_s + s.eventText(e) +
                         u"    — "_s + s.sourceText(e.src));
    // the event log selects the event just folded (when the filter shows it)
    const QModelIndex row = logProxy_->mapFromSource(logModel_->index(static_cast<int>(k - 1), 0));
    if (row.isValid()) {
        syncingLog_ = true;
        logView_->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        logView_->scrollTo(row, QAbstractItemView::PositionAtCenter);
        syncingLog_ = false;
    }
    // keep the cursor inside the timeline window
    if (k < focus_->windowStart() || k > focus_->windowEnd()) {
        const double span = focus_->windowEnd() - focus_->windowStart();
        focus_->setWindow(k - span / 2, k + span / 2);
    }
}

void MainWindow::stepForward() { focus_->setStep(focus_->step() + 1); }
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
void MainWindow::first() { focus_->setStep(0); }
void MainWindow::last() { focus_->setStep(focus_->steps()); }

void MainWindow::jumpToStep() {
    if (!focus_->hasRun()) return;
    bool ok = false;
    const int k = QInputDialog::getInt(this, u"Jump to step"_s, u"Step (0 – %1):"_s.arg(focus_->steps()),
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

}  // namespace ds::ui
