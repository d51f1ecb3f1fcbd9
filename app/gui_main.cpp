// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope: the desktop GUI, and its headless renderer (--render FILE).

// The core first: Qt's `emit` keyword macro would otherwise rewrite ds::emit.
#include "scenario/catalogue.h"
#include "scenario/runner.h"

#include "cmdline.h"
#include "mainwindow.h"
#include "output.h"
#include "qtoptions.h"
#include "tracedat.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QPainter>
#include <QSvgGenerator>

#include "compareview.h"
#include "focus.h"
#include "headless.h"
#include "picture.h"
#include "realcompareview.h"
#include "reviewframe.h"
#include "session.h"
#include "sessionstore.h"
#include "timeline.h"
#include "translations.h"
#include "viewstate.h"

#include <algorithm>
#include <exception>
#include <memory>
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
    bool sizeSet = false;
    QString theme;         // empty: the platform's palette
    QString pane;          // empty: the window's default
    QString compare;       // --compare DESIGN: the compare view against that design
    bool realTime = false; // --real-time: the timeline on a real trace's timestamps
    std::uint64_t maxEvents = ds::scenario::kDefaultMaxEvents;
};

// The descriptions --help prints, in the user's language when a translation is installed.
struct OptionSet {
    QCommandLineOption design{
        u"design"_s, QCoreApplication::translate("dentryscope", "Kernel design (era) to simulate."),
        u"NAME"_s};
    QCommandLineOption step{u"step"_s,
                            QCoreApplication::translate(
                                "dentryscope", "Open at step N: the state right after event #N."),
                            u"N"_s};
    QCommandLineOption atBug{
        u"at-bug"_s,
        QCoreApplication::translate("dentryscope", "Open at the first BUG the run reports.")};
    QCommandLineOption render{
        u"render"_s,
        QCoreApplication::translate("dentryscope",
                                    "Render the window headless to FILE (.png or .svg) and exit."),
        u"FILE"_s};
    QCommandLineOption size{
        u"size"_s,
        QCoreApplication::translate("dentryscope", "Window size for --render (default 1600x1000)."),
        u"WxH"_s};
    QCommandLineOption theme{
        u"theme"_s, QCoreApplication::translate("dentryscope", "Colour theme: light or dark."),
        u"light|dark"_s};
    QCommandLineOption pane{
        u"pane"_s,
        QCoreApplication::translate("dentryscope",
                                    "Pane to focus (with --render: to draw alone at --size)."),
        ds::ui::MainWindow::paneNames().join(u'|')};
    QCommandLineOption compare{
        u"compare"_s,
        QCoreApplication::translate(
            "dentryscope", "Open the compare view: the scenario under --design beside NAME (a "
                           "real trace: beside its syscalls simulated under NAME)."),
        u"NAME"_s};
    QCommandLineOption realTime{
        u"real-time"_s,
        QCoreApplication::translate(
            "dentryscope", "A real trace's timeline on its timestamps (View › Real time axis).")};
    QCommandLineOption maxEvents = ds::app::maxEventsOption(ds::scenario::kDefaultMaxEvents);

