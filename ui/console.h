// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The run as text: strace-like lines for the syscalls and the kernel-style reports. Clicking a
// line moves the focus to its event.

#include <QWidget>

#include <cstdint>
#include <vector>

class QListView;
class QStandardItemModel;

namespace ds::ui {

class Focus;

class Console : public QWidget {
    Q_OBJECT

public:
    enum Role { SeqRole = Qt::UserRole + 1, IsReportRole };
    explicit Console(Focus* focus, QWidget* parent = nullptr);
    QStandardItemModel* model() const { return model_; }
    QListView* view() const { return view_; }
    void activateRow(int row); // as a click on it

private:
    void rebuild();
    void follow();
    Focus* focus_;
    QStandardItemModel* model_;
    QListView* view_;
    std::vector<uint32_t> seqs_; // the event of each row, ascending: follow() bisects it
};

} // namespace ds::ui
