// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The event log's filter without freezing the window: a row matches when any column's text
// contains the filter (case-insensitive, as QSortFilterProxyModel's fixed-string filter). A
// million rows take seconds to format, so startFilter() scans them in slices of at most
// kSliceMs on the event loop and inserts the matches as they are found (in log order); the
// window stays responsive and the rows appear while it scans. setFilterFixedString() scans all
// at once, for scripts and tests. Without a filter the rows are the source's, one to one.

#include <QAbstractProxyModel>
#include <QString>

#include <vector>

class QTimer;

namespace ds::ui {

class LogFilterModel : public QAbstractProxyModel {
    Q_OBJECT

public:
    // The longest one slice of the scan runs before it gives the event loop back.
    static constexpr int kSliceMs = 10;

    explicit LogFilterModel(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* source) override;
    // Filters now, the whole log before it returns.
    void setFilterFixedString(const QString& text);
    // Filters in slices on the event loop; rows are inserted as they are found.
    void startFilter(const QString& text);
    QString filterText() const { return text_; }
    bool isScanning() const { return scanned_ < sourceRows(); }
    // How many source rows the scan has looked at (all of them once it is done).
    int scanned() const { return scanned_; }

    // The proxy row of the last matching source row at or before `sourceRow` (-1: none yet).
    int rowAtOrBefore(int sourceRow) const;
    // The first matching source row after / last before `sourceRow`, -1 when there is none (in
    // what has been scanned so far).
    int nextMatch(int sourceRow) const;
    int previousMatch(int sourceRow) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const override;
    // The source's column titles, also while no row matches.
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void scanFinished();

private:
    int sourceRows() const;
    bool matches(int sourceRow) const;
    // Scans on from scanned_ until the source ends or `budgetMs` is spent (<0: no limit).
    void scan(int budgetMs);
    void restart(const QString& text);

    QString text_;
    std::vector<int> rows_; // the matching source rows, ascending (with a filter)
    int scanned_ = 0;
    QTimer* timer_;
};

} // namespace ds::ui
