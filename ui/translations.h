// SPDX-License-Identifier: GPL-2.0-or-later
// Loads the GUI's translation for the user's locale, if one exists.
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace ds::ui {

// Where dentryscope_<locale>.qm is looked for, in order: the resources (:/translations), then
// share/dentryscope/translations of the prefix the executable runs from (../share/… from bin/).
QStringList translationFolders();

// Installs a QTranslator for dentryscope_<locale>.qm from the first of `folders` that has one
// for `locale` (or a less specific form of it: de_DE, then de). Returns the file it loaded, or
// an empty string: none ship yet, and the source (English) texts are shown.
QString installTranslation(QCoreApplication& app, const QLocale& locale = QLocale(),
                           const QStringList& folders = translationFolders());

} // namespace ds::ui
