// SPDX-License-Identifier: GPL-2.0-or-later
#include "dentrytreemodel.h"

#include "explain/text.h"
#include "focus.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

DentryTreeModel::DentryTreeModel(Focus* focus, QObject* parent)
    : QAbstractItemModel(parent), focus_(focus) {
    connect(focus_, &Focus::sessionChanged, this, &DentryTreeModel::reset);
    connect(focus_, &Focus::stepChanged, this, &DentryTreeModel::refresh);
    reset();
}

std::vector<ObjId>& DentryTreeModel::childrenOf(ObjId parent) {
    return parent ? nodes_.at(parent).children : roots_;
}

const std::vector<ObjId>* DentryTreeModel::childrenOf(ObjId parent) const {
    if (!parent) return &roots_;
    auto it = nodes_.find(parent);
    return it == nodes_.end() ? nullptr : &it->second.children;
}

QModelIndex DentryTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= ColumnCount || row < 0) return {};
    if (parent.isValid() && parent.column() != 0) return {};
    const auto* list = childrenOf(parent.isValid() ? static_cast<ObjId>(parent.internalId()) : 0);
    if (!list || row >= static_cast<int>(list->size())) return {};
    return createIndex(row, column, quintptr((*list)[size_t(row)]));
}

QModelIndex DentryTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    auto it = nodes_.find(static_cast<ObjId>(child.internalId()));
    if (it == nodes_.end() || it->second.parent == 0) return {};
    const ObjId p = it->second.parent;
    return createIndex(nodes_.at(p).row, 0, quintptr(p));
}

int DentryTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    const auto* list = childrenOf(parent.isValid() ? static_cast<ObjId>(parent.internalId()) : 0);
    return list ? static_cast<int>(list->size()) : 0;
}

int DentryTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QModelIndex DentryTreeModel::indexOf(ObjId id, int column) const {
    auto it = nodes_.find(id);
    if (it == nodes_.end()) return {};
    return createIndex(it->second.row, column, quintptr(id));
}

int DentryTreeModel::changedCount() const {
    int n = 0;
    for (const auto& [id, node] : nodes_)
        n += node.changed ? 1 : 0;
    return n;
}

QVariant DentryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name:
            return tr("Name");
        case Count:
            return tr("Count");
        case State:
            return tr("State");
        case Inode:
            return tr("Inode");
        case Ino:
            return u"i_ino"_s;
        case ICount:
            return u"i_count"_s;
        case Ei:
            return u"eventfs_inode"_s;
        default:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case Count:
            return tr("d_lockref.count");
        case Inode:
            return tr("the inode object (d_inode)");
        case Ino:
            return tr("i_ino of d_inode");
        case ICount:
            return tr("i_count of d_inode");
        case Ei:
            return tr("d_fsdata: the eventfs_inode behind the dentry");
        default:
            break;
        }
    }
    return {};
}

QVariant DentryTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const ObjId id = static_cast<ObjId>(index.internalId());
    auto it = nodes_.find(id);
    if (it == nodes_.end()) return {};
    const Node& n = it->second;
    const Row& r = n.data;
    const QPalette pal = QApplication::palette();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: {
            const QString name =
                focus_->hasRun() ? focus_->session()->symbolText(r.name) : QString();
            return name.isEmpty() ? u"/"_s : name;
        }
        case Count:
            return r.count;
        case State:
            return stateText(r.state);
        case Inode:
            return r.inode ? QVariant(u"#"_s + QString::number(r.inode)) : QVariant(u"—"_s);
        case Ino:
            return r.inode ? QVariant(r.ino) : QVariant();
        case ICount:
            return r.inode ? QVariant(r.icount) : QVariant();
        case Ei:
            if (!r.ei || !focus_->hasRun()) return {};
            return QString(focus_->session()->objectName(r.ei) + u" #"_s + QString::number(r.ei));
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (index.column() == State) return theme::stateIcon(r.state, pal);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == State) return stateLine(r.state);
        return tr("dentry #%1").arg(id);
    case Qt::BackgroundRole:
        if (n.changed) return theme::changedBackground(pal);
        return {};
    case Qt::ForegroundRole:
        if (r.state == DentryState::Freed) return pal.color(QPalette::Disabled, QPalette::Text);
        if (index.column() == State) return theme::stateColor(r.state, pal);
        return {};
    case Qt::FontRole:
        if (r.state == DentryState::Freed || r.state == DentryState::Killed) {
            QFont f;
            f.setItalic(true);
            f.setStrikeOut(r.state == DentryState::Freed);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Count || index.column() == Ino || index.column() == ICount)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ObjIdRole:
        return QVariant::fromValue(static_cast<uint>(id));
    case StateRole:
        return static_cast<int>(r.state);
    case ChangedRole:
        return n.changed;
    case PathRole:
        return focus_->hasRun() ? focus_->session()->dentryPath(id, focus_->state()) : QString();
    default:
        return {};
    }
}

