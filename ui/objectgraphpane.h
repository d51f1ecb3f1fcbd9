// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The object graph: for the selected object (or, with nothing selected, the object the current
// event touched), the objects and tasks holding references on it on the left and what it holds
// on the right, as boxes and labelled arrows (explain::objectGraph). Painted in one paintEvent,
// so it renders headless like the other panes.

#include "explain/graph.h"

#include <QRectF>
#include <QWidget>

namespace ds::ui {

class Focus;

class ObjectGraphPane : public QWidget {
    Q_OBJECT

public:
    explicit ObjectGraphPane(Focus* focus, QWidget* parent = nullptr);
    const explain::ObjectGraph& graph() const { return graph_; }
    ObjId shown() const { return shown_; } // the object in the middle, 0 for none
    QSize sizeHint() const override { return {520, 300}; }

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* e) override;

private:
    void refresh();
    struct Box {
        QRectF rect;
        size_t node;
        size_t edge; // the arrow it ends (SIZE_MAX for the centre)
    };
    std::vector<Box> layoutBoxes() const;

    Focus* focus_;
    explain::ObjectGraph graph_;
    ObjId shown_ = 0;
};

} // namespace ds::ui
