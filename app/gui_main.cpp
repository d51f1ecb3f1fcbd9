// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope: the desktop GUI, and its headless renderer (--render FILE).

// The core first: Qt's `emit` keyword macro would otherwise rewrite ds::emit.
#include "scenario/runner.h"

#include "cmdline.h"
#include "mainwindow.h"
#include "output.h"
#include "qtoptions.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QPainter>
#include <QSvgGenerator>

#include "focus.h"
#include "headless.h"

#include <algorithm>
#include <exception>
#include <new>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

const QString kProgram = u"dentryscope"_s;
constexpr QSize kDefaultRenderSize{1600, 1000};

struct Options {
    QString scenario;
    QString design;
    std::optional<int> step;
    bool atBug = false;
    QString renderFile;
    QSize size = kDefaultRenderSize;
    QString theme; // empty: the platform's palette
    QString pane;  // empty: the window's default
    std::uint64_t maxEvents = ds::scenario::kDefaultMaxEvents;
};

struct OptionSet {
    QCommandLineOption design{u"design"_s, u"Kernel design (era) to simulate."_s, u"NAME"_s};
    QCommandLineOption step{u"step"_s, u"Open at event number N."_s, u"N"_s};
    QCommandLineOption atBug{u"at-bug"_s, u"Open at the first BUG the run reports."_s};
    QCommandLineOption render{
        u"render"_s, u"Render the window headless to FILE (.png or .svg) and exit."_s, u"FILE"_s};
    QCommandLineOption size{u"size"_s, u"Window size for --render (default 1600x1000)."_s,
                            u"WxH"_s};
    QCommandLineOption theme{u"theme"_s, u"Colour theme: light or dark."_s, u"light|dark"_s};
    QCommandLineOption pane{u"pane"_s, u"Pane to focus: tree, timeline, stack or getdents."_s,
                            u"tree|timeline|stack"_s};
    QCommandLineOption maxEvents = ds::app::maxEventsOption(ds::scenario::kDefaultMaxEvents);

    void addTo(QCommandLineParser& parser) const {
        parser.setApplicationDescription(
            u"Shows how the Linux dcache and eventfs create, reference and free dentries."_s);
        // -platform, -style …: one dash, whole word, as Qt spells its own options.
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument(
            u"scenario"_s, u"Built-in scenario name or scenario file to open."_s, u"[SCENARIO]"_s);
        parser.addOptions({design, step, atBug, render, size, theme, pane, maxEvents});
    }
};

