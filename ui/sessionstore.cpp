// SPDX-License-Identifier: GPL-2.0-or-later
#include "sessionstore.h"

#include "headless.h"
#include "mainwindow.h"
#include "settings.h"
#include "timeline.h"
#include "viewstate.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr qsizetype kMaxSessionBytes = 80 * 1024 * 1024; // a 64 MiB scenario and its escapes
const QString kLastKey = u"session/last"_s;
} // namespace

SessionStore::SessionStore(MainWindow* window, bool persistent, QMenu* fileMenu, QMenu* viewMenu)
    : QObject(window), window_(window), persistent_(persistent),
      defaultLayout_(window->saveState()) {
    window_->installEventFilter(this);
    // Above the separator before Quit.
    const QList<QAction*> present = fileMenu->actions();
    QAction* before = present.size() >= 2 ? present.at(present.size() - 2) : nullptr;
    fileMenu->insertSeparator(before);
    auto* save = new QAction(tr("&Save session…"), this);
    save->setObjectName(u"actionSaveSession"_s);
    save->setStatusTip(tr("Save the scenario, schedule, step, selection, view and layout as JSON"));
    connect(save, &QAction::triggered, this, &SessionStore::saveFileDialog);
    auto* open = new QAction(tr("Open &session…"), this);
    open->setObjectName(u"actionOpenSession"_s);
    open->setStatusTip(tr("Open a session saved with Save session…"));
    connect(open, &QAction::triggered, this, &SessionStore::openFileDialog);
    fileMenu->insertActions(before, {open, save});

    viewMenu->addSeparator();
    QAction* reset = viewMenu->addAction(tr("&Reset layout"), this, &SessionStore::resetLayout);
    reset->setObjectName(u"actionResetLayout"_s);
    reset->setStatusTip(tr("Put every pane back where it was at first start"));
    QMenu* theme = viewMenu->addMenu(tr("&Theme"));
    auto* group = new QActionGroup(this);
    for (const QString& name : {u"light"_s, u"dark"_s}) {
        QAction* a = theme->addAction(name == u"light"_s ? tr("&Light") : tr("&Dark"), this,
                                      [this, name] { setTheme(name); });
        a->setObjectName(u"actionTheme"_s + name);
        a->setCheckable(true);
        a->setChecked(headless::currentTheme() == name);
        group->addAction(a);
    }
}

bool SessionStore::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && event->type() == QEvent::Close) saveLast();
    return QObject::eventFilter(watched, event);
}

QByteArray SessionStore::sessionJson() const {
    const ViewState st =
        ViewState::capture(*window_, headless::currentTheme(), {}, window_->size());
    QJsonObject o;
    o[u"format"_s] = u"dentryscope-session 1"_s;
    o[u"state"_s] = QJsonDocument::fromJson(st.toJson()).object();
    o[u"geometry"_s] = QString::fromLatin1(window_->saveGeometry().toBase64());
    o[u"layout"_s] = QString::fromLatin1(window_->saveState().toBase64());
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

bool SessionStore::applySession(const QByteArray& json, bool withLayout, QString* error) {
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const QJsonObject o = doc.object();
    if (!doc.isObject() || o.value(u"format"_s).toString() != u"dentryscope-session 1"_s) {
        if (error) *error = tr("not a dentryscope session (expected \"dentryscope-session 1\")");
        return false;
    }
    const auto st =
        ViewState::fromJson(QJsonDocument(o.value(u"state"_s).toObject()).toJson(), error);
    if (!st) return false;
    if (!st->theme.isEmpty()) setTheme(st->theme);
    if (withLayout) {
        window_->restoreGeometry(
            QByteArray::fromBase64(o.value(u"geometry"_s).toString().toLatin1()));
        window_->restoreState(QByteArray::fromBase64(o.value(u"layout"_s).toString().toLatin1()));
    }
    if (st->name.isEmpty() && st->text.isEmpty()) return true; // no run was open
    return st->applyTo(*window_, error);
}

void SessionStore::saveLast() const {
    if (!persistent_) return;
    QSettings settings;
    if (!window_->scenarioName().isEmpty()) settings.setValue(kLastKey, sessionJson());
}

bool SessionStore::restoreLast(QString* error) {
    if (!persistent_) return false;
    const QByteArray json = settings::bytes(QSettings(), kLastKey, kMaxSessionBytes);
    if (json.isEmpty()) {
        if (error) *error = tr("no last session");
        return false;
    }
    // The layout is the window's own (restored as it was built); this brings back the run.
    return applySession(json, /*withLayout=*/false, error);
}

bool SessionStore::saveFile(const QString& path, QString* error) const {
    const QByteArray json = sessionJson();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size() || !out.commit()) {
        if (error) *error = tr("cannot write '%1': %2").arg(path, out.errorString());
        return false;
    }
    return true;
}

bool SessionStore::openFile(const QString& path, QString* error) {
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly) || in.size() > kMaxSessionBytes) {
        if (error)
            *error = path + u": "_s + (in.isOpen() ? tr("larger than 80 MiB") : in.errorString());
        return false;
    }
    QString why;
    if (!applySession(in.readAll(), /*withLayout=*/true, &why)) {
        if (error) *error = path + u": "_s + why;
        return false;
    }
    return true;
}

void SessionStore::resetLayout() {
    window_->restoreState(defaultLayout_);
    for (QDockWidget* d : window_->findChildren<QDockWidget*>())
        if (d->isFloating()) d->setFloating(false);
}

void SessionStore::setTheme(const QString& theme) {
    headless::applyTheme(theme);
    for (QAction* a : window_->findChildren<QAction*>())
        if (a->objectName() == u"actionTheme"_s + theme) a->setChecked(true);
}

void SessionStore::saveFileDialog() {
    const QString path = QFileDialog::getSaveFileName(window_, tr("Save session"), QString(),
                                                      tr("dentryscope sessions (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!saveFile(path, &error))
        QMessageBox::warning(window_, tr("Save session"), error);
    else
        window_->statusBar()->showMessage(tr("session saved to %1").arg(path), 5000);
}

void SessionStore::openFileDialog() {
    const QString path = QFileDialog::getOpenFileName(window_, tr("Open session"), QString(),
                                                      tr("dentryscope sessions (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!openFile(path, &error)) QMessageBox::warning(window_, tr("Open session"), error);
}

} // namespace ds::ui