    void addTo(QCommandLineParser& parser) const {
        parser.setApplicationDescription(QCoreApplication::translate(
            "dentryscope",
            "Shows how the Linux dcache and eventfs create, reference and free dentries."));
        // -platform, -style …: one dash, whole word, as Qt spells its own options.
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument(
            u"scenario"_s,
            QCoreApplication::translate("dentryscope",
                                        "Built-in scenario name or scenario file to open."),
            u"[SCENARIO]"_s);
        parser.addOptions(
            {design, step, atBug, render, size, theme, pane, compare, realTime, maxEvents});
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
        return usageError(
            QCoreApplication::translate("dentryscope", "expected at most one scenario, got %1")
                .arg(positional.join(u' ')));
    options.scenario = positional.value(0);
    options.design = parser.value(set.design);
    options.atBug = parser.isSet(set.atBug);
    options.realTime = parser.isSet(set.realTime);
    if (parser.isSet(set.step)) {
        bool ok = false;
        const int step = parser.value(set.step).toInt(&ok);
        if (!ok || step < 0)
            return usageError(QCoreApplication::translate(
                                  "dentryscope", "invalid --step '%1': expected a number >= 0")
                                  .arg(parser.value(set.step)));
        options.step = step;
    }
    if (parser.isSet(set.size)) {
        const std::optional<QSize> size = parseSize(parser.value(set.size));
        if (!size)
            return usageError(
                QCoreApplication::translate("dentryscope",
                                            "invalid --size '%1': expected WxH, e.g. 1600x1000")
                    .arg(parser.value(set.size)));
        options.size = *size;
        options.sizeSet = true;
    }
    options.theme = parser.value(set.theme);
    if (parser.isSet(set.theme) && options.theme != "light"_L1 && options.theme != "dark"_L1)
        return usageError(QCoreApplication::translate(
                              "dentryscope", "invalid --theme '%1': expected light or dark")
                              .arg(options.theme));
    options.compare = parser.value(set.compare);
    if (parser.isSet(set.compare) && !ds::catalogue::hasDesign(options.compare.toStdString()))
        return usageError(
            QCoreApplication::translate("dentryscope", "unknown design '%1' for --compare")
                .arg(options.compare));
    if (parser.isSet(set.compare) && parser.isSet(set.pane))
        return usageError(
            QCoreApplication::translate("dentryscope", "--compare and --pane cannot be combined"));
    options.pane = parser.value(set.pane);
    if (parser.isSet(set.pane) && !ds::ui::MainWindow::paneNames().contains(options.pane))
        return usageError(
            QCoreApplication::translate("dentryscope", "invalid --pane '%1': expected %2")
                .arg(options.pane, ds::ui::MainWindow::paneNames().join(u", "_s)));
    if (!ds::app::readMaxEvents(parser, options.maxEvents, kProgram)) return ds::app::ExitUsage;
    options.renderFile = parser.value(set.render);
    if (parser.isSet(set.render) && options.scenario.isEmpty())
        return usageError(QCoreApplication::translate(
            "dentryscope", "--render needs a scenario: a built-in name, a scenario file or a "
                           "picture dentryscope wrote"));
    if (parser.isSet(set.render)) {
        const QString suffix = QFileInfo(options.renderFile).suffix().toLower();
        if (suffix != "png"_L1 && suffix != "svg"_L1)
            return usageError(
                QCoreApplication::translate(
                    "dentryscope", "invalid --render '%1': the file name must end in .png or .svg")
                    .arg(options.renderFile));
    }
    return 0;
}

// Renders `widget`, laid out at `size`, into `file` (.png with the state in its text chunks,
// .svg with it in <metadata>): into memory first, then written whole (or not at all, keeping an
// existing file).
int render(QWidget& widget, const QString& file, QSize size, const ds::ui::ViewState& state) {
    const QFileInfo info(file);
    if (!QDir().mkpath(info.absolutePath())) {
        ds::app::printError(kProgram + u": "_s +
                            QCoreApplication::translate("dentryscope", "cannot create directory %1")
                                .arg(info.absolutePath()));
        return ds::app::ExitFailure;
    }
    QByteArray bytes;
    if (info.suffix().toLower() == "svg"_L1) {
        ds::ui::headless::layOut(widget, size);
        bytes = ds::ui::picture::svg(widget, state);
    } else {
        bytes = ds::ui::picture::png(ds::ui::headless::renderImage(widget, size), state);
        if (bytes.isEmpty()) {
            ds::app::printError(
                kProgram + u": "_s +
                QCoreApplication::translate("dentryscope", "cannot encode PNG for %1").arg(file));
            return ds::app::ExitFailure;
        }
    }
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

// --compare with a real trace open: the trace beside the simulation of its syscalls, at the last
// replayed syscall at or before --step (an event of the trace).
int showTraceCompare(ds::ui::MainWindow& window, const Options& options) {
    const ds::ui::Session* s = window.focus()->session();
    if (options.renderFile.isEmpty()) {
        ds::ui::RealCompareView* view = window.compareTraceWith(options.compare);
        if (options.step) view->stepToEvent(static_cast<uint32_t>(*options.step));
        return QApplication::exec();
    }
    ds::ui::RealCompareView view(s->real, QFileInfo(s->name).fileName(),
                                 options.compare.toStdString());
    if (options.step) view.stepToEvent(static_cast<uint32_t>(*options.step));
    return render(view, options.renderFile, options.size,
                  ds::ui::ViewState::capture(window, options.theme, QString(), options.size));
}

// --compare: the compare view at --step (an event of the --design side) or --at-bug; headless,
// with both sides explored first so that the picture names both verdicts.
int showCompare(ds::ui::MainWindow& window, const Options& options) {
    if (window.focus()->session()->real) return showTraceCompare(window, options);
    if (options.renderFile.isEmpty()) {
        ds::ui::CompareView* view = window.compareWith(options.compare);
        if (options.atBug)
            view->stepToBug();
        else if (options.step)
            view->stepToEvent(static_cast<uint32_t>(*options.step));
        return QApplication::exec();
    }
    const ds::ui::Session* s = window.focus()->session();
    ds::ui::CompareView view(s->scenario, s->run, options.compare.toStdString());
    view.exploreNow();
    if (options.atBug && !view.stepToBug())
        ds::app::printError(kProgram + u": "_s +
                            QCoreApplication::translate(
                                "dentryscope",
                                "warning: neither side reports a BUG; --at-bug shows the first "
                                "point"));
    else if (options.step)
        view.stepToEvent(static_cast<uint32_t>(*options.step));
    // the picture carries the --design side's state (reopening it opens that side alone)
    return render(view, options.renderFile, options.size,
                  ds::ui::ViewState::capture(window, options.theme, QString(), options.size));
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
        int code = 0;
        { // messages and --help in the user's language: the window's QApplication comes later
            QCoreApplication core(argc, argv);
            ds::ui::installTranslation(core);
            code = ds::app::checkParse(parser, parsed, arguments, kProgram);
            if (!code && (parser.isSet(u"help"_s) || parser.isSet(u"help-all"_s) ||
                          parser.isSet(u"version"_s))) {
                const OptionSet translated; // the descriptions in the user's language
                QCommandLineParser help;
                translated.addTo(help);
                help.process(core); // prints and exits
            }
            if (!code) code = readOptions(parser, set, options);
        }
        if (code) return code;
    }

    // The window itself needs a display: say so rather than let the xcb plugin abort.
    if (!deferred && options.renderFile.isEmpty() && !hasDisplay() &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        ds::app::printError(
            kProgram + u": "_s +
            QCoreApplication::translate("dentryscope",
                                        "no display ($DISPLAY and $WAYLAND_DISPLAY are empty); use "
                                        "--render FILE to render headless"));
        return ds::app::ExitFailure;
    }
    preferOffscreenWhenHeadless(parser, set);
    // A trace.dat opens like trace text, read through libtracecmd (when built with it).
    ds::ui::Session::setTraceDatReader([](const std::string& path, std::string& error) {
        std::optional<std::string> text;
        if (auto dat = ds::app::readTraceDat(path, error)) text = std::move(dat->text);
        return text;
    });
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
    // The user's language, when a translation exists (none ship yet); a render stays in English.
    if (!headless) ds::ui::installTranslation(app);
    if (headless) {
        if (!ds::ui::headless::useRenderFont())
            ds::app::printError(kProgram +
                                u": warning: font DejaVu Sans not found; the render may differ"_s);
    }

    // A picture dentryscope wrote opens the state it shows; --theme, --pane, --size, --step and
    // --at-bug given as well win over the picture's.
    std::optional<ds::ui::ViewState> fromPicture;
    if (ds::ui::picture::isPictureName(options.scenario) && QFileInfo::exists(options.scenario)) {
        QString error;
        fromPicture = ds::ui::picture::read(options.scenario, &error);
        if (!fromPicture) return usageError(error);
        if (!options.design.isEmpty())
            return usageError(
                QCoreApplication::translate(
                    "dentryscope",
                    "--design cannot be used with a picture: %1 opens the design it was "
                    "drawn with (%2)")
                    .arg(options.scenario, fromPicture->runDesign));
        if (options.theme.isEmpty()) options.theme = fromPicture->theme;
        if (options.pane.isEmpty() && ds::ui::MainWindow::paneNames().contains(fromPicture->pane))
            options.pane = fromPicture->pane;
        if (!options.sizeSet && fromPicture->size.isValid()) options.size = fromPicture->size;
    }
    if (headless && options.theme.isEmpty()) options.theme = u"light"_s;
    ds::ui::headless::applyTheme(options.theme);

    if (headless && !options.scenario.isEmpty() && !fromPicture &&
        !ds::ui::Session::isTraceFile(options.scenario)) {
        if (const int code = checkScenarioParses(options.scenario)) return code;
    }
    ds::ui::MainWindow window(/*persistent=*/!headless);
    window.setMaxEvents(options.maxEvents);
    if (fromPicture) {
        QString error;
        if (!fromPicture->applyTo(window, &error))
            return usageError(options.scenario + u": "_s + error);
    } else if (!options.scenario.isEmpty()) {
        QString error;
        bool unknown = false;
        if (!window.openScenario(options.scenario, options.design, &error, &unknown)) {
            const bool badDesign = error.startsWith(u"unknown design"_s);
            if (unknown || badDesign) {
                ds::app::printError(
                    kProgram + u": "_s +
                    (unknown ? QCoreApplication::translate(
                                   "dentryscope",
                                   "unknown scenario '%1' (not a built-in name and not a "
                                   "readable file)")
                                   .arg(options.scenario)
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
        // Never a silent fallback: a step that is not there is a wrong command line.
        if (options.atBug && !ds::ui::headless::hasBug(*focus))
            return usageError(
                QCoreApplication::translate("dentryscope",
                                            "--at-bug: %1 reports no BUG under %2 (%3 events)")
                    .arg(options.scenario, QString::fromStdString(focus->session()->run.design),
                         QString::number(focus->steps())));
        // --step N is the state right after event #N: the last is the last event's number
        if (options.step && static_cast<uint32_t>(*options.step) >= focus->steps())
            return usageError(QCoreApplication::translate(
                                  "dentryscope", "--step %1 is past the end: %2 has steps 0 to %3")
                                  .arg(QString::number(*options.step), options.scenario,
                                       QString::number(int64_t(focus->steps()) - 1)));
        if (options.realTime && !window.timeline()->realTimeAvailable())
            return usageError(QCoreApplication::translate("dentryscope", "--real-time: %1")
                                  .arg(window.timeline()->realTimeWhy()));
        if (options.realTime) window.timeline()->setRealTime(true);
        if (options.atBug) {
            ds::ui::headless::stepToFirstBug(*focus);
        } else if (options.step) {
            focus->setStep(static_cast<uint32_t>(*options.step) + 1); // after event #N
        }
    }
    if (!options.compare.isEmpty() && focus->hasRun()) return showCompare(window, options);
    const bool keepPictureView = fromPicture && !options.atBug && !options.step;
    if (!options.pane.isEmpty()) window.raisePane(options.pane);
    if (headless) {
        // The whole window, or only that pane, laid out at --size before it is framed: the lane
        // scroll depends on the height.
        QWidget* target = &window;
        std::unique_ptr<QWidget> detached;
        if (!options.pane.isEmpty()) {
            detached.reset(window.pane(options.pane));
            detached->setParent(nullptr);
            target = detached.get();
        }
        ds::ui::headless::layOut(*target, options.size);
        if (keepPictureView)
            fromPicture->applyView(window, nullptr);
        else
            ds::ui::frameForReview(window);
        const auto state =
            ds::ui::ViewState::capture(window, options.theme, options.pane, options.size);
        return render(*target, options.renderFile, options.size, state);
    }

    window.resize(options.size);
    window.show();
    if (keepPictureView) fromPicture->applyView(window, nullptr); // now that it is laid out
    // Nothing named on the command line: the last session comes back (its theme unless --theme).
    auto* sessions = window.findChild<ds::ui::SessionStore*>();
    if (options.scenario.isEmpty() && sessions && sessions->restoreLast(nullptr) &&
        parser.isSet(set.theme))
        sessions->setTheme(options.theme);
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
        ds::app::printError(kProgram + u": "_s +
                            QCoreApplication::translate("dentryscope", "out of memory"));
    } catch (const std::exception& e) {
        ds::app::printError(kProgram + u": "_s +
                            QCoreApplication::translate("dentryscope", "internal error: %1")
                                .arg(QString::fromLocal8Bit(e.what())));
    }
    return ds::app::ExitFailure;
}
