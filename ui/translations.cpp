// SPDX-License-Identifier: GPL-2.0-or-later
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace ds::ui {

QStringList translationFolders() {
    return {u":/translations"_s, QDir(QCoreApplication::applicationDirPath())
                                     .absoluteFilePath(u"../share/dentryscope/translations"_s)};
}

QString installTranslation(QCoreApplication& app, const QLocale& locale,
                           const QStringList& folders) {
    auto* translator = new QTranslator(&app);
    for (const QString& folder : folders) {
        if (translator->load(locale, u"dentryscope"_s, u"_"_s, folder)) {
            QCoreApplication::installTranslator(translator);
            return translator->filePath();
        }
    }
    delete translator;
    return {};
}

} // namespace ds::ui