DentryTreeModel::Row DentryTreeModel::rowData(ObjId id, const StateAt& s, uint32_t step) const {
    Row r;
    const ObjState& o = s.obj(id);
    r.name = o.name;
    r.count = o.count;
    r.state = dentryState(o, focus_->replay().isGhost(id, step));
    r.inode = o.inode;
    if (o.inode) {
        const ObjState& in = s.obj(o.inode);
        r.ino = in.ino;
        r.icount = in.count;
    }
    r.ei = o.fsdata;
    return r;
}

bool DentryTreeModel::changedAt(ObjId id, const Row& now) const {
    if (!hasPrev_) return false;
    const ObjState& before = prev_.obj(id);
    const uint32_t prevStep = prev_.step();
    if (before.kind != ObjKind::Dentry ||
        !(before.alive() || focus_->replay().isGhost(id, prevStep)))
        return true;
    return !(rowData(id, prev_, prevStep) == now);
}

bool DentryTreeModel::visible(ObjId id) const {
    const ObjState& o = focus_->state().obj(id);
    return o.kind == ObjKind::Dentry && (o.alive() || focus_->replay().isGhost(id, focus_->step()));
}

ObjId DentryTreeModel::rowParent(ObjId id) const {
    ObjId p = focus_->state().obj(id).parent;
    if (p == 0) p = parentToBe(id);
    return p == id || (p && !visible(p)) ? 0 : p;
}

// __d_alloc makes a dentry its own parent (the kernel's IS_ROOT) until d_alloc (or
// d_alloc_cursor) pins the directory, the very next event of the task, and links the child to
// it. Its row goes under that directory from the start instead of flashing at the top level
// for those two events; the inspector still says d_parent is the dentry itself.
ObjId DentryTreeModel::parentToBe(ObjId id) const {
    const Replay& rp = focus_->replay();
    const uint32_t alloc = rp.lifespan(id).allocSeq;
    if (alloc == kNever || alloc + 1 >= rp.size()) return 0;
    const Event& a = rp.event(alloc);
    const Event& pin = rp.event(alloc + 1);
    const bool pinsParent = pin.kind == EventKind::Get && pin.okind == ObjKind::Dentry &&
                            pin.task == a.task && explain::text::isPin(pin);
    return pinsParent ? pin.obj : 0;
}

// On-list children first (newest first), then the rest (cursors, dentries being killed, ghosts,
// just-allocated ones not linked yet) in id order.
std::vector<ObjId> DentryTreeModel::wantedChildren(ObjId parent) const {
    std::vector<ObjId> list;
    const StateAt& s = focus_->state();
    if (parent) {
        s.forEachChild(parent, [&](ObjId c) {
            auto pc = parentOf_.find(c);
            if (pc != parentOf_.end() && pc->second == parent) list.push_back(c);
        });
    }
    auto kids = kidsOf_.find(parent);
    if (kids != kidsOf_.end())
        for (ObjId c : kids->second)
            if (parent == 0 || !s.obj(c).has(ObjState::OnParentList)) list.push_back(c);
    return list;
}

void DentryTreeModel::rebuildWanted() {
    parentOf_.clear();
    kidsOf_.clear();
    want_.clear();
    const ObjId max = focus_->replay().maxObjId();
    for (ObjId id = 1; id <= max; ++id) {
        if (!visible(id)) continue;
        const ObjId p = rowParent(id);
        parentOf_.emplace(id, p);
        kidsOf_[p].insert(id);
    }
    want_[0] = wantedChildren(0);
    for (const auto& [p, kids] : kidsOf_)
        if (p) want_[p] = wantedChildren(p);
}

