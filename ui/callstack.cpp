// SPDX-License-Identifier: GPL-2.0-or-later
#include "callstack.h"
#include "explain/kernel_source.h"

#include "focus.h"
#include "theme.h"
#include "trace/symbols.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBlock>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ds::ui {

CallStackModel::CallStackModel(Focus* focus, QObject* parent)
    : QAbstractTableModel(parent), focus_(focus) {
    connect(focus_, &Focus::sessionChanged, this, &CallStackModel::refresh);
    connect(focus_, &Focus::stepChanged, this, &CallStackModel::refresh);
    connect(focus_, &Focus::taskChanged, this, &CallStackModel::refresh);
    refresh();
}

int CallStackModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(frames_.size());
}
int CallStackModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CallStackModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Function:
        return tr("Function");
    case Source:
        return tr("Engine source");
    default:
        return tr("Kernel source");
    }
}

QVariant CallStackModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Frame& f = frames_[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Function) return f.function;
        if (index.column() == Kernel) return f.kernel;
        return focus_->hasRun() ? focus_->session()->sourceText(f.src) : QString();
    case Qt::ToolTipRole:
        return f.syscall ? tr("system call") : tr("entered at event #%1").arg(f.enterSeq);
    case Qt::FontRole:
        if (index.row() == 0 && index.column() == Function) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case SrcRole:
        return static_cast<uint>(f.src);
    case EnterSeqRole:
        return static_cast<uint>(f.enterSeq);
    case SyscallRole:
        return f.syscall;
    default:
        return {};
    }
}

QStringList CallStackModel::functions() const {
    QStringList out;
    for (const Frame& f : frames_)
        out << f.function;
    return out;
}

void CallStackModel::refresh() {
    std::vector<Frame> frames;
    if (focus_->hasRun()) {
        const Replay& rp = focus_->replay();
        const TaskId t = focus_->task();
        const TaskRun& run = focus_->state().task(t);
        const std::vector<uint32_t> stack = rp.stack(run.node);
        // A real trace with `=> func` lines: the kernel's own stack at the last event, as recorded.
        const import::RealTrace* real = focus_->session()->real.get();
        const uint32_t last = focus_->step() ? focus_->step() - 1 : 0;
        if (real && focus_->step() && last < real->stack.size() && real->stack[last] >= 0 &&
            rp.event(last).task == t) {
            for (const std::string& fn : real->stacks[static_cast<size_t>(real->stack[last])]) {
                Frame f;
                f.function = tr("%1 (recorded)").arg(QString::fromStdString(fn));
                f.enterSeq = last;
                frames.push_back(f);
            }
        }
        const bool recorded = !frames.empty(); // then it has every frame the replay knows
        for (size_t i = 0; i < stack.size() && !recorded; ++i) {
            const CallFrame& c = rp.call(stack[i]);
            Frame f;
            f.function = focus_->session()->symbolText(c.fn);
            // the kernel line a frame shows depends on the call it is making
            f.kernel = QString::fromStdString(explain::kernelSourceText(
                symbol(c.fn), i == 0 ? std::string_view() : symbol(rp.call(stack[i - 1]).fn),
                focus_->session()->run.design));
            f.enterSeq = c.enterSeq;
            f.src = i == 0 ? run.lastSrc : rp.call(stack[i - 1]).callSite;
            if (!f.src) f.src = c.enterSrc;
            frames.push_back(f);
        }
        if (run.syscall != kNever) {
            const SyscallSpan& sc = rp.syscalls()[run.syscall];
            Frame f;
            f.function = tr("%1 (syscall)").arg(focus_->session()->symbolText(sc.name));
            f.enterSeq = sc.enterSeq;
            f.src = rp.event(sc.enterSeq).src;
            f.syscall = true;
            frames.push_back(f);
        }
    }
    beginResetModel();
    frames_ = std::move(frames);
    endResetModel();
}

CallStackPane::CallStackPane(Focus* focus, QWidget* parent)
    : QWidget(parent), focus_(focus), model_(new CallStackModel(focus, this)),
      header_(new QLabel(this)), tasks_(new QComboBox(this)), view_(new QTreeView(this)),
      source_(new QPlainTextEdit(this)), message_(newDocument()) {
    setObjectName(u"callStackPane"_s);
    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(header_, 1);
    top->addWidget(tasks_);
    tasks_->setObjectName(u"taskChooser"_s);
    tasks_->setToolTip(tr("Which task's stack to show"));
    header_->setTextFormat(Qt::PlainText);
    // the state text changes per step; it must not resize the dock
    header_->setSizePolicy(QSizePolicy::Ignored, header_->sizePolicy().verticalPolicy());
    view_->setModel(model_);
    view_->setRootIsDecorated(false);
    view_->setUniformRowHeights(true);
    view_->setObjectName(u"callStackView"_s);
    view_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    source_->setReadOnly(true);
    source_->setLineWrapMode(QPlainTextEdit::NoWrap);
    source_->setObjectName(u"sourceView"_s);
    QFont mono(u"DejaVu Sans Mono"_s);
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(font().pointSizeF() * 0.95);
    source_->setFont(mono);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(view_);
    split->addWidget(source_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addLayout(top);
    lay->addWidget(split, 1);

    source_->viewport()->installEventFilter(this);
    connect(model_, &QAbstractItemModel::modelReset, this, &CallStackPane::refresh);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) {
                if (cur.isValid()) {
                    selectedRow_ = cur.row();
                    showFrame(cur.row());
                }
            });
    connect(focus_, &Focus::sessionChanged, this, &CallStackPane::refillTasks);
    connect(tasks_, &QComboBox::activated, this, [this](int i) {
        focus_->setChosenTask(static_cast<TaskId>(tasks_->itemData(i).toInt()));
    });
    refillTasks();
    refresh();
}

