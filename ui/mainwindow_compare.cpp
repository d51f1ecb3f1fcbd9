// SPDX-License-Identifier: GPL-2.0-or-later
// Design › Compare with…: the window's run beside the same scenario under another design.
#include "scenario/catalogue.h"

#include "compareview.h"
#include "explorejob.h"
#include "focus.h"
#include "mainwindow.h"
#include "realcompareview.h"
#include "session.h"
#include "stepper.h"

#include <QAction>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace ds::ui {

void MainWindow::chooseCompareDesign() {
    const Session* s = focus_->session();
    if (!s) return;
    QStringList names;
    for (const auto& d : catalogue::designs())
        if (d.name != s->run.design) names << QString::fromStdString(d.name);
    bool ok = false;
    const QString design = QInputDialog::getItem(
        this, tr("Compare with…"),
        s->real ? tr("Replay this trace's syscalls and set the real kernel beside them under:")
                : tr("Run this scenario under %1 and beside it under:")
                      .arg(QString::fromStdString(s->run.design)),
        names, names.indexOf(u"v6.8"_s) < 0 ? 0 : names.indexOf(u"v6.8"_s), false, &ok);
    if (ok && !design.isEmpty() && s->real) compareTraceWith(design);
    if (ok && !design.isEmpty() && !s->real) compareWith(design);
}

RealCompareView* MainWindow::compareTraceWith(const QString& design) {
    const Session* s = focus_->session();
    if (!s || !s->real || !catalogue::hasDesign(design.toStdString())) return nullptr;
    auto* view =
        new RealCompareView(s->real, QFileInfo(s->name).fileName(), design.toStdString(), this);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->resize(1200, 800);
    view->show();
    return view;
}

CompareView* MainWindow::compareWith(const QString& design) {
    const Session* s = focus_->session();
    if (!s || s->real || !catalogue::hasDesign(design.toStdString())) return nullptr;
    auto* view = new CompareView(s->scenario, s->run, design.toStdString(), this);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->resize(1200, 800);
    view->show();
    view->startExplore();
    return view;
}

void MainWindow::startExplore() {
    const Session* s = focus_->session();
    if (!s || s->real) return; // updateExploreActions says why
    if (!exploreJob_) {
        exploreJob_ = new ExploreJob(this);
        exploreLabel_ = new QLabel(this);
        exploreLabel_->setObjectName(u"exploreLabel"_s);
        statusBar()->addPermanentWidget(exploreLabel_);
        connect(exploreJob_, &ExploreJob::progress, this,
                [this] { exploreLabel_->setText(exploreJob_->progressText()); });
        connect(exploreJob_, &ExploreJob::finished, this, [this] {
            updateExploreActions();
            if (exploreJob_->verdict().isEmpty() || !focus_->hasRun()) { // forgotten
                exploreLabel_->clear();
                return;
            }
            const QString design = QString::fromStdString(focus_->session()->run.design);
            const QString text =
                exploreJob_->finding()
                    ? tr("explore %1: %2 — Design › Open finding as branch: %3")
                          .arg(design, exploreJob_->verdict(), exploreJob_->findingText())
                    : tr("explore %1: %2").arg(design, exploreJob_->verdict());
            exploreLabel_->setText(text);
        });
    }
    if (exploreJob_->start(s->scenario, s->run.design)) updateExploreActions();
}

void MainWindow::cancelExplore() {
    if (exploreJob_) exploreJob_->cancel();
}

bool MainWindow::openFinding() {
    const Session* s = focus_->session();
    if (!s || !exploreJob_ || exploreJob_->running() || !exploreJob_->finding()) return false;
    QString error;
    auto branched = s->withSchedule(*exploreJob_->finding(), &error);
    if (!branched) {
        note(error);
        return false;
    }
    stepper_->openBranch(std::move(branched));
    return true;
}

void MainWindow::updateExploreActions() {
    const bool running = exploreJob_ && exploreJob_->running();
    // a real kernel's trace has no scenario to schedule: say so rather than explore nothing
    const bool real = focus_->hasRun() && focus_->session()->real;
    QAction* explore = action(u"actionExplore"_s);
    explore->setEnabled(focus_->hasRun() && !running && !real);
    explore->setToolTip(real ? tr("A real kernel's trace has no schedules to explore: its tasks "
                                  "ran once, as recorded")
                             : tr("Try this scenario's schedules in the background until one "
                                  "hits a BUG"));
    action(u"actionCancelExplore"_s)->setEnabled(running);
    action(u"actionOpenFinding"_s)
        ->setEnabled(focus_->hasRun() && !running && exploreJob_ && exploreJob_->finding());
}

} // namespace ds::ui
