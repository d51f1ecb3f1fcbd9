// SPDX-License-Identifier: GPL-2.0-or-later
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace ds::ui {

QString installTranslation(QCoreApplication& app) {
    const QStringList folders{
        u":/translations"_s,
        QDir(QCoreApplication::applicationDirPath())
            .absoluteFilePath(u"../share/dentryscope/translations"_s),
    };
    auto* translator = new QTranslator(&app);
    for (const QString& folder : folders) {
        // QTranslator::load tries dentryscope_de_DE.qm, dentryscope_de.qm … for the UI languages.
        if (translator->load(QLocale(), u"dentryscope"_s, u"_"_s, folder)) {
            QCoreApplication::installTranslator(translator);
            return translator->filePath();
        }
    }
    delete translator;
    return {};
}

} // namespace ds::ui
