// SPDX-License-Identifier: GPL-2.0-or-later
#include "console.h"

#include "focus.h"

#include <QListView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ds::ui {

Console::Console(Focus* focus, QWidget* parent)
    : QWidget(parent), focus_(focus), model_(new ConsoleModel(this)), view_(new QListView(this)) {
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
    const QModelIndex i = model_->index(row, 0);
    if (!i.isValid()) return;
    focus_->setStep(i.data(SeqRole).toUInt() + 1);
}

void Console::rebuild() {
    model_->setSession(focus_->hasRun() ? focus_->session() : nullptr);
    follow();
}

int Console::visibleRows() const {
    return model_->rowCount();
}

void Console::follow() {
    // Only the lines whose event already happened are shown, the latest in view; rows come or
    // go at the end.
    model_->showUpTo(focus_->hasRun() ? focus_->step() : 0);
    const int shown = model_->rowCount();
    if (shown > 0) {
        view_->setCurrentIndex(model_->index(shown - 1, 0));
        view_->scrollTo(model_->index(shown - 1, 0));
    } else {
        view_->clearSelection();
    }
}

} // namespace ds::ui
