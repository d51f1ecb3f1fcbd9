// SPDX-License-Identifier: GPL-2.0-or-later
#include "runnextchooser.h"

#include "focus.h"
#include "stepper.h"

#include <QAction>
#include <QComboBox>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace ds::ui {

RunNextChooser::RunNextChooser(Focus* focus, Stepper* stepper, QComboBox* picker, QMenu* menu,
                               QWidget* window)
    : QObject(window), focus_(focus), stepper_(stepper), picker_(picker), menu_(menu),
      window_(window) {
    connect(picker_, &QComboBox::activated, this,
            [this](int i) { runNext(static_cast<TaskId>(picker_->itemData(i).toInt())); });
}

QAction* RunNextChooser::action(const QString& objectName) const {
    for (QAction* a : actions_)
        if (a->objectName() == objectName) return a;
    return nullptr;
}

void RunNextChooser::rebuild() {
    for (QAction* a : actions_) {
        window_->removeAction(a);
        delete a;
    }
    actions_.clear();
    picker_->clear();
    if (!focus_->hasRun()) return;
    const Session& s = *focus_->session();
    for (size_t t = 0; t < s.run.taskNames.size() && t < 9; ++t) {
        const auto task = static_cast<TaskId>(t);
        const QString name = s.taskName(task);
        auto* a = new QAction(tr("Run %1 next").arg(name), window_);
        a->setObjectName(u"actionRunNext"_s + QString::number(t));
        a->setCheckable(true);
        a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + int(t))));
        a->setShortcutContext(Qt::WindowShortcut);
        a->setStatusTip(tr("Branch the run here: task %1 runs the next event").arg(name));
        a->setToolTip(a->text() + u" ("_s + a->shortcut().toString(QKeySequence::NativeText) +
                      u")"_s);
        connect(a, &QAction::triggered, this, [this, task] { runNext(task); });
        menu_->addAction(a);
        window_->addAction(a);
        actions_ << a;
        picker_->addItem(name, int(t));
    }
    update();
}

void RunNextChooser::update() {
    const bool has = focus_->hasRun();
    const uint32_t k = focus_->step();
    const auto choice = stepper_->choice();
    const int next = has && k < focus_->steps() ? focus_->replay().event(k).task : -1;
    for (int t = 0; t < actions_.size(); ++t) {
        QAction* a = actions_[t];
        a->setChecked(t == next);
        a->setEnabled(choice && choice->canRun(t));
    }
    menu_->setEnabled(choice.has_value());
    picker_->setEnabled(choice.has_value());
    const int i = picker_->findData(next);
    picker_->setCurrentIndex(i);
    picker_->setToolTip(
        choice ? tr("Tasks compete here: choose which one runs the next event (branches the run; "
                    "Alt+1, Alt+2 … in the Branch menu)")
               : tr("Which task runs the next event; no other task can run here (Ctrl+Shift+Right: "
                    "next choice point)"));
}

bool RunNextChooser::runNext(TaskId task) {
    if (stepper_->runNext(task)) return true;
    update();
    return false;
}

} // namespace ds::ui
