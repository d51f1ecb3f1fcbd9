// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The differences `conform` found between a real trace and the simulation of its syscalls, as a
// table (trace line, syscall, fact, real, simulated), the list the real-trace compare view shows.
// The rows of the aligned point being shown are marked (CurrentRole, and a background).

#include "import/conform.h"

#include <QAbstractTableModel>

namespace ds::ui {

class ConformDiffModel : public QAbstractTableModel {
    Q_OBJECT

public:
    static constexpr int CallRole = Qt::UserRole + 1;    // the call index (-1: end of trace)
    static constexpr int CurrentRole = Qt::UserRole + 2; // bool: of the call shown now

    explicit ConformDiffModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

    void setResult(const import::ConformResult* result);
    // The call whose differences are marked (-1 for the end of the trace).
    void setCurrentCall(int call);
    // The first row of `call`, -1 when it has no difference.
    int firstRowOf(int call) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    const import::ConformResult* result_ = nullptr;
    int current_ = -2; // none
};

} // namespace ds::ui
