// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Breakpoints on an event kind (every free), a function (every entry of d_instantiate) or an
// object (any event on the selected dentry): the list as a model with an enabled check box and
// the hits in this run, and the pane that adds, removes and runs to them. Continue (forwards and
// backwards) is the Stepper's, BreakpointSettings keeps the list in QSettings; the search is
// ds::BreakpointSet.

#include "replay/breakpoints.h"

#include <QAbstractTableModel>
#include <QWidget>

class QComboBox;
class QPushButton;
class QTreeView;

namespace ds::ui {

class Focus;

class BreakpointModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Where, Hits, ColumnCount };
    enum Role { TypeRole = Qt::UserRole + 1 };

    explicit BreakpointModel(Focus* focus, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const std::vector<Breakpoint>& breakpoints() const { return bps_; }
    // The enabled breakpoints, ready for BreakpointSet::next/prev.
    BreakpointSet enabledSet() const { return BreakpointSet(bps_); }
    // Adds (or enables) a breakpoint; its row. Object breakpoints remember the object's label
    // (`label`, or the session's) so a restored or branched one can be checked.
    int add(const Breakpoint& bp, const QString& label = {});
    // Adds the breakpoint, or removes it when there is one on the same target; true if added.
    bool toggle(const Breakpoint& bp);
    int find(const Breakpoint& bp) const; // row of the same target, -1
    void remove(int row);
    void clear();
    QString label(int row) const;
    QString objectLabel(int row) const { return labels_[size_t(row)]; }
    // The first enabled breakpoint that event `e` hits, -1.
    int rowHitBy(const Event& e) const;
    // Marks the row the last continue stopped at (bold); -1 clears.
    void setHitRow(int row);
    int hitRow() const { return hitRow_; }

    // The list as text lines ("event free", "function d_instantiate", "object 12 dentry #12
    // 'sched'";
    // "-" in front when disabled) and back. Objects are only kept for the same run.
    QStringList save(bool objects) const;
    void restore(const QStringList& lines, bool objects);
    // After a new run of the same scenario (a branch): drops object breakpoints whose id now
    // names another object. After another scenario: drops every object breakpoint.
    void keepObjectsOf(bool sameScenario);

Q_SIGNALS:
    void changed(); // the list or an enabled flag changed (not the hit counts)

private:
    void recount();
    Focus* focus_;
    std::vector<Breakpoint> bps_;
    std::vector<QString> labels_; // Object: the object's label when it was added
    std::vector<uint32_t> hits_;
    int hitRow_ = -1;
};

class BreakpointPane : public QWidget {
    Q_OBJECT

public:
    BreakpointPane(Focus* focus, BreakpointModel* model, QWidget* parent = nullptr);
    BreakpointModel* model() const { return model_; }
    QTreeView* view() const { return view_; }
    QComboBox* kindChooser() const { return kinds_; }
    QComboBox* functionChooser() const { return functions_; }
    // Adds a function breakpoint from the chooser's text (a function name, "name()" too).
    bool addFunctionFromText(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refillFunctions();
    void runToRow(int row);

    Focus* focus_;
    BreakpointModel* model_;
    QComboBox* kinds_;
    QComboBox* functions_;
    QPushButton* addObject_;
    QPushButton* remove_;
    QTreeView* view_;
};

} // namespace ds::ui
