// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Every field of the selected object at the current step, its lifetime (who allocated and freed
// it) and the references still held on it, each with the call stack that took it.

#include "replay/replay.h"
#include "trace/event.h"

#include <QHash>
#include <QSet>
#include <QStandardItem>
#include <QString>
#include <QWidget>

class QStandardItem;
class QStandardItemModel;
class QTreeView;
class QLabel;

namespace ds::ui {

class Focus;

class Inspector : public QWidget {
    Q_OBJECT

public:
    explicit Inspector(Focus* focus, QWidget* parent = nullptr);
    QStandardItemModel* model() const { return model_; }
    QTreeView* view() const { return view_; }
    // The value of a top-level field by name ("" when absent).
    QString field(const QString& name) const;
    // Whether a top-level field changed at this step (it is highlighted).
    bool changed(const QString& name) const;

private:
    void rebuild();
    // The fields of the selected object at `step` (state `s`); dry: only their values, into next_.
    void rebuildFields(const ds::StateAt& s, uint32_t step, bool dry);
    QStandardItem* add(const QString& key, const QString& value, QStandardItem* parent = nullptr);
    void addStack(QStandardItem* parent, unsigned task, unsigned seq);

    Focus* focus_;
    QLabel* title_;
    QStandardItemModel* model_;
    QTreeView* view_;
    // The values at the step before (what the current step changed), and the ones being built.
    QHash<QString, QString> shown_, baseline_, next_;
    bool dry_ = false;
    QStandardItem scratch_; // the parent of a dry run's rows (never shown)
    QSet<QString> changed_;
    ObjId shownId_ = 0;
    uint32_t shownStep_ = 0;
    const void* shownSession_ = nullptr;
};

} // namespace ds::ui
