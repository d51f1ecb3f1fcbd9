// SPDX-License-Identifier: GPL-2.0-or-later
#include "conformdiffmodel.h"

#include "theme.h"

#include <QGuiApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace ds::ui {

void ConformDiffModel::setResult(const import::ConformResult* result) {
    beginResetModel();
    result_ = result;
    endResetModel();
}

void ConformDiffModel::setCurrentCall(int call) {
    if (call == current_) return;
    current_ = call;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                           {Qt::BackgroundRole, Qt::FontRole, CurrentRole});
}

int ConformDiffModel::firstRowOf(int call) const {
    for (int r = 0; r < rowCount(); ++r)
        if (result_->diffs[size_t(r)].call == call) return r;
    return -1;
}

int ConformDiffModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !result_ ? 0 : static_cast<int>(result_->diffs.size());
}

int ConformDiffModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 5;
}

QVariant ConformDiffModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const import::ConformDiff& d = result_->diffs[size_t(index.row())];
    const bool current = d.call == current_;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case 0:
            return d.line;
        case 1:
            return QString::fromStdString(d.syscall);
        case 2:
            return QString::fromStdString(d.fact);
        case 3:
            return QString::fromStdString(d.real);
        case 4:
            return QString::fromStdString(d.sim);
        }
        return {};
    case CallRole:
        return d.call;
    case CurrentRole:
        return current;
    case Qt::BackgroundRole:
        if (!current) return {};
        return theme::mix(QGuiApplication::palette().color(QPalette::Base),
                          QColor(0xd9, 0x5f, 0x02), 0.3);
    case Qt::ToolTipRole:
        return tr("trace line %1: %2: real %3, %4 %5")
            .arg(d.line)
            .arg(QString::fromStdString(d.fact), QString::fromStdString(d.real),
                 QString::fromStdString(result_->design), QString::fromStdString(d.sim));
    }
    return {};
}

QVariant ConformDiffModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case 0:
        return tr("line");
    case 1:
        return tr("syscall");
    case 2:
        return tr("fact");
    case 3:
        return tr("real");
    case 4:
        return result_ ? QString::fromStdString(result_->design) : tr("simulated");
    }
    return {};
}

} // namespace ds::ui
