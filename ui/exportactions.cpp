// SPDX-License-Identifier: GPL-2.0-or-later
#include "exportactions.h"

#include "focus.h"
#include "headless.h"
#include "mainwindow.h"
#include "picture.h"
#include "session.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSaveFile>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace ds::ui {

ExportActions::ExportActions(MainWindow* window, QMenu* fileMenu)
    : QObject(window), window_(window) {
    auto add = [&](const QString& text, const QString& name, const QKeySequence& key,
                   void (ExportActions::*slot)(), const QString& tip) {
        QAction* a = fileMenu->addAction(text, this, slot);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setStatusTip(tip);
        a->setToolTip(tip);
    };
    add(tr("&Export view…"), u"actionExportView"_s, QKeySequence(Qt::CTRL | Qt::Key_E),
        &ExportActions::exportViewDialog,
        tr("Save the window or one pane as PNG or SVG; the picture reopens this state"));
    add(tr("Copy &image"), u"actionCopyImage"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
        &ExportActions::copyImage, tr("Put a picture of the window on the clipboard"));
    add(tr("Copy &reproducer"), u"actionCopyReproducer"_s,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), &ExportActions::copyReproducer,
        tr("Put the scenario with this run's schedule and the step on the clipboard"));
}

bool ExportActions::exportView(MainWindow& window, const QString& file, const QString& pane,
                               QString* error) {
    QWidget* target = pane.isEmpty() ? static_cast<QWidget*>(&window) : window.pane(pane);
    if (!target) {
        if (error) *error = tr("no pane named '%1'").arg(pane);
        return false;
    }
    if (!picture::isPictureName(file)) {
        if (error) *error = tr("%1: the file name must end in .png or .svg").arg(file);
        return false;
    }
    const ViewState state =
        ViewState::capture(window, headless::currentTheme(), pane, target->size());
    const bool svg = QFileInfo(file).suffix().toLower() == u"svg"_s;
    const QByteArray bytes =
        svg ? picture::svg(*target, state) : picture::png(target->grab().toImage(), state);
    QSaveFile out(file);
    if (bytes.isEmpty() || !out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() ||
        !out.commit()) {
        if (error)
            *error = tr("cannot write '%1': %2")
                         .arg(file, bytes.isEmpty() ? tr("the picture could not be encoded")
                                                    : out.errorString());
        return false;
    }
    return true;
}

QString ExportActions::reproducer(const MainWindow& window) {
    const Focus& focus = *window.focus();
    if (!focus.hasRun()) return {};
    QString text = focus.session()->scenarioWithSchedule();
    if (!text.endsWith(u'\n')) text += u'\n';
    text += u"# Reviewed at step "_s + QString::number(focus.step()) + u" of "_s +
            QString::number(focus.steps());
    if (focus.selected()) text += u", "_s + focus.session()->objectLabel(focus.selected());
    text += u": save as FILE.scn and run `dentryscope FILE.scn --step "_s +
            QString::number(focus.step()) + u"`\n"_s;
    return text;
}

void ExportActions::exportViewDialog() {
    QStringList what{tr("Whole window")};
    what << MainWindow::paneNames();
    bool ok = false;
    const QString choice =
        QInputDialog::getItem(window_, tr("Export view"), tr("Export:"), what, 0, false, &ok);
    if (!ok) return;
    const QString file = QFileDialog::getSaveFileName(window_, tr("Export view"), QString(),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (file.isEmpty()) return;
    QString error;
    const QString pane = choice == what.front() ? QString() : choice;
    if (!exportView(*window_, file, pane, &error))
        QMessageBox::warning(window_, tr("Export view"), error);
    else
        window_->statusBar()->showMessage(tr("exported %1").arg(file), 5000);
}

void ExportActions::copyImage() {
    const ViewState state =
        ViewState::capture(*window_, headless::currentTheme(), {}, window_->size());
    const QImage image = window_->grab().toImage();
    auto* mime = new QMimeData;
    mime->setImageData(image);
    // The PNG with the state too, for the applications that take image/png as it is.
    mime->setData(u"image/png"_s, picture::png(image, state));
    QApplication::clipboard()->setMimeData(mime);
    window_->statusBar()->showMessage(tr("picture of the window copied"), 5000);
}

void ExportActions::copyReproducer() {
    const QString text = reproducer(*window_);
    if (text.isEmpty()) return;
    QApplication::clipboard()->setText(text);
    window_->statusBar()->showMessage(tr("reproducer copied"), 5000);
}

} // namespace ds::ui
