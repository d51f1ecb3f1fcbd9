// SPDX-License-Identifier: GPL-2.0-or-later
// Every user-visible string of the GUI goes through tr() (or QCoreApplication::translate), so
// that lupdate finds it: a literal handed straight to setText, setToolTip, addAction, a QLabel,
// a QMessageBox … in ui/ or app/gui_main.cpp fails here, and the translation template that the
// build generates (build/translations/dentryscope.ts) holds at least as many messages as the
// GUI had wrapped when this test was written.
#include <QtTest/QtTest>

#include <QDirIterator>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace {

const QString kRoot = QStringLiteral(DENTRYSCOPE_SOURCE_DIR);

// The calls whose text argument a user reads. A match starts at the call and ends at a string
// literal given as its (first) argument: u"…"_s, QStringLiteral("…"), QLatin1String("…") or
// a bare "…".
const QRegularExpression& unwrappedPattern() {
    static const QRegularExpression re(
        QStringLiteral("\\b(setText|setToolTip|setStatusTip|setWhatsThis|setWindowTitle|"
                       "setPlaceholderText|setTitle|setLabelText|showMessage|addMenu|addAction|"
                       "addTab|setTabText|setHeaderLabels|"
                       "new\\s+(QLabel|QPushButton|QToolButton|QCheckBox|QRadioButton|QAction|"
                       "QGroupBox|QMenu)|"
                       "QMessageBox::(warning|critical|information|question|about)\\s*\\([^;]*?,)"
                       "\\s*\\(?\\s*(u\"|QStringLiteral\\s*\\(|QLatin1String\\s*\\(|\")"));
    return re;
}

// "line: text" of each unwrapped user-visible literal in `text`. A call on, or just after, a
// line that says "// untranslated: why" is exempt (e.g. PNG metadata keys, the program's name).
QStringList unwrapped(const QString& text) {
    QStringList hits;
    const QStringList lines = text.split(u'\n');
    auto it = unwrappedPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const int line = int(text.left(m.capturedStart()).count(u'\n'));
        const QString marker = QStringLiteral("// untranslated:");
        if (lines.at(line).contains(marker) || (line > 0 && lines.at(line - 1).contains(marker)))
            continue;
        hits << QString::number(line + 1) + QStringLiteral(": ") + lines.at(line).trimmed();
    }
    return hits;
}

QStringList guiSources() {
    QStringList out;
    QDirIterator it(kRoot + QStringLiteral("/ui"), {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next();
    out << kRoot + QStringLiteral("/app/gui_main.cpp");
    out.sort();
    return out;
}

} // namespace

class TstTranslation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The detector itself: it must see the unwrapped forms and pass the wrapped ones.
    void detectorCatchesUnwrappedLiterals_data() {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("flagged");
        const char* lit = "u\"Remove\"_s";
        QTest::newRow("setText literal")
            << QStringLiteral("b->setText(%1);").arg(QLatin1String(lit)) << true;
        QTest::newRow("tooltip QStringLiteral")
            << QStringLiteral("w->setToolTip(QStringLiteral(\"Scrub\"));") << true;
        QTest::newRow("QLabel literal")
            << QStringLiteral("auto* l = new QLabel(%1, this);").arg(QLatin1String(lit)) << true;
        QTest::newRow("addAction on next line")
            << QStringLiteral("menu->addAction(\n    %1, this, &X::y);").arg(QLatin1String(lit))
            << true;
        QTest::newRow("QMessageBox text")
            << QStringLiteral("QMessageBox::warning(this, %1, e);").arg(QLatin1String(lit)) << true;
        QTest::newRow("setText tr") << QStringLiteral("b->setText(tr(\"Remove\"));") << false;
        QTest::newRow("translate")
            << QStringLiteral("b->setToolTip(QCoreApplication::translate(\"C\", \"x\"));") << false;
        QTest::newRow("variable") << QStringLiteral("b->setText(name);") << false;
        QTest::newRow("exempt") << QStringLiteral("img.setText(%1, v); // untranslated: PNG key")
                                       .arg(QLatin1String(lit))
                                << false;
    }
    void detectorCatchesUnwrappedLiterals() {
        QFETCH(QString, code);
        QFETCH(bool, flagged);
        QCOMPARE(!unwrapped(code).isEmpty(), flagged);
    }

    void guiLiteralsAreWrapped() {
        QStringList hits;
        for (const QString& path : guiSources()) {
            QFile f(path);
            QVERIFY2(f.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(path));
            const QString rel = QDir(kRoot).relativeFilePath(path);
            for (const QString& h : unwrapped(QString::fromUtf8(f.readAll())))
                hits << rel + u':' + h;
        }
        QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("user-visible literals not in tr():\n") +
                                            hits.join(u'\n')));
    }

    // The template the build generated: a valid TS file with the GUI's texts in it.
    void templateHoldsTheGuiStrings() {
#ifndef DS_TS_TEMPLATE
        QSKIP("lupdate was not found at configure time (qt6-l10n-tools): no template to check");
#else
        QFile ts(QStringLiteral(DS_TS_TEMPLATE));
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName() + ts.errorString()));
        QXmlStreamReader xml(&ts);
        int messages = 0;
        QSet<QString> contexts;
        QStringList sources;
        QString context;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            if (xml.name() == u"name") context = xml.readElementText();
            if (xml.name() == u"context") context.clear();
            if (xml.name() == u"message") {
                ++messages;
                contexts << context;
            }
            if (xml.name() == u"source") sources << xml.readElementText();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        // the floor rises as more of the GUI is wrapped; it never falls
        QVERIFY2(messages >= kMinMessages,
                 qPrintable(QStringLiteral("%1 messages, expected at least %2")
                                .arg(messages)
                                .arg(kMinMessages)));
        // texts a user meets first: the menus and the main window's controls
        for (const char* s : {"&File", "&Quit", "Scrub through the run", "Keys and legend"})
            QVERIFY2(sources.contains(QString::fromUtf8(s)), s);
        QVERIFY(contexts.contains(QStringLiteral("ds::ui::MainWindow")));
#endif
    }

private:
    static constexpr int kMinMessages = 400;
};

QTEST_GUILESS_MAIN(TstTranslation)
#include "tst_translation.moc"
