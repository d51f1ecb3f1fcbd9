// Design › Compare with…: the window's run beside the same scenario under another design.
#include "scenario/catalogue.h"

#include "compareview.h"
#include "focus.h"
#include "mainwindow.h"
#include "session.h"

#include <QInputDialog>

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
        this, u"Compare with…"_s,
        u"Run this scenario under %1 and beside it under:"_s.arg(
            QString::fromStdString(s->run.design)),
        names, names.indexOf(u"v6.8"_s) < 0 ? 0 : names.indexOf(u"v6.8"_s), false, &ok);
    if (ok && !design.isEmpty()) compareWith(design);
}

CompareView* MainWindow::compareWith(const QString& design) {
    const Session* s = focus_->session();
    if (!s || !catalogue::hasDesign(design.toStdString())) return nullptr;
    auto* view = new CompareView(s->scenario, s->run, design.toStdString(), this);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->resize(1200, 800);
    view->show();
    view->startExplore();
    return view;
}

} // namespace ds::ui
