// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The call stack of the focused task (innermost first, the syscall last) and the engine source
// of the selected frame with its line marked.

#include "trace/event.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTextDocument;
class QTreeView;

namespace ds::ui {

class Focus;

class CallStackModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Function, Source, Kernel, ColumnCount }; // Kernel: the source it models
    enum Role { SrcRole = Qt::UserRole + 1, EnterSeqRole, SyscallRole };

    explicit CallStackModel(Focus* focus, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QStringList functions() const; // innermost first
    void refresh();

private:
    struct Frame {
        QString function;
        QString kernel; // "fs/dcache.c:2031 d_instantiate"
        SrcId src = 0;
        uint32_t enterSeq = 0;
        bool syscall = false;
    };
    Focus* focus_;
    std::vector<Frame> frames_;
};

class CallStackPane : public QWidget {
    Q_OBJECT

public:
    explicit CallStackPane(Focus* focus, QWidget* parent = nullptr);
    CallStackModel* model() const { return model_; }
    QString headerText() const; // e.g. 'Task A - running'
    QTreeView* view() const { return view_; }
    QPlainTextEdit* sourceView() const { return source_; }
    QString shownFile() const { return shownFile_; }
    int shownLine() const { return shownLine_; }
    // The function of the chosen frame, else of the innermost one; empty when that is a syscall
    // frame or there is none (what a function breakpoint is set on).
    QString chosenFunction() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh();
    void refillTasks();
    void showFrame(int row);
    void showSource(SrcId src);
    void showMessage(const QString& text);
    QTextDocument* newDocument();
    QTextDocument* sourceDocument(const QString& file);
    void setDocument(QTextDocument* doc);

    Focus* focus_;
    CallStackModel* model_;
    QLabel* header_;
    QComboBox* tasks_;
    QTreeView* view_;
    QPlainTextEdit* source_;
    QTextDocument* message_;                 // "(no kernel frame at this step)" and the like
    QHash<QString, QTextDocument*> sources_; // engine source file -> its text, laid out once
    QString shownFile_;
    int shownLine_ = 0;
    int selectedRow_ = 0;
    bool centerPending_ = false; // the marked line was centred before the view had its size
};

} // namespace ds::ui
