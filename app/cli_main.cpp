// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope-cli: the command-line twin of the GUI (Qt Core only, no display needed).
//
//   dentryscope-cli [--help] [--version] COMMAND [ARGS...]
//
// Options after COMMAND belong to the command: each command parses its own arguments.
//
//   run SCENARIO [--design NAME] [--format strace|jsonl|chrome|explain] [-o FILE|-] [--stats]
//       [--max-events N]
//   explore SCENARIO [--design NAME] [--max-schedules N] [--preemptions K] [-o FILE]
//                    [--no-reduction]
//       [--max-events N]
//   compare SCENARIO [--design A] --vs B [--explore] [--format text|jsonl] [-o FILE]
//   designs | scenarios
//   import FILE [--format summary|strace|jsonl|chrome] [-o FILE]     (app/cli_real.cpp)
//   conform FILE [--design NAME] [--format text|jsonl] [-o FILE]
//   record [-o FILE] [--tracefs DIR] [--magic HEX] [--drop-caches] [--dry-run] -- COMMAND ...
//                                                                       (app/record.cpp)
//
// SCENARIO is a built-in name (see `scenarios`), a file, or `-` for standard input. Exit codes: 0
// fine, 1 an expectation failed / explore found a failing schedule / the run could not start or
// reached a limit / an output could not be written, 2 bad command line or scenario (parse errors
// are printed as file:line:col). explore stopped by SIGINT or SIGTERM prints what it did and exits
// 128 + the signal's number.

// The core first: Qt's `emit` keyword macro would otherwise rewrite ds::emit and Machine::emit.
#include "explain/explain.h"
#include "export/chrome.h"
#include "export/jsonl.h"
#include "export/strace.h"
#include "scenario/anchor.h"
#include "scenario/branch.h"
#include "scenario/catalogue.h"
#include "scenario/parser.h"
#include "scenario/runner.h"

#include "cli_common.h"
#include "cli_real.h"
#include "cmdline.h"
#include "output.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <new>
#include <optional>
#include <span>
#include <string>

using namespace Qt::StringLiterals;

