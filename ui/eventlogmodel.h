#pragma once

// Every event of the run as a table (lazy: rows are formatted on demand). The event just folded
// at the current step is marked.

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
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onStep(uint32_t step, uint32_t previous);
    Focus* focus_;
    int rows_ = 0;
};

}  // namespace ds::ui
