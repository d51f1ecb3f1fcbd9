// SPDX-License-Identifier: GPL-2.0-or-later
#include "logfiltermodel.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

namespace ds::ui {

LogFilterModel::LogFilterModel(QObject* parent)
    : QAbstractProxyModel(parent), timer_(new QTimer(this)) {
    timer_->setInterval(0);
    connect(timer_, &QTimer::timeout, this, [this] { scan(kSliceMs); });
}

void LogFilterModel::setSourceModel(QAbstractItemModel* source) {
    if (QAbstractItemModel* old = sourceModel()) disconnect(old, nullptr, this, nullptr);
    beginResetModel();
    QAbstractProxyModel::setSourceModel(source);
    rows_.clear();
    scanned_ = text_.isEmpty() ? sourceRows() : 0;
    endResetModel();
    if (!source) return;
    // The log only ever changes as a whole (another run): filter the new one.
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        timer_->stop();
        beginResetModel();
    });
    connect(source, &QAbstractItemModel::modelReset, this, [this] {
        rows_.clear();
        scanned_ = text_.isEmpty() ? sourceRows() : 0;
        endResetModel();
        if (isScanning()) timer_->start();
    });
}

int LogFilterModel::sourceRows() const {
    return sourceModel() ? sourceModel()->rowCount() : 0;
}

bool LogFilterModel::matches(int sourceRow) const {
    const QAbstractItemModel* m = sourceModel();
    for (int c = 0, n = m->columnCount(); c < n; ++c)
        if (m->index(sourceRow, c).data().toString().contains(text_, Qt::CaseInsensitive))
            return true;
    return false;
}

void LogFilterModel::restart(const QString& text) {
    timer_->stop();
    beginResetModel();
    text_ = text;
    rows_.clear();
    scanned_ = text_.isEmpty() ? sourceRows() : 0;
    endResetModel();
}

void LogFilterModel::setFilterFixedString(const QString& text) {
    restart(text);
    scan(-1);
}

void LogFilterModel::startFilter(const QString& text) {
    restart(text);
    if (isScanning()) timer_->start();
}

void LogFilterModel::scan(int budgetMs) {
    QElapsedTimer clock;
    clock.start();
    const int total = sourceRows();
    std::vector<int> found;
    while (scanned_ < total) {
        if (matches(scanned_)) found.push_back(scanned_);
        ++scanned_;
        if (budgetMs >= 0 && (scanned_ & 63) == 0 && clock.elapsed() >= budgetMs) break;
    }
    if (!found.empty()) {
        const int first = static_cast<int>(rows_.size());
        beginInsertRows({}, first, first + static_cast<int>(found.size()) - 1);
        rows_.insert(rows_.end(), found.begin(), found.end());
        endInsertRows();
    }
    if (scanned_ >= total) {
        timer_->stop();
        Q_EMIT scanFinished();
    }
}

int LogFilterModel::rowAtOrBefore(int sourceRow) const {
    if (text_.isEmpty()) return std::min(sourceRow, sourceRows() - 1);
    const auto it = std::upper_bound(rows_.begin(), rows_.end(), sourceRow);
    return static_cast<int>(it - rows_.begin()) - 1;
}

int LogFilterModel::nextMatch(int sourceRow) const {
    if (text_.isEmpty()) return sourceRow + 1 < sourceRows() ? sourceRow + 1 : -1;
    const auto it = std::upper_bound(rows_.begin(), rows_.end(), sourceRow);
    return it == rows_.end() ? -1 : *it;
}

int LogFilterModel::previousMatch(int sourceRow) const {
    if (text_.isEmpty()) return sourceRow > 0 ? sourceRow - 1 : -1;
    const auto it = std::lower_bound(rows_.begin(), rows_.end(), sourceRow);
    return it == rows_.begin() ? -1 : *(it - 1);
}

QModelIndex LogFilterModel::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex LogFilterModel::parent(const QModelIndex&) const {
    return {};
}

int LogFilterModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return text_.isEmpty() ? sourceRows() : static_cast<int>(rows_.size());
}

int LogFilterModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

QVariant LogFilterModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && sourceModel())
        return sourceModel()->headerData(section, orientation, role);
    return QAbstractProxyModel::headerData(section, orientation, role);
}

QModelIndex LogFilterModel::mapToSource(const QModelIndex& proxyIndex) const {
    if (!proxyIndex.isValid() || !sourceModel()) return {};
    const int row = text_.isEmpty() ? proxyIndex.row() : rows_[size_t(proxyIndex.row())];
    return sourceModel()->index(row, proxyIndex.column());
}

QModelIndex LogFilterModel::mapFromSource(const QModelIndex& sourceIndex) const {
    if (!sourceIndex.isValid()) return {};
    if (text_.isEmpty()) return index(sourceIndex.row(), sourceIndex.column());
    const auto it = std::lower_bound(rows_.begin(), rows_.end(), sourceIndex.row());
    if (it == rows_.end() || *it != sourceIndex.row()) return {};
    return index(static_cast<int>(it - rows_.begin()), sourceIndex.column());
}

} // namespace ds::ui
