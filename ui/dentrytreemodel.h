// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The dcache at the current step as a tree: one row per live dentry (plus the ghost of one freed
// by the last event), children in d_children order. Stepping updates rows in place (inserts,
// removals, dataChanged), so the view keeps its expansion and the order stays stable.

#include "theme.h"

#include <QAbstractItemModel>

#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ds::ui {

class Focus;

class DentryTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { Name, Count, State, Inode, Ino, ICount, Ei, ColumnCount };
    enum Role { ObjIdRole = Qt::UserRole + 1, StateRole, ChangedRole, PathRole };

    explicit DentryTreeModel(Focus* focus, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QModelIndex indexOf(ObjId id, int column = 0) const;
    bool contains(ObjId id) const { return nodes_.count(id) != 0; }
    int changedCount() const;

    void refresh(); // follow the focus' current step
    void reset();   // rebuild from scratch (new session)

private:
    void preparePrev();

    // What a row shows, as ids: comparing rows on every step allocates no strings (data() makes
    // the text of the rows the view asks for).
    struct Row {
        SymId name = 0;
        int count = 0;
        DentryState state = DentryState::InUse;
        ObjId inode = 0;
        int ino = 0;
        int icount = 0;
        ObjId ei = 0;
        bool operator==(const Row&) const = default;
    };
    struct Node {
        ObjId parent = 0;
        int row = 0;
        std::vector<ObjId> children;
        Row data;
        bool changed = false;
    };
    using Want = std::unordered_map<ObjId, std::vector<ObjId>>;

    // The rows the focus' step wants (parentOf_, kidsOf_, want_), updated from the events
    // between the last step and this one, or rebuilt from every object id after a long jump.
    void updateWanted();
    void rebuildWanted();
    bool followEvents(uint32_t from, uint32_t to);
    bool visible(ObjId id) const;
    ObjId rowParent(ObjId id) const;
    // The directory a just-allocated dentry is about to be linked to (0 if none).
    ObjId parentToBe(ObjId id) const;
    bool recheck(ObjId id, std::unordered_set<ObjId>& dirty);
    std::vector<ObjId> wantedChildren(ObjId parent) const;
    Row rowData(ObjId id, const StateAt& s, uint32_t step) const;
    bool changedAt(ObjId id, const Row& now) const; // differs from the step before
    std::vector<ObjId>& childrenOf(ObjId parent);
    const std::vector<ObjId>* childrenOf(ObjId parent) const;
    void renumber(ObjId parent);
    void eraseSubtree(ObjId id);
    void createSubtree(ObjId id, ObjId parent, const Want& want, bool changed);
    void removePhase(ObjId parent);
    void insertPhase(ObjId parent, const Want& want);

    Focus* focus_;
    std::vector<ObjId> roots_;
    std::unordered_map<ObjId, Node> nodes_;
    std::unordered_set<ObjId> inserted_;
    std::unordered_map<ObjId, ObjId> parentOf_; // visible dentry -> its row's parent (0: top)
    std::unordered_map<ObjId, std::set<ObjId>> kidsOf_; // the inverse, in id order
    Want want_;                                         // a parent's rows, in order
    uint32_t wantStep_ = 0;
    bool hasWant_ = false;
    StateAt prev_; // the state one step before the focus' step
    bool hasPrev_ = false;
};

} // namespace ds::ui
