// SPDX-License-Identifier: GPL-2.0-or-later
// Every user-visible string of the GUI goes through tr() (or QCoreApplication::translate), so
// that lupdate finds it: a literal handed straight to setText, setToolTip, addAction, a QLabel,
// a QMessageBox … in ui/ or app/gui_main.cpp fails here, and the translation template that the
// build generates (build/translations/dentryscope.ts) holds at least as many messages as the
// GUI had wrapped when this test was written, and every description `dentryscope --help` prints.
// What a user sees in the window is checked by tst_gui_pseudo (a pseudo-translation run).
#include <QtTest/QtTest>

#include <QDirIterator>
#include <QProcess>
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
                       "addTab|setTabText|setHeaderLabels|setHorizontalHeaderLabels|setSuffix|"
                       "setPrefix|setSpecialValueText|setAccessibleName|setAccessibleDescription|"
                       "setTabToolTip|addItem|insertItem|setItemText|"
                       "QInputDialog::get\\w+\\s*\\([^;]*?,|QFileDialog::get\\w+\\s*\\([^;]*?,|"
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

// The descriptions `dentryscope --help` prints (the program's and each option's or argument's),
// each joined from its wrapped lines. Qt's own options (--help, --help-all, --version) are left
// out: Qt's catalogue translates them.
QStringList helpDescriptions(const QString& help) {
    const QStringList lines = help.split(u'\n');
    QStringList out;
    if (lines.size() > 1) out << lines.at(1).trimmed(); // the application description
    // the column the descriptions start at: that of "Displays help on …" of -h, --help
    qsizetype column = -1;
    for (const QString& l : lines)
        if (l.startsWith(QStringLiteral("  -h, --help")))
            column = l.indexOf(QStringLiteral("Displays"));
    if (column <= 0) return {QStringLiteral("(no -h, --help line in: %1)").arg(help)};
    bool arguments = false;
    QString names, text;
    auto flush = [&] {
        static const QStringList qtOwn{QStringLiteral("-h, --help"), QStringLiteral("--help-all"),
                                       QStringLiteral("-v, --version")};
        if (!text.isEmpty() && !qtOwn.contains(names.trimmed())) out << text.simplified();
        names.clear();
        text.clear();
    };
    for (const QString& l : lines) {
        if (l == QStringLiteral("Arguments:")) {
            flush();
            arguments = true;
        }
        if (l.size() <= column || !l.startsWith(QStringLiteral("  "))) continue;
        const QChar first = l.at(2);
        if (first == u'-' || (arguments && first != u' ')) flush();
        names += l.left(column);
        text += u' ' + l.mid(column);
    }
    flush();
    return out;
}

// Whether `text` is the source of one of `sources`, a %1 standing for any number.
// Whether `text` is one of the template's `sources` with its %1 … filled by what `argument`
// (a regular expression) matches: numbers by default.
bool isMessage(const QString& text, const QStringList& sources,
               const QString& argument = QStringLiteral("\\d+")) {
    for (const QString& source : sources) {
        QString pattern = QRegularExpression::escape(source.simplified());
        pattern.replace(QRegularExpression(QStringLiteral("\\\\%\\d")), argument);
        if (QRegularExpression(u'^' + pattern + u'$').match(text).hasMatch()) return true;
    }
    return false;
}

// The <source> texts of the template the build generated, and its message count.
QStringList templateSources(int* messages, QSet<QString>* contexts, QString* error) {
#ifndef DS_TS_TEMPLATE
    Q_UNUSED(messages);
    Q_UNUSED(contexts);
    *error = QStringLiteral("no template");
    return {};
#else
    QFile ts(QStringLiteral(DS_TS_TEMPLATE));
    if (!ts.open(QIODevice::ReadOnly)) {
        *error = ts.fileName() + ts.errorString();
        return {};
    }
    QXmlStreamReader xml(&ts);
    QStringList sources;
    QString context;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (xml.name() == u"name") context = xml.readElementText();
        if (xml.name() == u"context") context.clear();
        if (xml.name() == u"message") {
            ++*messages;
            *contexts << context;
        }
        if (xml.name() == u"source") sources << xml.readElementText();
    }
    if (xml.hasError()) *error = xml.errorString();
    return sources;