QStringList rawArguments(int argc, char** argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

bool hasDisplay() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// Help, version and --render need no display, so they use the offscreen platform unless the
// user chose one (QT_QPA_PLATFORM, or -platform, which wins over it). Before QApplication exists.
void preferOffscreenWhenHeadless(const QCommandLineParser& parser, const OptionSet& options) {
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) return;
    if (parser.isSet(options.render) || parser.isSet(u"help"_s) || parser.isSet(u"help-all"_s) ||
        parser.isSet(u"version"_s))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

std::optional<QSize> parseSize(const QString& text) {
    const QStringList parts = text.split(u'x');
    if (parts.size() != 2) return std::nullopt;
    bool okWidth = false;
    bool okHeight = false;
    const int width = parts.at(0).toInt(&okWidth);
    const int height = parts.at(1).toInt(&okHeight);
    if (!okWidth || !okHeight || width < 1 || height < 1 || width > 16384 || height > 16384)
        return std::nullopt;
    return QSize(width, height);
}

int usageError(const QString& message) {
    ds::app::printError(kProgram + u": "_s + message);
    return ds::app::ExitUsage;
}

// Checks the values of the options; returns 0 or the exit code.
int readOptions(const QCommandLineParser& parser, const OptionSet& set, Options& options) {
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return usageError(u"expected at most one scenario, got "_s + positional.join(u' '));
    options.scenario = positional.value(0);
    options.design = parser.value(set.design);
    options.atBug = parser.isSet(set.atBug);
    if (parser.isSet(set.step)) {
        bool ok = false;
        const int step = parser.value(set.step).toInt(&ok);
        if (!ok || step < 0)
            return usageError(u"invalid --step '"_s + parser.value(set.step) +
                              u"': expected a number >= 0"_s);
        options.step = step;
    }
    if (parser.isSet(set.size)) {
        const std::optional<QSize> size = parseSize(parser.value(set.size));
        if (!size)
            return usageError(u"invalid --size '"_s + parser.value(set.size) +
                              u"': expected WxH, e.g. 1600x1000"_s);
        options.size = *size;
    }
    options.theme = parser.value(set.theme);
    if (parser.isSet(set.theme) && options.theme != "light"_L1 && options.theme != "dark"_L1)
        return usageError(u"invalid --theme '"_s + options.theme + u"': expected light or dark"_s);
    options.pane = parser.value(set.pane);
    if (parser.isSet(set.pane) && options.pane != "tree"_L1 && options.pane != "timeline"_L1 &&
        options.pane != "stack"_L1 && options.pane != "getdents"_L1)
        return usageError(u"invalid --pane '"_s + options.pane +
                          u"': expected tree, timeline, stack or getdents"_s);
    if (!ds::app::readMaxEvents(parser, options.maxEvents, kProgram)) return ds::app::ExitUsage;
    options.renderFile = parser.value(set.render);
    if (parser.isSet(set.render)) {
        const QString suffix = QFileInfo(options.renderFile).suffix().toLower();
        if (suffix != "png"_L1 && suffix != "svg"_L1)
            return usageError(u"invalid --render '"_s + options.renderFile +
                              u"': the file name must end in .png or .svg"_s);
    }
    return 0;
}

// Renders `window` at `size` into `file` (.png via QWidget::grab, .svg via QSvgGenerator): into
// memory first, then written whole (or not at all, keeping an existing file).
int render(QWidget& window, const QString& file, QSize size) {
    const QFileInfo info(file);
    if (!QDir().mkpath(info.absolutePath())) {
        ds::app::printError(kProgram + u": cannot create directory "_s + info.absolutePath());
        return ds::app::ExitFailure;
    }
    QByteArray bytes;
    QBuffer out(&bytes);
    out.open(QIODevice::WriteOnly);
    if (info.suffix().toLower() == "svg"_L1) {
        ds::ui::headless::layOut(window, size);
        QSvgGenerator generator;
        generator.setOutputDevice(&out);
        generator.setResolution(96);
        generator.setSize(window.size());
        generator.setViewBox(QRect(QPoint(0, 0), window.size()));
        generator.setTitle(window.windowTitle());
        generator.setDescription(u"Rendered by dentryscope "_s +
                                 QCoreApplication::applicationVersion());
        QPainter painter(&generator);
        window.render(&painter);
    } else if (!ds::ui::headless::renderImage(window, size).save(&out, "PNG")) {
        ds::app::printError(kProgram + u": cannot encode PNG for "_s + file);
        return ds::app::ExitFailure;
    }
    out.close();
    return ds::app::writeFileOrFail(kProgram, file, bytes) ? 0 : ds::app::ExitFailure;
}

// Headless, a scenario file that does not parse is a bad command line, as for the CLI: every
// error with its caret on stderr, exit 2. Returns 0 when it parses (or is no file at all: the
// window then says what is wrong with the name).
int checkScenarioParses(const QString& nameOrPath) {
    std::vector<ds::scenario::ParseError> errors;
    if (ds::scenario::loadScenario(nameOrPath.toStdString(), errors)) return 0;
    if (errors.empty() || errors.front().line == 0) return 0;
    for (const auto& e : errors)
        ds::app::printError(QString::fromStdString(e.format()));
    return ds::app::ExitUsage;
}

// The program, run by main() inside its try.
int run(int argc, char* argv[]) {
    QCoreApplication::setApplicationName(kProgram);
    QCoreApplication::setApplicationVersion(QStringLiteral(DENTRYSCOPE_VERSION));
    QCoreApplication::setOrganizationName(kProgram);

    // Parse before any QApplication exists, so that a wrong command line, --help and --version
    // neither need a display nor print the platform plugin's warnings.
    const OptionSet set;
    QCommandLineParser parser;
    set.addTo(parser);
    QStringList arguments = rawArguments(argc, argv);
    // Qt would read these files as soon as QApplication exists, whatever they are.
    if (const int code = ds::app::checkQtOptionFiles(arguments, kProgram)) return code;
    bool parsed = parser.parse(arguments);
    const QStringList unknown = parser.unknownOptionNames();
    // Only Qt's own options unknown: decide once QApplication has taken them out of argv.
    const bool deferred = !parsed && !unknown.isEmpty() &&
                          std::all_of(unknown.begin(), unknown.end(), ds::app::isQtGuiOption);
    Options options;
    if (!deferred) {
        if (const int code = ds::app::checkParse(parser, parsed, arguments, kProgram)) return code;
        if (parser.isSet(u"help"_s) || parser.isSet(u"help-all"_s) || parser.isSet(u"version"_s)) {
            QCoreApplication core(argc, argv);
            parser.process(core); // prints and exits
        }
        if (const int code = readOptions(parser, set, options)) return code;
    }

    // The window itself needs a display: say so rather than let the xcb plugin abort.
    if (!deferred && options.renderFile.isEmpty() && !hasDisplay() &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        ds::app::printError(kProgram + u": no display ($DISPLAY and $WAYLAND_DISPLAY are empty); "
                                       u"use --render FILE to render headless"_s);
        return ds::app::ExitFailure;
    }
    preferOffscreenWhenHeadless(parser, set);
    QApplication app(argc, argv); // takes Qt's own options (-platform, -style …) out of argv
    // The desktop entry (Wayland's app id) and the icon: the installed theme's, else ours.
    QGuiApplication::setDesktopFileName(u"io.github.dentryscope.dentryscope"_s);
    QApplication::setWindowIcon(
        QIcon::fromTheme(u"io.github.dentryscope.dentryscope"_s,
                         QIcon(u":/icons/io.github.dentryscope.dentryscope.svg"_s)));
    if (deferred) {
        arguments = QCoreApplication::arguments();
        parsed = parser.parse(arguments);
        if (const int code = ds::app::checkParse(parser, parsed, arguments, kProgram)) return code;
        parser.process(app); // the command line is valid: this only handles --help and --version
        if (const int code = readOptions(parser, set, options)) return code;
    }
    // A headless render is the same bytes for the same arguments: a fixed font and style, the
    // light palette unless --theme says otherwise, and no saved settings.
    const bool headless = !options.renderFile.isEmpty();
    if (headless) {
        if (!ds::ui::headless::useRenderFont())
            ds::app::printError(kProgram +
                                u": warning: font DejaVu Sans not found; the render may differ"_s);
        if (options.theme.isEmpty()) options.theme = u"light"_s;
    }
    ds::ui::headless::applyTheme(options.theme);

    if (headless && !options.scenario.isEmpty() &&
        !ds::ui::Session::isTraceFile(options.scenario)) {
        if (const int code = checkScenarioParses(options.scenario)) return code;
    }
    ds::ui::MainWindow window(/*persistent=*/!headless);
    window.setMaxEvents(options.maxEvents);
    if (!options.scenario.isEmpty()) {
        QString error;
        bool unknown = false;
        if (!window.openScenario(options.scenario, options.design, &error, &unknown)) {
            const bool badDesign = error.startsWith(u"unknown design"_s);
            if (unknown || badDesign) {
                ds::app::printError(kProgram + u": "_s +
                                    (unknown
                                         ? u"unknown scenario '"_s + options.scenario +
                                               u"' (not a built-in name and not a readable file)"_s
                                         : error));
                return ds::app::ExitUsage;
            }
            if (headless) {
                ds::app::printError(kProgram + u": "_s + error.section(u'\n', 0, 0));
                return ds::app::ExitFailure;
            }
        }
    }
    ds::ui::Focus* focus = window.focus();
    if (focus->hasRun()) {
        if (options.atBug) {
            ds::ui::headless::stepToFirstBug(*focus);
        } else if (options.step) {
            focus->setStep(static_cast<uint32_t>(*options.step));
        }
    }
    if (!options.pane.isEmpty()) window.raisePane(options.pane);
    if (headless) {
        if (!options.pane.isEmpty()) {
            // Only that pane, at --size.
            QWidget* pane = window.pane(options.pane);
            pane->setParent(nullptr);
            const int code = render(*pane, options.renderFile, options.size);
            delete pane;
            return code;
        }
        return render(window, options.renderFile, options.size);
    }

    window.resize(options.size);
    window.show();
    return app.exec();
}

} // namespace

int main(int argc, char* argv[]) {
    ds::app::checkStdoutAtExit(kProgram);
    // Qt's --help prints argv[0] ("Usage: /usr/bin/dentryscope"): name the program instead.
    static char programName[] = "dentryscope";
    if (argc > 0) argv[0] = programName;
    try {
        return run(argc, argv);
    } catch (const std::bad_alloc&) {
        ds::app::printError(kProgram + u": out of memory"_s);
    } catch (const std::exception& e) {
        ds::app::printError(kProgram + u": internal error: "_s + QString::fromLocal8Bit(e.what()));
    }
    return ds::app::ExitFailure;
}
