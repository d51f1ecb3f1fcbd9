// SPDX-License-Identifier: GPL-2.0-or-later
#include "console.h"

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
        const uint32_t seq = rec.enterSeq;
        QString t = u"["_s + ses.taskName(rec.task) + u"] "_s + QString::fromStdString(rec.name) +
                    u'(' + QString::fromStdString(rec.args) + u") = "_s + QString::number(rec.ret);
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
    const QPalette pal = QApplication::palette();
    for (const Line& l : lines) {
        auto* it = new QStandardItem(l.text);
        it->setEditable(false);
        it->setData(l.seq, SeqRole);
        it->setData(l.report, IsReportRole);
        it->setToolTip(u"event #"_s + QString::number(l.seq) + u" — click to go there"_s);
        if (l.report) it->setForeground(theme::reportColor(pal));
        model_->appendRow(it);
        seqs_.push_back(l.seq);
    }
    follow();
}

void Console::follow() {
    // Mark the lines whose event already happened; keep the latest one in view.
    const auto done = std::lower_bound(seqs_.begin(), seqs_.end(), focus_->step());
    const int last = static_cast<int>(done - seqs_.begin()) - 1;
    if (last >= 0)
        view_->setCurrentIndex(model_->index(last, 0));
    else
        view_->clearSelection();
}

} // namespace ds::ui
