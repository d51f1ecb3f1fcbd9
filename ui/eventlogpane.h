// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The event log as a filterable table: the filter matches any column, a click moves the focus
// just after the event (and selects its object), and the event just folded is selected and
// centred.

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace ds::ui {

class EventLogModel;
class Focus;

class EventLogPane : public QWidget {
    Q_OBJECT

public:
    explicit EventLogPane(Focus* focus, QWidget* parent = nullptr);

    EventLogModel* model() const { return model_; }
    QSortFilterProxyModel* proxy() const { return proxy_; }
    QTableView* view() const { return view_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onStep();

    Focus* focus_;
    EventLogModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* view_;
    QLineEdit* filter_;
    QTimer* filterTimer_;
    bool scrollPending_ = false; // the log scrolled before it had its size
};

} // namespace ds::ui