bool CallStackPane::eventFilter(QObject* watched, QEvent* event) {
    if (watched == source_->viewport() && event->type() == QEvent::Resize && centerPending_) {
        centerPending_ = !source_->isVisible();
        // Queued: the editor takes its new size after this filter.
        QMetaObject::invokeMethod(source_, &QPlainTextEdit::centerCursor, Qt::QueuedConnection);
    }
    return QWidget::eventFilter(watched, event);
}

void CallStackPane::refillTasks() {
    tasks_->clear();
    tasks_->addItem(tr("current task"), int(kNoTask));
    if (focus_->hasRun())
        for (size_t t = 0; t < focus_->replay().taskCount(); ++t)
            tasks_->addItem(tr("task %1").arg(focus_->session()->taskName(static_cast<TaskId>(t))),
                            int(t));
}

QString CallStackPane::headerText() const {
    return header_->text();
}

QString CallStackPane::chosenFunction() const {
    // Syscall frames have no function.
    const QModelIndex cur = view_->currentIndex();
    QModelIndex at = cur.isValid() ? model_->index(cur.row(), CallStackModel::Function) : cur;
    if (!at.isValid() || at.data(CallStackModel::SyscallRole).toBool() ||
        at.data().toString().isEmpty())
        at = model_->index(0, CallStackModel::Function);
    if (!at.isValid() || at.data(CallStackModel::SyscallRole).toBool()) return {};
    return at.data().toString();
}

void CallStackPane::refresh() {
    if (!focus_->hasRun()) {
        header_->setText(tr("No run"));
        showMessage(QString());
        return;
    }
    const TaskId t = focus_->task();
    const TaskRun& run = focus_->state().task(t);
    // From its BUG report to its task_exit (do_exit closing its files) the task is dying.
    const uint32_t k = focus_->step();
    bool oopsing = false;
    for (uint32_t seq : focus_->replay().reportSeqs()) {
        if (seq >= k) break;
        const Report* r = focus_->session()->reportAt(seq);
        oopsing |= r && r->kind == Report::Kind::Bug && r->task == t;
    }
    QString state = run.died        ? tr("died (BUG)")
                    : oopsing       ? tr("oops (dying)")
                    : run.exited    ? tr("exited")
                    : run.blockedOn ? tr("blocked on a lock")
                    : run.waitingOn ? tr("waiting for a lookup")
                                    : tr("running");
    header_->setText(tr("Task %1 — %2").arg(focus_->session()->taskName(t), state));
    if (model_->rowCount() == 0) {
        showMessage(tr("(no kernel frame at this step)"));
        return;
    }
    const int row = std::min(selectedRow_, model_->rowCount() - 1);
    view_->setCurrentIndex(model_->index(row, 0));
    showFrame(row);
}

void CallStackPane::showFrame(int row) {
    showSource(static_cast<SrcId>(model_->index(row, 0).data(CallStackModel::SrcRole).toUInt()));
}

// Documents live in the pane, not in the editor (which would delete its own on a switch).
QTextDocument* CallStackPane::newDocument() {
    auto* doc = new QTextDocument(this);
    doc->setDocumentLayout(new QPlainTextDocumentLayout(doc));
    doc->setUndoRedoEnabled(false);
    return doc;
}

void CallStackPane::setDocument(QTextDocument* doc) {
    if (doc->defaultFont() != source_->font()) doc->setDefaultFont(source_->font());
    if (source_->document() != doc) source_->setDocument(doc);
}

void CallStackPane::showMessage(const QString& text) {
    message_->setPlainText(text);
    setDocument(message_);
    source_->setExtraSelections({});
    shownFile_.clear();
    shownLine_ = 0;
}

// One document per engine source file, read and split into blocks once: a step that moves the
// current line into another file (a callee, then back in the caller) only swaps documents.
QTextDocument* CallStackPane::sourceDocument(const QString& file) {
    if (QTextDocument* doc = sources_.value(file)) return doc;
    QTextDocument* doc = newDocument();
    QFile f(u":/source/"_s + file); // compiled in (ui/CMakeLists.txt)
    doc->setPlainText(f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll())
                                                  : tr("(source not found: %1)").arg(file));
    doc->setMetaInformation(QTextDocument::DocumentTitle, file);
    sources_.insert(file, doc);
    return doc;
}

void CallStackPane::showSource(SrcId src) {
    if (!src) return;
    const SourceLoc& loc = sourceLoc(src);
    const QString file = QString::fromStdString(loc.file);
    const int line = static_cast<int>(loc.line);
    if (file == shownFile_ && line == shownLine_) return; // most steps stay on the same line
    if (file != shownFile_) {
        setDocument(sourceDocument(file));
        shownFile_ = file;
    }
    shownLine_ = line;
    QList<QTextEdit::ExtraSelection> marks;
    const QTextBlock block = source_->document()->findBlockByNumber(line - 1);
    if (block.isValid()) {
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(block);
        sel.format.setBackground(theme::changedBackground(palette()));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks << sel;
        source_->setTextCursor(QTextCursor(block));
        source_->centerCursor();
        // Before the window is laid out the view has no height to centre in: do it again then.
        centerPending_ = !source_->isVisible();
    }
    source_->setExtraSelections(marks);
    source_->setToolTip(file + u':' + QString::number(line));
}

} // namespace ds::ui