namespace {

const QString kProgram = u"dentryscope-cli"_s;

// A command gets its own argument list: arguments[0] is "dentryscope-cli NAME", the rest is
// what followed NAME on the command line. It returns the process's exit code.
using CommandFunction = int (*)(const QString& name, const QStringList& arguments);

struct Command {
    QString name;
    QString summary;
    CommandFunction run;
};

// ---- helpers ----

// Checked when the program exits (ds::app::checkStdoutAtExit).
void writeOut(const std::string& text) {
    ds::app::writeStdout(QByteArrayView(text.data(), static_cast<qsizetype>(text.size())));
}

void writeErr(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

// --format explain: one sentence per state change (formatted whole: it is for reading).
bool writeExplain(const ds::Run& run, ds::exporter::Sink& sink) {
    sink.put(ds::explain::formatExplain(run));
    return sink.flush();
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// Parses a command's own arguments; returns 0 to go on, or the exit code to return (help: 0 is
// returned through `done`).
int parseCommand(QCommandLineParser& parser, const QString& name, const QStringList& arguments,
                 const QString& positional, const QString& positionalHelp, bool& done) {
    parser.addHelpOption();
    if (!positional.isEmpty()) parser.addPositionalArgument(positional, positionalHelp);
    done = false;
    const QString program = kProgram + u' ' + name;
    if (const int code = ds::app::checkParse(parser, parser.parse(arguments), arguments, program))
        return code;
    if (parser.isSet(u"help"_s)) {
        // Qt names argv[0]; name the command instead: "Usage: dentryscope-cli run [options] ...".
        QString help = parser.helpText();
        const QString usage = u"Usage: "_s;
        if (help.startsWith(usage)) {
            const qsizetype end = help.indexOf(u' ', usage.size());
            if (end > 0) help.replace(usage.size(), end - usage.size(), program);
        }
        writeOut(help.toStdString());
        done = true;
        return 0;
    }
    const int wanted = positional.isEmpty() ? 0 : 1;
    if (parser.positionalArguments().size() != wanted) {
        ds::app::printError(
            program + (wanted ? u": expected one "_s + positional : u": takes no arguments"_s) +
            u" (see --help)"_s);
        return ds::app::ExitUsage;
    }
    return 0;
}

// Loads SCENARIO (a built-in name or a file); prints the parse errors and returns nullopt.
std::optional<ds::scenario::Scenario> load(const QString& nameOrPath, std::string* text) {
    std::vector<ds::scenario::ParseError> errors;
    auto sc = ds::scenario::loadScenario(nameOrPath.toStdString(), errors, text);
    if (!sc) {
        for (const auto& e : errors) {
            if (e.line == 0)
                ds::app::printError(kProgram + u": "_s + q(e.file) + u": "_s + q(e.message));
            else
                writeErr(e.format() + "\n");
        }
        if (errors.empty())
            ds::app::printError(kProgram + u": cannot load '"_s + nameOrPath + u"'"_s);
    }
    return sc;
}

bool checkDesign(const QString& design) {
    if (design.isEmpty() || ds::catalogue::hasDesign(design.toStdString())) return true;
    QString known;
    for (const auto& d : ds::catalogue::designs())
        known += (known.isEmpty() ? u""_s : u", "_s) + q(d.name);
    ds::app::printError(kProgram + u": unknown design '"_s + design + u"' (known: "_s + known +
                        u")"_s);
    return false;
}

// ds::app::readCount into an integer of the option's own type.
template <typename Int>
bool parseCount(QCommandLineParser& parser, const QString& option, Int minimum, Int maximum,
                Int& value) {
    std::uint64_t v = 0;
    if (!ds::app::readCount(parser, option, static_cast<std::uint64_t>(minimum),
                            static_cast<std::uint64_t>(maximum), v, kProgram))
        return false;
    if (parser.isSet(option)) value = static_cast<Int>(v);
    return true;
}

bool saveFile(const QString& path, const std::string& text) {
    return ds::app::writeFileOrFail(kProgram, path,
                                    QByteArrayView(text.data(), qsizetype(text.size())));
}

QCommandLineOption maxEventsOption() {
    return ds::app::maxEventsOption(ds::scenario::kDefaultMaxEvents);
}

// "FILE: error: MESSAGE" for a run that could not go on, naming the option when it was a limit.
void printRunError(const ds::scenario::Scenario& sc, const ds::scenario::RunResult& res) {
    QString line = q(sc.fileName) + u": error: "_s + q(res.error);
    if (res.eventLimitReached) line += u"; raise it with --max-events"_s;
    ds::app::printError(line);
}

// ---- run ----

int runCommand(const QString& name, const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Run a scenario and print what happened."_s);
    const QCommandLineOption design(
        u"design"_s, u"Run under this design instead of the scenario's."_s, u"NAME"_s);
    const QCommandLineOption format(
        u"format"_s,
        u"strace (default), jsonl, chrome or explain (one sentence per state change)."_s,
        u"FORMAT"_s, u"strace"_s);
    const QCommandLineOption output({u"o"_s, u"output"_s},
                                    u"Write the output to FILE instead of stdout (- is stdout)."_s,
                                    u"FILE"_s);
    const QCommandLineOption stats(u"stats"_s,
                                   u"Print the event count, engine time and CPU time to stderr."_s);
    const QCommandLineOption maxEvents = maxEventsOption();
    parser.addOptions({design, format, output, stats, maxEvents});
    bool done = false;
    if (const int code = parseCommand(
            parser, name, arguments, u"SCENARIO"_s,
            u"A built-in scenario name, a scenario file, or - for standard input."_s, done);
        code || done)
        return code;
    const QString fmt = parser.value(format);
    if (fmt != "strace"_L1 && fmt != "jsonl"_L1 && fmt != "chrome"_L1 && fmt != "explain"_L1) {
        ds::app::printError(kProgram + u": unknown format '"_s + fmt +
                            u"' (strace, jsonl, chrome or explain)"_s);
        return ds::app::ExitUsage;
    }
    if (!checkDesign(parser.value(design))) return ds::app::ExitUsage;
    ds::scenario::RunOptions opts;
    if (!ds::app::readMaxEvents(parser, opts.maxEvents, kProgram)) return ds::app::ExitUsage;
    const auto sc = load(parser.positionalArguments().first(), nullptr);
    if (!sc) return ds::app::ExitUsage;

    opts.designOverride = parser.value(design).toStdString();
    const ds::scenario::RunResult res = ds::scenario::runScenario(*sc, opts);
    if (res.eventLimitReached) {
        printRunError(*sc, res);
        return ds::app::ExitFailure;
    }
    if (!res.error.empty()) {
        ds::app::printError(kProgram + u": "_s + q(res.error));
        return ds::app::ExitFailure;
    }
    // Switch lines whose anchor does not occur under this design: said, never silently dropped.
    for (const auto& miss : res.anchorMisses)
        writeErr(ds::scenario::formatMiss(sc->fileName, res.design, miss));

    // Streamed: formatted in chunks straight to the output, never held whole.
    ds::app::OutputTarget out(kProgram, parser.isSet(output) ? parser.value(output) : u"-"_s);
    if (!out.open()) return ds::app::ExitFailure;
    bool written = false;
    {
        ds::exporter::Sink sink(
            [&](const char* data, size_t size) { return out.write(data, size); });
        if (fmt == "jsonl"_L1)
            written = ds::exporter::writeJsonl(res, sink);
        else if (fmt == "chrome"_L1)
            written = ds::exporter::writeChromeTrace(res, sink);
        else if (fmt == "explain"_L1)
            written = writeExplain(res, sink);
        else
            written = ds::exporter::writeStrace(res, sink);
    }
    if (!out.finish(written)) return ds::app::ExitFailure;
    if (parser.isSet(stats)) {
        const double ms = res.seconds * 1000.0;
        const double rate =
            res.seconds > 0 ? static_cast<double>(res.events.size()) / res.seconds : 0.0;
        ds::app::printError(
            u"events: "_s + QString::number(res.events.size()) + u", engine time: "_s +
            QString::number(ms, 'f', 3) + u" ms, events/s: "_s + QString::number(rate, 'f', 0) +
            u", cpu time: "_s + QString::number(res.cpuSeconds * 1000.0, 'f', 3) + u" ms"_s);
    }
    if (res.expectationsOk) return 0;
    // Exit 1 says why on stderr too, where a script that drops stdout still sees it.
    for (const ds::ExpectationResult& x : res.expectations) {
        if (x.ok) continue;
        ds::app::printError(q(sc->fileName) + u':' + QString::number(x.pos.line) + u':' +
                            QString::number(x.pos.column) + u": expectation failed: "_s +
                            q(x.text) + u" ("_s + q(x.detail) + u')');
    }
    return ds::app::ExitFailure;
}

// ---- explore ----

// The scenario file with its schedule (and, when overridden, design) lines replaced, so that
// `run` on the result replays the failing run exactly. Its switches are anchored on what a task
// does where an anchor names the same step (`switch to B after A's open`), as the window's Copy
// scenario writes them, so that the reproducer reads as the story of the schedule and carries
// over to other designs; `switch at N` where none does.
std::string reproducer(const std::string& original, const ds::scenario::Scenario& sc,
                       const ds::scenario::RunResult& failing, const std::string& designOverride,
                       int schedules, int preemptions) {
    return ds::scenario::scenarioWithSchedule(
        original, sc.tasks, ds::scenario::anchoredSchedule(sc, failing), designOverride,
        "Found by dentryscope-cli explore (" + std::to_string(schedules) + " schedules, at most " +
            std::to_string(preemptions) + " preemption(s)).");
}

// SIGINT and SIGTERM during explore: the search stops after the schedule being run.
volatile std::sig_atomic_t gStopSignal = 0;

extern "C" void requestStop(int signal) {
    gStopSignal = signal;
}

// Reports progress on stderr every few seconds and stops the search once a signal came.
class ExploreMonitor {
public:
    explicit ExploreMonitor(int bound) : bound_(bound) {
        struct sigaction action {};
        action.sa_handler = requestStop;
        sigemptyset(&action.sa_mask);
        for (int signal : {SIGINT, SIGTERM})
            sigaction(signal, &action, nullptr);
        clock_.start();
    }
    ~ExploreMonitor() {
        for (int signal : {SIGINT, SIGTERM})
            std::signal(signal, SIG_DFL);
    }
    ExploreMonitor(const ExploreMonitor&) = delete;
    ExploreMonitor& operator=(const ExploreMonitor&) = delete;

    bool operator()(const ds::scenario::ExploreProgress& p) {
        if (gStopSignal) return false;
        if (clock_.elapsed() >= nextReportMs_) {
            nextReportMs_ = clock_.elapsed() + kEveryMs;
            const double rate = p.cpuSeconds > 0 ? p.schedulesRun / p.cpuSeconds : 0;
            ds::app::printError(kProgram + u": explore: "_s + QString::number(p.schedulesRun) +
                                u" schedules run, now with "_s + QString::number(p.preemptions) +
                                u" of at most "_s + QString::number(bound_) +
                                u" preemption(s), "_s + QString::number(clock_.elapsed() / 1000) +
                                u" s, "_s + QString::number(qRound64(rate)) +
                                u" schedules/s of CPU"_s);
        }
        return true;
    }
    int signal() const { return gStopSignal; }

private:
    static constexpr qint64 kEveryMs = 2000;
    int bound_;
    QElapsedTimer clock_;
    qint64 nextReportMs_ = kEveryMs;
};

int exploreCommand(const QString& name, const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Run the scenario under every schedule with at most K preemptions (fewest first) until "
        u"one hits a "
        u"BUG, WARN or KASAN report; print it as a scenario that `run` replays exactly."_s);
    const QCommandLineOption design(
        u"design"_s, u"Explore under this design instead of the scenario's."_s, u"NAME"_s);
    const QCommandLineOption maxSchedules(
        u"max-schedules"_s, u"Stop after N schedules (default: the scenario's, else 100000)."_s,
        u"N"_s);
    const QCommandLineOption preemptions(
        u"preemptions"_s, u"At most K preemptions (default: the scenario's, else 1)."_s, u"K"_s);
    const QCommandLineOption output({u"o"_s, u"output"_s},
                                    u"Also write the failing scenario to FILE."_s, u"FILE"_s);
    const QCommandLineOption maxEvents = maxEventsOption();
    const QCommandLineOption noReduction(
        u"no-reduction"_s,
        u"Run every schedule within the bound (no sleep-set partial-order reduction)."_s);
    parser.addOptions({design, maxSchedules, preemptions, output, maxEvents, noReduction});
    bool done = false;
    if (const int code = parseCommand(
            parser, name, arguments, u"SCENARIO"_s,
            u"A built-in scenario name, a scenario file, or - for standard input."_s, done);
        code || done)
        return code;
    if (!checkDesign(parser.value(design))) return ds::app::ExitUsage;
    std::string original;
    const auto sc = load(parser.positionalArguments().first(), &original);
    if (!sc) return ds::app::ExitUsage;

    ds::scenario::ExploreOptions opts;
    opts.designOverride = parser.value(design).toStdString();
    const bool scenarioExplores = sc->schedule.kind == ds::scenario::Schedule::Kind::Explore;
    opts.preemptions = scenarioExplores ? sc->schedule.preemptions : 1;
    opts.maxSchedules = scenarioExplores ? sc->schedule.maxSchedules : 100000;
    // The same ranges as the scenario's `schedule explore` line.
    if (!parseCount(parser, u"preemptions"_s, 0, 64, opts.preemptions)) return ds::app::ExitUsage;
    if (!parseCount(parser, u"max-schedules"_s, 1, 1000000000, opts.maxSchedules))
        return ds::app::ExitUsage;
    if (!ds::app::readMaxEvents(parser, opts.maxEvents, kProgram)) return ds::app::ExitUsage;
    opts.reduction = !parser.isSet(noReduction);

    // A run that cannot start (e.g. a tree that failed to load) is an error, not "no bug".
    {
        ds::scenario::RunOptions probe;
        probe.designOverride = opts.designOverride;
        probe.maxEvents = opts.maxEvents;
        const ds::scenario::RunResult r = ds::scenario::runScenario(*sc, probe);
        if (r.eventLimitReached) {
            printRunError(*sc, r);
            return ds::app::ExitFailure;
        }
        if (!r.error.empty()) {
            ds::app::printError(kProgram + u": "_s + q(r.error));
            return ds::app::ExitFailure;
        }
    }

    ExploreMonitor monitor(opts.preemptions);
    opts.onProgress = [&monitor](const ds::scenario::ExploreProgress& p) { return monitor(p); };
    const ds::scenario::ExploreResult res = ds::scenario::explore(*sc, opts);
    if (!res.error.empty()) {
        ds::scenario::RunResult failed;
        failed.error = res.error + " (after " + std::to_string(res.schedulesRun) + " schedules)";
        failed.eventLimitReached = res.eventLimitReached;
        printRunError(*sc, failed);
        return ds::app::ExitFailure;
    }
    std::string out = "explored " + std::to_string(res.schedulesRun) + " schedule" +
                      (res.schedulesRun == 1 ? "" : "s") + " (" +
                      (res.interrupted ? "interrupted"
                       : res.exhausted ? "exhausted"
                                       : "bound not exhausted") +
                      ")\n";
    if (res.interrupted) {
        const int signal = monitor.signal();
        writeOut(out + "no BUG, WARN or KASAN report in the schedules run so far (with up to " +
                 std::to_string(res.preemptionsReached) + " of " +
                 std::to_string(opts.preemptions) + " preemption(s)); stopped by " +
                 (signal == SIGTERM ? "SIGTERM" : "SIGINT") + "\n");
        return 128 + signal;
    }
    if (!res.failing) {
        writeOut(out + "no BUG, WARN or KASAN report within " + std::to_string(opts.preemptions) +
                 " preemption(s)\n");
        return 0;
    }
    for (const ds::Report& r : res.failing->reports) {
        if (r.kind == ds::Report::Kind::Leak || r.kind == ds::Report::Kind::Hang) continue;
        out += "\n" + r.text;
    }
    const std::string scenarioText = reproducer(original, *sc, *res.failing, opts.designOverride,
                                                res.schedulesRun, opts.preemptions);
    out += "\n--- failing schedule as a scenario (replay it with: dentryscope-cli run FILE) ---\n";
    out += scenarioText;
    writeOut(out);
    if (parser.isSet(output) && !saveFile(parser.value(output), scenarioText))
        return ds::app::ExitFailure;
    ds::app::printError(kProgram +
                        u": explore: found a schedule with a BUG, WARN or KASAN report "_s +
                        u"(printed above, with the scenario that replays it)"_s);
    return ds::app::ExitFailure;
}

// ---- designs, scenarios ----

int designsCommand(const QString& name, const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(u"List the kernel designs (eras) that can be simulated."_s);
    bool done = false;
    if (const int code = parseCommand(parser, name, arguments, {}, {}, done); code || done)
        return code;
    size_t width = 0;
    for (const auto& d : ds::catalogue::designs())
        width = std::max(width, d.name.size());
    std::string out;
    for (const auto& d : ds::catalogue::designs()) {
        const std::string& n = d.name;
        out += n + std::string(width + 2 - n.size(), ' ') + d.summary + "\n";
    }
    writeOut(out);
    return 0;
}

int scenariosCommand(const QString& name, const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(u"List the built-in scenarios."_s);
    bool done = false;
    if (const int code = parseCommand(parser, name, arguments, {}, {}, done); code || done)
        return code;
    const auto list = ds::scenario::builtinScenarios();
    size_t width = 0;
    for (const auto& [n, summary] : list)
        width = std::max(width, n.size());
    std::string out;
    for (const auto& [n, summary] : list)
        out += n + std::string(width + 2 - n.size(), ' ') + summary + "\n";
    writeOut(out);
    return 0;
}

} // namespace

namespace ds::cli {
int parseCommand(QCommandLineParser& parser, const QString& name, const QStringList& arguments,
                 const QString& positional, const QString& positionalHelp, bool& done) {
    return ::parseCommand(parser, name, arguments, positional, positionalHelp, done);
}
std::optional<ds::scenario::Scenario> load(const QString& nameOrPath, std::string* text) {
    return ::load(nameOrPath, text);
}
bool checkDesign(const QString& design) {
    return ::checkDesign(design);
}
void writeOut(const std::string& text) {
    ::writeOut(text);
}
void writeErr(const std::string& text) {
    ::writeErr(text);
}
bool saveFile(const QString& path, const std::string& text) {
    return ::saveFile(path, text);
}
} // namespace ds::cli

namespace {

// Adding a command: write `int myCommand(const QString&, const QStringList&)` and list it here.
std::span<const Command> commands() {
    static const Command table[] = {
        {u"run"_s,
         u"Run a scenario under a design; print its events (text, JSON Lines or Chrome trace)."_s,
         runCommand},
        {u"explore"_s,
         u"Try the schedules of a scenario systematically; report those that hit a BUG."_s,
         exploreCommand},
        {u"import"_s, u"Read a real kernel's ftrace text into the event model."_s,
         ds::app::importCommand},
        {u"conform"_s, u"Hold a real trace against a design: differences and a score."_s,
         ds::app::conformCommand},
        {u"record"_s, u"Trace the live kernel's dentries while a command runs (root)."_s,
         ds::app::recordCommand},
        {u"compare"_s,
         u"Run a scenario under two designs; print syscall by syscall how they differ."_s,
         ds::cli::compareCommand},
        {u"designs"_s, u"List the kernel designs (eras) that can be simulated."_s, designsCommand},
        {u"scenarios"_s, u"List the built-in scenarios."_s, scenariosCommand},
    };
    return table;
}

int dispatch(const QString& name, const QStringList& arguments) {
    for (const Command& command : commands()) {
        if (command.name == name) return command.run(name, arguments);
    }
    ds::app::printError(kProgram + u": unknown command '"_s + name + u"' (see --help)"_s);
    return ds::app::ExitUsage;
}

QString description() {
    QString text = u"Simulates the Linux dcache and eventfs and reports dentry lifetimes.\n\n"
                   u"Commands:"_s;
    for (const Command& command : commands())
        text += u"\n  "_s + command.name.leftJustified(11) + command.summary;
    return text;
}

} // namespace

int main(int argc, char* argv[]) {
    ds::app::checkStdoutAtExit(kProgram);
    // Qt's --help prints argv[0] ("Usage: /usr/bin/dentryscope-cli"): name the program instead.
    static char programName[] = "dentryscope-cli";
    if (argc > 0) argv[0] = programName;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(kProgram);
    QCoreApplication::setApplicationVersion(QStringLiteral(DENTRYSCOPE_VERSION));
    QCoreApplication::setOrganizationName(u"dentryscope"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, u"One of the commands above."_s, u"COMMAND"_s);
    parser.addPositionalArgument(u"args"_s, u"The command's own arguments."_s, u"[ARGS...]"_s);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);

    const QStringList arguments = QCoreApplication::arguments();
    if (const int code = ds::app::checkParse(parser, parser.parse(arguments), arguments, kProgram))
        return code;
    parser.process(app); // the command line is valid: this only handles --help and --version

    QStringList rest = parser.positionalArguments();
    if (rest.isEmpty()) {
        ds::app::printError(kProgram + u": missing command (see --help)"_s);
        return ds::app::ExitUsage;
    }
    const QString name = rest.takeFirst();
    rest.prepend(kProgram + u' ' + name);
    try {
        return dispatch(name, rest);
    } catch (const std::bad_alloc&) {
        ds::app::printError(kProgram + u": out of memory (lower --max-events, or explore with "_s +
                            u"fewer --preemptions)"_s);
    } catch (const std::exception& e) {
        ds::app::printError(kProgram + u": internal error: "_s + QString::fromLocal8Bit(e.what()));
    }
    return ds::app::ExitFailure;
}
