// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The compare view's shared syscall axis: one lane per side, one column per aligned point (the
// same calls and switch lines on both sides), so the two runs read against one axis. A call that
// did not return on a side is drawn hollow; where a side's report (BUG, WARN) happened, a marker
// on its own lane and a hollow one on the other side's; the current point is highlighted.
// Clicking a column steps both sides there.

#include "export/compare.h"

#include <QWidget>

#include <vector>

namespace ds::ui {

class CompareAxis : public QWidget {
    Q_OBJECT

public:
    struct Column {
        QString label;
        bool returnedA = true, returnedB = true;
        bool reportA = false, reportB = false; // a report happened by this point, first here
        int differences = 0; // facts that differ at this point (a real trace's conform): a bar
    };
    explicit CompareAxis(QWidget* parent = nullptr);
    void setColumns(std::vector<Column> columns, QString nameA, QString nameB);
    void setCurrent(int column);
    int current() const { return current_; }
    const std::vector<Column>& columns() const { return columns_; }
    QSize sizeHint() const override;

Q_SIGNALS:
    void columnClicked(int column);

protected:
    void paintEvent(QPaintEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;

private:
    QRectF cell(int column, int lane) const;
    int labelWidth() const;

    std::vector<Column> columns_;
    QString names_[2];
    int current_ = 0;
};

} // namespace ds::ui
