// SPDX-License-Identifier: GPL-2.0-or-later
#include "eventlogpane.h"

#include "eventlogmodel.h"
#include "focus.h"
#include "logfiltermodel.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

EventLogPane::EventLogPane(Focus* focus, QWidget* parent) : QWidget(parent), focus_(focus) {
    setObjectName(u"eventLogPane"_s);
    model_ = new EventLogModel(focus_, this);
    proxy_ = new LogFilterModel(this);
    proxy_->setSourceModel(model_);
    view_ = new QTableView(this);
    view_->setObjectName(u"eventLog"_s);
    view_->setModel(proxy_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setColumnWidth(EventLogModel::Seq, 60);
    view_->setColumnWidth(EventLogModel::Task, 50);
    view_->setColumnWidth(EventLogModel::Kind, 90);
    view_->setColumnWidth(EventLogModel::Object, 160);
    view_->setColumnWidth(EventLogModel::A, 45);
    view_->setColumnWidth(EventLogModel::B, 45);
    view_->setColumnWidth(EventLogModel::Text, 330);
    view_->viewport()->installEventFilter(this);
    filter_ = new QLineEdit(this);
    filter_->setObjectName(u"eventFilter"_s);
    filter_->setPlaceholderText(
        tr("Filter events (any column, e.g. d_instantiate, dentry #12, report)"));
    filter_->setClearButtonEnabled(true);
    filterTimer_ = new QTimer(this);
    filterTimer_->setSingleShot(true);
    filterTimer_->setInterval(250);
    connect(filter_, &QLineEdit::textChanged, filterTimer_, qOverload<>(&QTimer::start));
    connect(filterTimer_, &QTimer::timeout, this, [this] {
        proxy_->startFilter(filter_->text());
        onRowsFound();
    });
    scanLabel_ = new QLabel(this);
    scanLabel_->setObjectName(u"eventFilterProgress"_s);
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, &EventLogPane::onRowsFound);
    connect(proxy_, &LogFilterModel::scanFinished, this, &EventLogPane::onRowsFound);
    auto button = [this](const QString& text, const QString& name, const QKeySequence& key,
                         void (EventLogPane::*slot)()) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(text + u" ("_s + key.toString(QKeySequence::NativeText) + u')');
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        return b;
    };
    QToolButton* prev = button(tr("Previous match"), u"actionFindPrevious"_s,
                               QKeySequence(Qt::SHIFT | Qt::Key_F3), &EventLogPane::findPrevious);
    QToolButton* next = button(tr("Next match"), u"actionFindNext"_s, QKeySequence(Qt::Key_F3),
                               &EventLogPane::findNext);
    prev->setText(u"▲"_s); // untranslated: a glyph
    next->setText(u"▼"_s); // untranslated: a glyph
    connect(view_, &QTableView::clicked, this, [this](const QModelIndex& i) {
        const QModelIndex src = proxy_->mapToSource(i);
        focus_->setStep(src.data(EventLogModel::SeqRole).toUInt() + 1);
        if (const auto obj = static_cast<ObjId>(src.data(EventLogModel::ObjIdRole).toUInt()))
            focus_->setSelected(obj);
    });
    auto* ll = new QVBoxLayout(this);
    ll->setContentsMargins(2, 2, 2, 2);
    auto* row = new QHBoxLayout;
    row->addWidget(filter_, 1);
    row->addWidget(scanLabel_);
    row->addWidget(prev);
    row->addWidget(next);
    ll->addLayout(row);
    ll->addWidget(view_, 1);
    connect(focus_, &Focus::stepChanged, this, &EventLogPane::onStep);
}

void EventLogPane::onStep() {
    const uint32_t k = focus_->step();
    if (!focus_->hasRun() || k == 0) {
        view_->clearSelection();
        view_->scrollToTop();
        return;
    }
    // The event just folded, or under a filter that hides it the last shown event before it.
    const int shown = proxy_->rowAtOrBefore(static_cast<int>(k - 1));
    const QModelIndex row = proxy_->index(shown, 0);
    if (!row.isValid()) {
        view_->clearSelection();
        return;
    }
    view_->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    view_->scrollTo(row, QAbstractItemView::PositionAtCenter);
    // Before the window is laid out the log has no height to scroll in: do it again then.
    scrollPending_ = !view_->isVisible();
}

// Rows found by the filter: the current step's row (or the one before it) may be among them.
void EventLogPane::onRowsFound() {
    scanLabel_->setText(
        proxy_->isScanning()
            ? tr("filtering… %1%").arg(100LL * proxy_->scanned() / std::max(1, model_->rowCount()))
            : QString());
    const QModelIndex want =
        proxy_->index(proxy_->rowAtOrBefore(static_cast<int>(focus_->step()) - 1), 0);
    if (focus_->step() > 0 && want.isValid() && want.row() != view_->currentIndex().row()) onStep();
}

void EventLogPane::findNext() {
    if (!focus_->hasRun()) return;
    const int seq = proxy_->nextMatch(static_cast<int>(focus_->step()) - 1);
    if (seq >= 0) focus_->setStep(static_cast<uint32_t>(seq) + 1);
}

void EventLogPane::findPrevious() {
    if (!focus_->hasRun() || focus_->step() == 0) return;
    const int seq = proxy_->previousMatch(static_cast<int>(focus_->step()) - 1);
    if (seq >= 0) focus_->setStep(static_cast<uint32_t>(seq) + 1);
}

bool EventLogPane::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport() && event->type() == QEvent::Resize && scrollPending_) {
        scrollPending_ = !view_->isVisible();
        // Queued: the view takes its new size (and scroll range) after this filter.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (view_->currentIndex().isValid())
                    view_->scrollTo(view_->currentIndex(), QAbstractItemView::PositionAtCenter);
            },
            Qt::QueuedConnection);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace ds::ui
