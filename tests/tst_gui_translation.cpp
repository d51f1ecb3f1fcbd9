// SPDX-License-Identifier: GPL-2.0-or-later
// The GUI loads dentryscope_<locale>.qm when one exists, and its texts then change: a German
// catalogue with one message, compiled by lrelease, renames the File menu; without one (no
// catalogue ships yet) the window stays in English.
#include "mainwindow.h"
#include "translations.h"

#include <QApplication>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ds::ui;

namespace {

QString fileMenuTitle() {
    MainWindow w(false);
    for (QAction* a : w.menuBar()->actions())
        if (a->menu() && a->menu()->objectName() == QStringLiteral("menuFile")) return a->text();
    return {};
}

} // namespace

class TestGuiTranslation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void englishWithoutCatalogue() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(
            installTranslation(*qApp, QLocale(QStringLiteral("fr_FR")), {dir.path()}).isEmpty());
        QCOMPARE(fileMenuTitle(), QStringLiteral("&File"));
    }

    void loadsTheLocalesCatalogue() {
#ifndef DS_LRELEASE
        QSKIP("lrelease was not found at configure time (qt6-l10n-tools)");
#else
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile ts(dir.filePath(QStringLiteral("dentryscope_de.ts")));
        QVERIFY(ts.open(QIODevice::WriteOnly));
        const QByteArray xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                               "<!DOCTYPE TS>\n<TS version=\"2.1\" language=\"de\">\n"
                               "<context><name>ds::ui::MainWindow</name>\n"
                               "<message><source>&amp;File</source>"
                               "<translation>&amp;Datei</translation></message>\n"
                               "</context>\n</TS>\n";
        QCOMPARE(ts.write(xml), xml.size());
        ts.close();
        QProcess lrelease;
        lrelease.start(QStringLiteral(DS_LRELEASE),
                       {QStringLiteral("-silent"), ts.fileName(), QStringLiteral("-qm"),
                        dir.filePath(QStringLiteral("dentryscope_de.qm"))});
        QVERIFY(lrelease.waitForFinished(60000));
        QCOMPARE(lrelease.exitCode(), 0);
        // de_DE falls back to dentryscope_de.qm, as for a user with LANG=de_DE.UTF-8
        const QString loaded =
            installTranslation(*qApp, QLocale(QStringLiteral("de_DE")), {dir.path()});
        QVERIFY2(loaded.endsWith(QStringLiteral("dentryscope_de.qm")), qPrintable(loaded));
        QCOMPARE(fileMenuTitle(), QStringLiteral("&Datei"));
#endif
    }
};

QTEST_MAIN(TestGuiTranslation)
#include "tst_gui_translation.moc"
