// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Every event of the run as a table (lazy: rows are formatted on demand). The model does not
// change while stepping: the view selects the row of the event just folded.

#include <QAbstractTableModel>

namespace ds::ui {

class Focus;

class EventLogModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Seq, Task, Kind, Object, A, B, Text, Source, ColumnCount };
    enum Role { SeqRole = Qt::UserRole + 1, ObjIdRole };

    explicit EventLogModel(Focus* focus, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    Focus* focus_;
    int rows_ = 0;
};

} // namespace ds::ui
