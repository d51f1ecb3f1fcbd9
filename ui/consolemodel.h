// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The console's lines as a model: one row per line of the run up to the current step (a
// syscall's strace-like line when it returns, the lines it adds, a report's lines). Only where
// each line comes from is kept (16 bytes a line); its text is made when the view asks for it, so
// a run of 10M events opens without formatting 200,000 lines, and a step to the end of it adds
// rows without making an item for each.

#include <QAbstractListModel>

#include <cstdint>
#include <vector>

namespace ds::ui {

class Session;

class ConsoleModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role { SeqRole = Qt::UserRole + 1, IsReportRole };
    using QAbstractListModel::QAbstractListModel;

    // Every line of `ses`'s run (null: none), none of them shown yet.
    void setSession(const Session* ses);
    // Shows the lines of the events before `step`: rows come or go at the end.
    void showUpTo(uint32_t step);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QString text(int row) const;
    struct Line {
        uint32_t seq;    // the event the line belongs to; lines are in its order
        uint32_t source; // index into the run's records, or its reports
        int32_t sub;     // -1: the record's call; else its lines[sub], or the report's part
        bool report;
    };
    const Session* ses_ = nullptr;
    std::vector<Line> lines_;
    int shown_ = 0;
};

} // namespace ds::ui
