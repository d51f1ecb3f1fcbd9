// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The dentry tree view with its legend; keeps the tree selection and the focus in step.

#include <QWidget>

class QTreeView;

namespace ds::ui {

class Focus;
class DentryTreeModel;

class Legend : public QWidget {
    Q_OBJECT
public:
    explicit Legend(QWidget* parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {120, sizeHint().height()}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override;

protected:
    void paintEvent(QPaintEvent*) override;

private:
    int layoutItems(int width, bool paint, class QPainter* p) const;
};

class TreePane : public QWidget {
    Q_OBJECT
public:
    TreePane(Focus* focus, QWidget* parent = nullptr);
    DentryTreeModel* model() const { return model_; }
    QTreeView* view() const { return view_; }

private:
    void followSelection();
    Focus* focus_;
    DentryTreeModel* model_;
    QTreeView* view_;
    bool syncing_ = false;
};

} // namespace ds::ui
