// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Every field of the selected object at the current step, its lifetime (who allocated and freed
// it) and the references still held on it, each with the call stack that took it.

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

private:
    void rebuild();
    QStandardItem* add(const QString& key, const QString& value, QStandardItem* parent = nullptr);
    void addStack(QStandardItem* parent, unsigned task, unsigned seq);

    Focus* focus_;
    QLabel* title_;
    QStandardItemModel* model_;
    QTreeView* view_;
};

} // namespace ds::ui
