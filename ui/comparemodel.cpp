// SPDX-License-Identifier: GPL-2.0-or-later
#include "comparemodel.h"

#include "theme.h"

#include <QGuiApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

// The state core names (dentryClassName) in the window's words (stateText).
QString stateLabel(const std::string& name) {
    for (int i = 0; i < kDentryStateCount; ++i)
        if (dentryClassName(DentryState(i)) == name) return stateText(DentryState(i));
    return QString::fromStdString(name);
}

} // namespace

void CompareDentryModel::setRows(std::vector<exporter::DentryDiff> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

CompareDentryModel::Diff CompareDentryModel::diffAt(int row) const {
    const auto& d = rows_.at(static_cast<size_t>(row));
    const int mine = side_ == 0 ? d.countA : d.countB;
    const int theirs = side_ == 0 ? d.countB : d.countA;
    if (mine < 0) return Diff::Absent;
    if (theirs < 0) return Diff::OnlyHere;
    if (d.stateA != d.stateB) return Diff::State;
    if (d.countA != d.countB) return Diff::Count;
    return Diff::Same;
}

int CompareDentryModel::differingRows() const {
    int n = 0;
    for (int r = 0; r < rowCount(); ++r)
        n += diffAt(r) != Diff::Same;
    return n;
}

int CompareDentryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int CompareDentryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 3;
}

QString CompareDentryModel::diffText(Diff d) {
    switch (d) {
    case Diff::Same:
        return {};
    case Diff::OnlyHere:
        return tr("exists on this side only");
    case Diff::Absent:
        return tr("exists on the other side only");
    case Diff::Count:
        return tr("d_lockref.count differs");
    case Diff::State:
        return tr("state differs");
    }
    return {};
}

QVariant CompareDentryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& d = rows_[static_cast<size_t>(index.row())];
    const Diff diff = diffAt(index.row());
    const int count = side_ == 0 ? d.countA : d.countB;
    const std::string& state = side_ == 0 ? d.stateA : d.stateB;
    if (role == DiffRole) return static_cast<int>(diff);
    if (role == Qt::ToolTipRole) return diffText(diff);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case 0:
            return QString::fromStdString(d.path);
        case 1:
            return count < 0 ? u"—"_s : QString::number(count);
        case 2:
            return count < 0 ? tr("(absent)") : stateLabel(state);
        }
    }
    if (role == Qt::BackgroundRole && diff != Diff::Same) {
        const QPalette p = QGuiApplication::palette();
        const QColor base = p.color(QPalette::Base);
        switch (diff) {
        case Diff::OnlyHere:
            return theme::mix(base, QColor(0x2c, 0xa0, 0x2c), 0.35);
        case Diff::Absent:
            return theme::mix(base, p.color(QPalette::Mid), 0.5);
        case Diff::Count:
            return theme::mix(base, QColor(0xe6, 0xb4, 0x00), 0.4);
        case Diff::State:
            return theme::mix(base, QColor(0xd9, 0x5f, 0x02), 0.4);
        case Diff::Same:
            break;
        }
    }
    if (role == Qt::ForegroundRole && diff == Diff::Absent)
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    return {};
}

QVariant CompareDentryModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case 0:
        return tr("dentry");
    case 1:
        return tr("count");
    case 2:
        return tr("state");
    }
    return {};
}

} // namespace ds::ui
