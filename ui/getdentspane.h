// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The getdents pane: the focused task's current (or last) getdents64 call drawn as its user
// buffer, to scale, record by record as filldir64 writes it; ctx->pos and f_pos; what the call
// returns; the positions iterate walked (hidden and unused slots included); for dcache_readdir
// the cursor among the children; and the calls made on that file so far. The model is
// ds::GetdentsAt (core/replay/getdents.h); this widget only paints it.

#include "replay/getdents.h"

#include <QRectF>
#include <QWidget>

#include <vector>

namespace ds::ui {

class Focus;

class GetdentsPane : public QWidget {
    Q_OBJECT

public:
    explicit GetdentsPane(Focus* focus, QWidget* parent = nullptr);
    const GetdentsAt& model() const { return model_; }
    QSize sizeHint() const override { return {640, 420}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    void refresh();

    Focus* focus_;
    GetdentsAt model_;
    // where a click goes: a rectangle painted last time and the step it stands for
    struct Link {
        QRectF rect;
        uint32_t step;
    };
    std::vector<Link> links_;
};

} // namespace ds::ui
