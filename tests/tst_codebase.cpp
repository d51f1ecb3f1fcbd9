// SPDX-License-Identifier: GPL-2.0-or-later
// The shape of the code, checked so that a later change cannot undo it silently: the engine's
// layering (DESIGN.md §3: the VFS reaches a filesystem only through its operations tables),
// the formatter applied to every source, and no source file over 600 lines.
#include <QtTest/QtTest>

#include <QDirIterator>
#include <QProcess>
#include <QRegularExpression>

namespace {

const QString kRoot = QStringLiteral(DENTRYSCOPE_SOURCE_DIR);

// Every C++ source under the given directories (relative to the repository root).
QStringList sources(const QStringList& dirs) {
    QStringList out;
    for (const QString& dir : dirs) {
        QDirIterator it(kRoot + u'/' + dir, {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            out << it.next();
    }
    out.sort();
    return out;
}

QString relative(const QString& path) {
    return QDir(kRoot).relativeFilePath(path);
}

// "file:line: text" of every line in `files` that matches `pattern`.
QStringList matches(const QStringList& files, const QRegularExpression& pattern) {
    QStringList hits;
    for (const QString& path : files) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
            hits << relative(path) + QStringLiteral(": cannot read");
            continue;
        }
        int line = 0;
        while (!f.atEnd()) {
            const QString text = QString::fromUtf8(f.readLine()).trimmed();
            ++line;
            if (pattern.match(text).hasMatch())
                hits << QStringLiteral("%1:%2: %3").arg(relative(path)).arg(line).arg(text);
        }
    }
    return hits;
}

} // namespace

class TstCodebase : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void layering_data() {
        QTest::addColumn<QStringList>("dirs");
        QTest::addColumn<QString>("pattern");
        // The VFS and the machine know no filesystem; ui/ and app/ reach designs by name
        // through the catalogue.
        QTest::newRow("no tracefs below it")
            << QStringList{u"core/vfs"_qs, u"core/sim"_qs, u"ui"_qs, u"app"_qs}
            << QStringLiteral("^#include \"tracefs/");
        // The machine, the replay and the exporters never see VFS objects.
        QTest::newRow("no vfs in sim, replay, export")
            << QStringList{u"core/sim"_qs, u"core/replay"_qs, u"core/export"_qs}
            << QStringLiteral("^#include \"vfs/");
        // A finished run is data: exporters and the replay read a Run, not the runner.
        QTest::newRow("no runner in replay, export")
            << QStringList{u"core/export"_qs, u"core/replay"_qs}
            << QStringLiteral("^#include \"(scenario|sim)/");
        // The VFS asks no filesystem what it is: it calls through the tables.
        QTest::newRow("no filesystem in the vfs")
            << QStringList{u"core/vfs"_qs}
            << QStringLiteral("(?i)eventfs|isStatic|hasRevalidate|hasIput|hasRelease");
        // The engine is pure C++20.
        QTest::newRow("no Qt in core") << QStringList{u"core"_qs} << QStringLiteral("^#include <Q");
    }
    void layering() {
        QFETCH(QStringList, dirs);
        QFETCH(QString, pattern);
        const QStringList files = sources(dirs);
        QVERIFY2(!files.isEmpty(), "no sources found: is DENTRYSCOPE_SOURCE_DIR right?");
        const QStringList hits = matches(files, QRegularExpression(pattern));
        QVERIFY2(hits.isEmpty(), qPrintable(u"layering broken:\n"_qs + hits.join(u'\n')));
    }

    // Every source is as .clang-format lays it out (clang-format 14, Debian 12's).
    void formatted() {
        const QStringList files =
            sources({u"core"_qs, u"ui"_qs, u"app"_qs, u"tests"_qs, u"bench"_qs, u"fuzz"_qs});
        QProcess p;
        p.setWorkingDirectory(kRoot);
        p.start(QStringLiteral("clang-format"),
                QStringList{u"--dry-run"_qs, u"-Werror"_qs} + files);
        QVERIFY2(p.waitForStarted(),
                 "clang-format not found: scripts/setup.sh installs it (Debian's clang-format)");
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAllStandardError()).left(4000);
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                 qPrintable(u"not formatted (run clang-format -i on these):\n"_qs + out));
    }

    // A class with ~100 members is a folder pretending to be a class (STYLE.md): no class or
    // struct in core/ declares more than 40 member functions. Counted from the headers: every
    // declaration or inline definition `name(...) [const] ... ;|{` at the class's own level.
    void classSizes() {
        const QRegularExpression head(QStringLiteral("(?:^|\\n)(?:class|struct) (\\w+)[^;{(]*\\{"));
        const QRegularExpression function(
            QStringLiteral("[\\w~]+\\s*\\([^;{]*\\)\\s*(const)?\\s*(override)?\\s*(noexcept)?\\s*(="
                           "\\s*\\w+)?\\s*[;{]"));
        QStringList large;
        for (const QString& path : sources({u"core"_qs})) {
            if (!path.endsWith(u".h"_qs)) continue;
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            for (auto it = head.globalMatch(text); it.hasNext();) {
                const QRegularExpressionMatch m = it.next();
                // The class body at its own level: nested braces (inline bodies, nested types)
                // kept as their opening brace only.
                QString body;
                int depth = 1;
                for (qsizetype i = m.capturedEnd(); i < text.size() && depth > 0; ++i) {
                    const QChar c = text[i];
                    if (c == u'{') {
                        if (depth++ == 1) body += c;
                    } else if (c == u'}') {
                        --depth;
                    } else if (depth == 1) {
                        body += c;
                    }
                }
                qsizetype count = 0;
                for (auto fn = function.globalMatch(body); fn.hasNext(); fn.next())
                    ++count;
                if (count > 40)
                    large << QStringLiteral("%1: %2 has %3")
                                 .arg(relative(path), m.captured(1))
                                 .arg(count);
            }
        }
        QVERIFY2(large.isEmpty(),
                 qPrintable(u"classes with over 40 member functions:\n"_qs + large.join(u'\n')));
    }

    // Every source says its licence in its first line (LICENSE: GPL-2.0-or-later), as the
    // kernel's own files do. Add `// SPDX-License-Identifier: GPL-2.0-or-later` to a new file.
    void spdxLines() {
        QStringList missing;
        const QStringList files =
            sources({u"core"_qs, u"ui"_qs, u"app"_qs, u"tests"_qs, u"bench"_qs, u"fuzz"_qs});
        for (const QString& path : files) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            if (f.readLine().trimmed() != "// SPDX-License-Identifier: GPL-2.0-or-later")
                missing << relative(path);
        }
        QVERIFY(files.size() > 100);
        QVERIFY2(missing.isEmpty(),
                 qPrintable(u"no SPDX line at the top:\n"_qs + missing.join(u'\n')));
    }

    // A file over ~600 lines is usually two files (STYLE.md).
    void fileSizes() {
        QStringList large;
        for (const QString& path : sources({u"core"_qs, u"ui"_qs, u"app"_qs, u"bench"_qs})) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const qsizetype lines = f.readAll().count('\n');
            if (lines > 600) large << QStringLiteral("%1: %2 lines").arg(relative(path)).arg(lines);
        }
        QVERIFY2(large.isEmpty(), qPrintable(u"split these:\n"_qs + large.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TstCodebase)
#include "tst_codebase.moc"