#endif
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
        QTest::newRow("spin box suffix")
            << QStringLiteral("speed->setSuffix(%1);").arg(QLatin1String("u\" ev/s\"_s")) << true;
        QTest::newRow("combo box item")
            << QStringLiteral("box->addItem(%1, 3);").arg(QLatin1String(lit)) << true;
        QTest::newRow("input dialog label")
            << QStringLiteral("QInputDialog::getInt(this, tr(\"Jump\"), %1, 0);")
                   .arg(QLatin1String(lit))
            << true;
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
        int messages = 0;
        QSet<QString> contexts;
        QString error;
        const QStringList sources = templateSources(&messages, &contexts, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
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

    // --help is printed before any window exists, so the pseudo-translation run cannot see it:
    // every description it prints must be a message of the template (then a translation
    // replaces it; gui_main.cpp installs the translation before printing).
    void helpDescriptionsAreInTheTemplate() {
#if !defined(DS_TS_TEMPLATE) || !defined(DS_GUI_EXE)
        QSKIP("no template or no GUI program to ask for --help");
#else
        QCOMPARE(helpDescriptions(QStringLiteral("Usage: x [options]\nDoes it.\n\nOptions:\n"
                                                 "  -h, --help  Displays help\n"
                                                 "              on options.\n"
                                                 "  --step <N>  Open at\n"
                                                 "              step N.\n")),
                 QStringList({QStringLiteral("Does it."), QStringLiteral("Open at step N.")}));
        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        gui.setProcessEnvironment(env);
        gui.start(QStringLiteral(DS_GUI_EXE), {QStringLiteral("--help")});
        QVERIFY(gui.waitForFinished(60000));
        QCOMPARE(gui.exitCode(), 0);
        const QStringList described =
            helpDescriptions(QString::fromLocal8Bit(gui.readAllStandardOutput()));
        QVERIFY2(described.size() >= 10, qPrintable(described.join(u'\n')));
        int messages = 0;
        QSet<QString> contexts;
        QString error;
        const QStringList sources = templateSources(&messages, &contexts, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList missing;
        for (const QString& d : described)
            if (!isMessage(d, sources)) missing << d;
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("not in the template:\n") + missing.join(u'\n')));
#endif
    }

    // What the GUI program says on stderr for a wrong command line is a template message too
    // (its %1 … filled with the user's values).
    void usageErrorsAreInTheTemplate() {
#if !defined(DS_TS_TEMPLATE) || !defined(DS_GUI_EXE)
        QSKIP("no template or no GUI program to misuse");
#else
        int messages = 0;
        QSet<QString> contexts;
        QString error;
        const QStringList sources = templateSources(&messages, &contexts, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<QStringList> misuses = {
            {QStringLiteral("--step"), QStringLiteral("x"), QStringLiteral("d_instantiate-crash")},
            {QStringLiteral("--size"), QStringLiteral("big"),
             QStringLiteral("d_instantiate-crash")},
            {QStringLiteral("--theme"), QStringLiteral("pink")},
            {QStringLiteral("--compare"), QStringLiteral("v9.9")},
            {QStringLiteral("--render"), QStringLiteral("/tmp/x.png")},
            {QStringLiteral("--render"), QStringLiteral("/tmp/x.gif"),
             QStringLiteral("d_instantiate-crash")},
            {QStringLiteral("a"), QStringLiteral("b")},
            {QStringLiteral("--max-events"), QStringLiteral("abc"), QStringLiteral("x")},
            {QStringLiteral("--bogus")},
        };
        for (const QStringList& args : misuses) {
            QProcess gui;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            gui.setProcessEnvironment(env);
            gui.start(QStringLiteral(DS_GUI_EXE), args);
            QVERIFY(gui.waitForFinished(60000));
            QCOMPARE(gui.exitCode(), 2);
            const QString said = QString::fromLocal8Bit(gui.readAllStandardError()).trimmed();
            const QString prefix = QStringLiteral("dentryscope: ");
            QVERIFY2(said.startsWith(prefix), qPrintable(said));
            QVERIFY2(isMessage(said.mid(prefix.size()).simplified(), sources, QStringLiteral(".*")),
                     qPrintable(QStringLiteral("not in the template: ") + said));
        }
#endif
    }

private:
    static constexpr int kMinMessages = 559;
};

QTEST_GUILESS_MAIN(TstTranslation)
#include "tst_translation.moc"