// Brings id's row parent (or its absence) up to date; the parents whose lists may have changed
// go to `dirty`. True if the dentry appeared or went.
bool DentryTreeModel::recheck(ObjId id, std::unordered_set<ObjId>& dirty) {
    auto it = parentOf_.find(id);
    const bool was = it != parentOf_.end();
    const bool is = visible(id);
    const ObjId oldParent = was ? it->second : 0;
    const ObjId newParent = is ? rowParent(id) : 0;
    // Its own parent's list even if the parent stays: a link or unlink reorders it.
    if (was) dirty.insert(oldParent);
    if (is) dirty.insert(newParent);
    if (was && (!is || oldParent != newParent)) {
        auto kids = kidsOf_.find(oldParent);
        kids->second.erase(id);
        if (kids->second.empty()) kidsOf_.erase(kids);
        parentOf_.erase(it);
    }
    if (is && (!was || oldParent != newParent)) {
        parentOf_[id] = newParent;
        kidsOf_[newParent].insert(id);
    }
    if (was != is) dirty.insert(id);
    return was != is;
}

// Only the objects named by events between the two steps can have changed (and the event just
// before the earlier one: its ghost comes and goes). False if that is too many to be worth it.
bool DentryTreeModel::followEvents(uint32_t from, uint32_t to) {
    constexpr uint32_t kMaxEvents = 1024; // beyond that, walking every object id is as cheap
    const uint32_t lo = std::min(from, to), hi = std::max(from, to);
    if (hi - lo > kMaxEvents) return false;
    const Replay& rp = focus_->replay();
    std::vector<ObjId> work;
    for (uint32_t seq = lo ? lo - 1 : 0; seq < hi; ++seq) {
        const ObjId id = rp.event(seq).obj;
        if (id && id <= rp.maxObjId()) work.push_back(id);
    }
    std::unordered_set<ObjId> dirty;
    while (!work.empty()) {
        const ObjId id = work.back();
        work.pop_back();
        if (!recheck(id, dirty)) continue;
        // Its children move between it and the top level.
        if (parentOf_.count(id)) {
            auto roots = kidsOf_.find(0);
            if (roots != kidsOf_.end())
                for (ObjId c : roots->second)
                    if (focus_->state().obj(c).parent == id) work.push_back(c);
        } else if (auto kids = kidsOf_.find(id); kids != kidsOf_.end()) {
            work.insert(work.end(), kids->second.begin(), kids->second.end());
        }
    }
    for (ObjId p : dirty) {
        if (p && !parentOf_.count(p))
            want_.erase(p);
        else
            want_[p] = wantedChildren(p);
    }
    return true;
}

void DentryTreeModel::updateWanted() {
    const uint32_t step = focus_->step();
    if (!hasWant_ || !followEvents(wantStep_, step)) rebuildWanted();
    wantStep_ = step;
    hasWant_ = true;
}

void DentryTreeModel::renumber(ObjId parent) {
    auto& list = childrenOf(parent);
    for (size_t i = 0; i < list.size(); ++i)
        nodes_.at(list[i]).row = static_cast<int>(i);
}

void DentryTreeModel::eraseSubtree(ObjId id) {
    auto it = nodes_.find(id);
    if (it == nodes_.end()) return;
    const std::vector<ObjId> kids = it->second.children;
    nodes_.erase(it);
    for (ObjId c : kids)
        eraseSubtree(c);
}

void DentryTreeModel::createSubtree(ObjId id, ObjId parent, const Want& want, bool changed) {
    Node n;
    n.parent = parent;
    n.data = rowData(id, focus_->state(), focus_->step());
    n.changed = changedAt(id, n.data);
    if (changed) inserted_.insert(id);
    auto it = want.find(id);
    if (it != want.end()) n.children = it->second;
    const std::vector<ObjId> kids = n.children;
    nodes_[id] = std::move(n);
    for (ObjId c : kids)
        createSubtree(c, id, want, changed);
    renumber(id);
}

void DentryTreeModel::preparePrev() {
    hasPrev_ = focus_->hasRun() && focus_->step() > 0;
    prev_ = hasPrev_ ? focus_->replay().stateAt(focus_->step() - 1) : StateAt();
}

