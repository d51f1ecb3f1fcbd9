// SPDX-License-Identifier: GPL-2.0-or-later
#include "treepane.h"

#include "dentrytreemodel.h"
#include "focus.h"
#include "theme.h"

#include <QHeaderView>
#include <QPainter>
#include <QTreeView>
#include <QVBoxLayout>

#include <functional>

using namespace Qt::StringLiterals;

namespace ds::ui {

Legend::Legend(QWidget* parent) : QWidget(parent) {
    setObjectName(u"legend"_s);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    QString tip;
    for (int i = 0; i < kDentryStateCount; ++i) {
        const auto s = static_cast<DentryState>(i);
        tip += stateLine(s) + (i + 1 < kDentryStateCount ? u"\n"_s : QString());
    }
    setToolTip(tip + u'\n' + tr("highlighted rows changed at the last step"));
}

int Legend::layoutItems(int width, bool paint, QPainter* p) const {
    const QFontMetrics fm(font());
    const int h = fm.height() + 4;
    int x = 4, y = 2;
    auto item = [&](const QString& text, auto&& drawIcon) {
        const int w = 16 + fm.horizontalAdvance(text) + 14;
        if (x + w > width && x > 4) {
            x = 4;
            y += h;
        }
        if (paint) {
            drawIcon(QRectF(x, y + (h - 12) / 2.0, 12, 12));
            p->setPen(palette().color(QPalette::WindowText));
            p->drawText(QRect(x + 16, y, w - 16, h), Qt::AlignVCenter | Qt::AlignLeft, text);
        }
        x += w;
    };
    for (int i = 0; i < kDentryStateCount; ++i) {
        const auto s = static_cast<DentryState>(i);
        item(stateText(s), [&](const QRectF& r) { theme::drawStateShape(*p, r, s, palette()); });
    }
    item(tr("changed"),
         [&](const QRectF& r) { p->fillRect(r, theme::changedBackground(palette())); });
    return y + h + 2;
}

int Legend::heightForWidth(int w) const {
    return layoutItems(w, false, nullptr);
}
QSize Legend::sizeHint() const {
    return {300, heightForWidth(std::max(width(), 300))};
}

void Legend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    layoutItems(width(), true, &p);
}

TreePane::TreePane(Focus* focus, QWidget* parent)
    : QWidget(parent), focus_(focus), model_(new DentryTreeModel(focus, this)),
      view_(new QTreeView(this)) {
    setObjectName(u"treePane"_s);
    view_->setObjectName(u"dentryTree"_s);
    // The view moves its current row when rows go away; that is not the user choosing.
    connect(model_, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { syncing_ = true; });
    connect(model_, &QAbstractItemModel::rowsRemoved, this, [this] {
        syncing_ = false;
        followSelection();
    });
    connect(model_, &QAbstractItemModel::modelAboutToBeReset, this, [this] { syncing_ = true; });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] { syncing_ = false; });
    view_->setModel(model_);
    view_->setUniformRowHeights(true);
    view_->setAllColumnsShowFocus(true);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->header()->setStretchLastSection(true);
    view_->header()->setSectionResizeMode(DentryTreeModel::Name, QHeaderView::Interactive);
    view_->setColumnWidth(DentryTreeModel::Name, 230);
    view_->setColumnWidth(DentryTreeModel::Count, 50);
    view_->setColumnWidth(DentryTreeModel::State, 120);
    view_->setColumnWidth(DentryTreeModel::Inode, 55);
    view_->setColumnWidth(DentryTreeModel::Ino, 50);
    view_->setColumnWidth(DentryTreeModel::ICount, 55);
    auto* legend = new Legend(this);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->setSpacing(2);
    lay->addWidget(view_, 1);
    lay->addWidget(legend);

    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        view_->expandToDepth(2);
        followSelection();
    });
    connect(model_, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex& parent, int first, int last) {
                if (parent.isValid()) view_->expand(parent);
                // A new subtree comes in whole: open it a few levels deep (not the thousands of
                // files of a static tree).
                std::function<void(const QModelIndex&, int)> open = [&](const QModelIndex& i,
                                                                        int depth) {
                    if (depth <= 0 || model_->rowCount(i) > 400) return;
                    view_->expand(i);
                    for (int r = 0; r < model_->rowCount(i); ++r)
                        open(model_->index(r, 0, i), depth - 1);
                };
                for (int r = first; r <= last; ++r)
                    open(model_->index(r, 0, parent), 3);
                followSelection();
            });
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) {
                if (syncing_ || !cur.isValid()) return;
                focus_->setSelected(
                    static_cast<ObjId>(cur.data(DentryTreeModel::ObjIdRole).toUInt()));
            });
    connect(focus_, &Focus::selectionChanged, this, &TreePane::followSelection);
    connect(focus_, &Focus::stepChanged, this, &TreePane::revealChanged);
    view_->expandToDepth(2);
}

// The dentry the event just folded changed is opened to and scrolled into view (the selection
// stays): stepping by change never hides the change inside a collapsed node.
void TreePane::revealChanged() {
    const uint32_t k = focus_->step();
    if (!focus_->hasRun() || k == 0) return;
    const Event& e = focus_->replay().event(k - 1);
    if (e.okind != ObjKind::Dentry) return;
    const QModelIndex idx = model_->indexOf(e.obj);
    if (!idx.isValid()) return;
    for (QModelIndex p = idx.parent(); p.isValid(); p = p.parent())
        if (!view_->isExpanded(p)) view_->expand(p);
    view_->scrollTo(idx);
}

void TreePane::followSelection() {
    const QModelIndex idx = model_->indexOf(focus_->selected());
    syncing_ = true;
    if (idx.isValid()) {
        if (view_->currentIndex() != idx) view_->setCurrentIndex(idx);
        view_->scrollTo(idx);
    } else if (focus_->selected() != 0 || view_->currentIndex().isValid()) {
        if (!model_->contains(focus_->selected())) view_->selectionModel()->clearCurrentIndex();
    }
    syncing_ = false;
}

} // namespace ds::ui
