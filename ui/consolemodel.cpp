// SPDX-License-Identifier: GPL-2.0-or-later
#include "consolemodel.h"
#include "export/strace.h"

#include "session.h"
#include "theme.h"

#include <QApplication>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
QStringList reportParts(const Report& r) {
    return QString::fromStdString(r.text.empty() ? r.headline : r.text)
        .split(u'\n', Qt::SkipEmptyParts);
}
} // namespace

void ConsoleModel::setSession(const Session* ses) {
    beginResetModel();
    ses_ = ses;
    lines_.clear();
    shown_ = 0;
    if (ses) {
        const auto& run = ses->run;
        for (uint32_t i = 0; i < run.records.size(); ++i) {
            const auto& rec = run.records[i];
            // A call's line appears when it returns: that is when its result exists.
            const uint32_t seq = rec.exitSeq ? rec.exitSeq : rec.enterSeq;
            lines_.push_back({seq, i, -1, false});
            for (size_t l = 0; l < rec.lines.size(); ++l)
                lines_.push_back({seq, i, int32_t(l), false});
        }
        for (uint32_t i = 0; i < run.reports.size(); ++i) {
            const int parts = int(reportParts(run.reports[i]).size());
            for (int p = 0; p < parts; ++p)
                lines_.push_back({run.reports[i].seq, i, p, true});
        }
        std::stable_sort(lines_.begin(), lines_.end(),
                         [](const Line& a, const Line& b) { return a.seq < b.seq; });
    }
    endResetModel();
}

void ConsoleModel::showUpTo(uint32_t step) {
    // Only the lines whose event already happened (step k: events 0..k-1 done).
    const auto done = std::partition_point(lines_.begin(), lines_.end(),
                                           [step](const Line& l) { return l.seq < step; });
    const int shown = static_cast<int>(done - lines_.begin());
    if (shown < shown_) {
        beginRemoveRows({}, shown, shown_ - 1);
        shown_ = shown;
        endRemoveRows();
    } else if (shown > shown_) {
        beginInsertRows({}, shown_, shown - 1);
        shown_ = shown;
        endInsertRows();
    }
}

int ConsoleModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : shown_;
}

QString ConsoleModel::text(int row) const {
    const Line& l = lines_[size_t(row)];
    const auto& run = ses_->run;
    if (l.report) {
        const QStringList parts = reportParts(run.reports[l.source]);
        return (l.sub == 0 ? u"!! "_s : u"   "_s) + parts.value(l.sub);
    }
    const auto& rec = run.records[l.source];
    if (l.sub >= 0) return u"    "_s + QString::fromStdString(rec.lines[size_t(l.sub)]);
    QString t = u"["_s + ses_->taskName(rec.task) + u"] "_s;
    if (rec.name == "getdents64")
        t += QString::fromStdString(rec.name) + u'(' + QString::fromStdString(rec.args) +
             u") = "_s + QString::number(rec.ret);
    else // strace's text: dentry_state with its counters, stat with its result
        t += QString::fromStdString(exporter::formatSyscall(rec));
    if (!rec.entries.empty())
        t += u"   /* "_s + QString::number(rec.entries.size()) + u" entries */"_s;
    return t;
}

QVariant ConsoleModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= shown_ || !ses_) return {};
    const Line& l = lines_[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return text(index.row());
    case Qt::ToolTipRole:
        return tr("event #%1 — click to go there").arg(l.seq);
    case Qt::ForegroundRole:
        if (l.report) return theme::reportColor(QApplication::palette());
        return {};
    case SeqRole:
        return l.seq;
    case IsReportRole:
        return l.report;
    default:
        return {};
    }
}

} // namespace ds::ui
