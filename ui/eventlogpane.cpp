// SPDX-License-Identifier: GPL-2.0-or-later
#include "eventlogpane.h"

#include "eventlogmodel.h"
#include "focus.h"

#include <QEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ds::ui {

EventLogPane::EventLogPane(Focus* focus, QWidget* parent) : QWidget(parent), focus_(focus) {
    setObjectName(u"eventLogPane"_s);
    model_ = new EventLogModel(focus_, this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setDynamicSortFilter(false);
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
        u"Filter events (any column, e.g. d_instantiate, dentry #12, report)"_s);
    filter_->setClearButtonEnabled(true);
    filterTimer_ = new QTimer(this);
    filterTimer_->setSingleShot(true);
    filterTimer_->setInterval(250);
    connect(filter_, &QLineEdit::textChanged, filterTimer_, qOverload<>(&QTimer::start));
    connect(filterTimer_, &QTimer::timeout, this,
            [this] { proxy_->setFilterFixedString(filter_->text()); });
    connect(view_, &QTableView::clicked, this, [this](const QModelIndex& i) {
        const QModelIndex src = proxy_->mapToSource(i);
        focus_->setStep(src.data(EventLogModel::SeqRole).toUInt() + 1);
        if (const auto obj = static_cast<ObjId>(src.data(EventLogModel::ObjIdRole).toUInt()))
            focus_->setSelected(obj);
    });
    auto* ll = new QVBoxLayout(this);
    ll->setContentsMargins(2, 2, 2, 2);
    ll->addWidget(filter_);
    ll->addWidget(view_, 1);
    connect(focus_, &Focus::stepChanged, this, &EventLogPane::onStep);
}

void EventLogPane::onStep() {
    const uint32_t k = focus_->step();
    if (!focus_->hasRun() || k == 0) {
        view_->clearSelection();
        return;
    }
    // the event just folded (when the filter shows it)
    const QModelIndex row = proxy_->mapFromSource(model_->index(static_cast<int>(k - 1), 0));
    if (!row.isValid()) return;
    view_->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    view_->scrollTo(row, QAbstractItemView::PositionAtCenter);
    // Before the window is laid out the log has no height to scroll in: do it again then.
    scrollPending_ = !view_->isVisible();
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