void DentryTreeModel::reset() {
    beginResetModel();
    roots_.clear();
    nodes_.clear();
    parentOf_.clear();
    kidsOf_.clear();
    want_.clear();
    hasWant_ = false;
    preparePrev();
    if (focus_->hasRun()) {
        updateWanted();
        auto it = want_.find(0);
        if (it != want_.end()) roots_ = it->second;
        for (ObjId r : roots_)
            createSubtree(r, 0, want_, false);
        renumber(0);
    }
    endResetModel();
}

void DentryTreeModel::removePhase(ObjId parent) {
    auto keep = [&](ObjId c) {
        auto it = parentOf_.find(c);
        return it != parentOf_.end() && it->second == parent;
    };
    {
        auto& list = childrenOf(parent);
        const QModelIndex pidx = parent ? indexOf(parent) : QModelIndex();
        int i = static_cast<int>(list.size()) - 1;
        while (i >= 0) {
            if (keep(list[size_t(i)])) {
                --i;
                continue;
            }
            int first = i;
            while (first > 0 && !keep(list[size_t(first - 1)]))
                --first;
            beginRemoveRows(pidx, first, i);
            for (int j = first; j <= i; ++j)
                eraseSubtree(list[size_t(j)]);
            list.erase(list.begin() + first, list.begin() + i + 1);
            renumber(parent);
            endRemoveRows();
            i = first - 1;
        }
    }
    const std::vector<ObjId> kids = childrenOf(parent);
    for (ObjId c : kids)
        removePhase(c);
}

void DentryTreeModel::insertPhase(ObjId parent, const Want& want) {
    auto wit = want.find(parent);
    std::vector<ObjId> existing; // kept from the previous step: recurse into these
    if (wit != want.end()) {
        const std::vector<ObjId>& w = wit->second;
        size_t j = 0;
        for (ObjId c : w) {
            auto& list = childrenOf(parent);
            if (j < list.size() && list[j] == c) {
                existing.push_back(c);
                ++j;
                continue;
            }
            const QModelIndex pidx = parent ? indexOf(parent) : QModelIndex();
            if (nodes_.count(c)) {
                // Already a row of this parent (removePhase took out the rows of other
                // parents), further down: it moves up to here (a link to the head of the
                // list, a cursor moving, a child taken off the list on its way out).
                const auto pos =
                    std::find(list.begin() + static_cast<std::ptrdiff_t>(j), list.end(), c);
                if (pos != list.end()) {
                    const int from = static_cast<int>(pos - list.begin());
                    beginMoveRows(pidx, from, from, pidx, static_cast<int>(j));
                    list.erase(pos);
                    list.insert(list.begin() + static_cast<std::ptrdiff_t>(j), c);
                    renumber(parent);
                    endMoveRows();
                    ++j;
                }
                existing.push_back(c);
                continue;
            }
            beginInsertRows(pidx, static_cast<int>(j), static_cast<int>(j));
            list.insert(list.begin() + static_cast<std::ptrdiff_t>(j), c);
            createSubtree(c, parent, want, true);
            renumber(parent);
            endInsertRows();
            ++j;
        }
    }
    for (ObjId c : existing)
        insertPhase(c, want);
}

void DentryTreeModel::refresh() {
    if (!focus_->hasRun()) {
        if (!nodes_.empty() || !roots_.empty()) reset();
        return;
    }
    updateWanted();
    inserted_.clear();
    preparePrev();
    std::vector<ObjId> before;
    before.reserve(nodes_.size());
    for (const auto& [id, n] : nodes_)
        before.push_back(id);
    removePhase(0);
    insertPhase(0, want_);
    // Data of the rows that were there before: highlight what differs, clear old highlights.
    std::sort(before.begin(), before.end());
    for (ObjId id : before) {
        auto it = nodes_.find(id);
        if (it == nodes_.end() || inserted_.count(id)) continue;
        Node& n = it->second;
        Row r = rowData(id, focus_->state(), focus_->step());
        const bool changed = changedAt(id, r);
        if (r == n.data && changed == n.changed) continue;
        n.data = std::move(r);
        n.changed = changed;
        Q_EMIT dataChanged(createIndex(n.row, 0, quintptr(id)),
                           createIndex(n.row, ColumnCount - 1, quintptr(id)));
    }
    // Rows inserted by this refresh stay highlighted; rows inserted earlier were handled above.
}

} // namespace ds::ui
