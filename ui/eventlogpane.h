// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The event log as a filterable table: the filter matches any column and runs in slices, never
// blocking the window (LogFilterModel); F3 / Shift+F3 find the next / previous event it shows. A
// click moves the focus just after the event (and selects its object); the event just folded is
// selected and centred, under a filter the last shown event at or before it.

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace ds::ui {

class EventLogModel;
class Focus;
class LogFilterModel;

class EventLogPane : public QWidget {
    Q_OBJECT

public:
    explicit EventLogPane(Focus* focus, QWidget* parent = nullptr);

    EventLogModel* model() const { return model_; }
    LogFilterModel* proxy() const { return proxy_; }
    // The next / previous event that the filter shows, after / before the current step.
    void findNext();
    void findPrevious();
    QTableView* view() const { return view_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onStep();
    void onRowsFound();

    Focus* focus_;
    EventLogModel* model_;
    LogFilterModel* proxy_;
    QTableView* view_;
    QLineEdit* filter_;
    QTimer* filterTimer_;
    QLabel* scanLabel_;
    bool scrollPending_ = false; // the log scrolled before it had its size
};

} // namespace ds::ui
