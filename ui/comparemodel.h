// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// One side of the compare view's dentry table: every dentry alive on either side at the aligned
// point, with this side's count and state, and what differs from the other side (DiffRole, and
// a background colour with a legend in the view). Rows are sorted by path, so both sides' tables
// line up row for row.

#include "export/compare.h"

#include <QAbstractTableModel>

#include <vector>

namespace ds::ui {

class CompareDentryModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Diff { Same, OnlyHere, Absent, Count, State };
    static constexpr int DiffRole = Qt::UserRole + 1; // Diff as int

    CompareDentryModel(int side, QObject* parent = nullptr)
        : QAbstractTableModel(parent), side_(side) {}

    void setRows(std::vector<exporter::DentryDiff> rows);
    Diff diffAt(int row) const;
    int differingRows() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    static QString diffText(Diff d);

private:
    int side_; // 0: A, 1: B
    std::vector<exporter::DentryDiff> rows_;
};

} // namespace ds::ui
