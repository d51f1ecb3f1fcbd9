// SPDX-License-Identifier: GPL-2.0-or-later
#include "console.h"
#include "export/strace.h"

#include "focus.h"
#include "theme.h"

#include <QApplication>
#include <QListView>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

Console::Console(Focus* focus, QWidget* parent)
    : QWidget(parent), focus_(focus), model_(new QStandardItemModel(this)),
      view_(new QListView(this)) {
    setObjectName(u"console"_s);
    view_->setObjectName(u"consoleView"_s);
    view_->setModel(model_);
    view_->setUniformItemSizes(true);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QFont mono(u"DejaVu Sans Mono"_s);
    mono.setStyleHint(QFont::Monospace);
    view_->setFont(mono);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addWidget(view_);
    connect(view_, &QListView::clicked, this,
            [this](const QModelIndex& i) { activateRow(i.row()); });
    connect(view_, &QListView::activated, this,
            [this](const QModelIndex& i) { activateRow(i.row()); });
    connect(focus_, &Focus::sessionChanged, this, &Console::rebuild);
    connect(focus_, &Focus::stepChanged, this, &Console::follow);
    rebuild();
}

void Console::activateRow(int row) {
    QStandardItem* it = model_->item(row);
    if (!it) return;
    focus_->setStep(it->data(SeqRole).toUInt() + 1);
}

void Console::rebuild() {
    model_->clear();
    seqs_.clear();
    lines_.clear();
    if (!focus_->hasRun()) return;
    const Session& ses = *focus_->session();
    const auto& run = ses.run;
    struct Line {
        uint32_t seq;
        int order;
        QString text;
        bool report;
    };
    std::vector<Line> lines;
    int order = 0;
    for (const auto& rec : run.records) {
        // A call's line appears when it returns: that is when its result exists.
        const uint32_t seq = rec.exitSeq ? rec.exitSeq : rec.enterSeq;
        QString t = u"["_s + ses.taskName(rec.task) + u"] "_s;
        if (rec.name == "getdents64")
            t += QString::fromStdString(rec.name) + u'(' + QString::fromStdString(rec.args) +
                 u") = "_s + QString::number(rec.ret);
        else // strace's text: dentry_state with its counters, stat with its result
            t += QString::fromStdString(exporter::formatSyscall(rec));
        if (!rec.entries.empty())
            t += u"   /* "_s + QString::number(rec.entries.size()) + u" entries */"_s;
        lines.push_back({seq, order++, t, false});
        for (const auto& l : rec.lines)
            lines.push_back({seq, order++, u"    "_s + QString::fromStdString(l), false});
    }
    for (const auto& r : run.reports) {
        const QString text = QString::fromStdString(r.text.empty() ? r.headline : r.text);
        const QStringList parts = text.split(u'\n', Qt::SkipEmptyParts);
        bool first = true;
        for (const QString& p : parts) {
            lines.push_back({r.seq, order++, (first ? u"!! "_s : u"   "_s) + p, true});
            first = false;
        }
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return a.seq < b.seq; });
    for (Line& l : lines) {
        seqs_.push_back(l.seq);
        lines_.push_back({std::move(l.text), l.report});
    }
    follow();
}

int Console::visibleRows() const {
    return model_->rowCount();
}

void Console::follow() {
    // Only the lines whose event already happened are in the model (step k: events 0..k-1
    // done), the latest in view. Rows are in event order: only the rows between the old and the
    // new boundary come or go.
    const auto done = std::lower_bound(seqs_.begin(), seqs_.end(), focus_->step());
    const int shown = static_cast<int>(done - seqs_.begin());
    const int rows = model_->rowCount();
    if (shown < rows) model_->removeRows(shown, rows - shown);
    const QPalette pal = QApplication::palette();
    for (int r = rows; r < shown; ++r) {
        auto* it = new QStandardItem(lines_[size_t(r)].text);
        it->setEditable(false);
        it->setData(seqs_[size_t(r)], SeqRole);
        it->setData(lines_[size_t(r)].report, IsReportRole);
        it->setToolTip(tr("event #%1 — click to go there").arg(seqs_[size_t(r)]));
        if (lines_[size_t(r)].report) it->setForeground(theme::reportColor(pal));
        model_->appendRow(it);
    }
    if (shown > 0) {
        view_->setCurrentIndex(model_->index(shown - 1, 0));
        view_->scrollTo(model_->index(shown - 1, 0));
    } else {
        view_->clearSelection();
    }
}

} // namespace ds::ui
