// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope-cli compare: one scenario under two designs, syscall by syscall.
//
//   compare SCENARIO [--design A] --vs B [--explore [--preemptions K] [--max-schedules N]]
//           [--format text|jsonl] [-o FILE] [--max-events N]
//
// Exit 0 when both runs ran, whatever their differences; 1 when a run could not start or an
// output could not be written; 2 for bad input (command line, scenario, design).

// The core first: Qt's `emit` keyword macro would otherwise rewrite ds::emit.
#include "export/compare.h"
#include "scenario/anchor.h"
#include "scenario/runner.h"
#include "scenario/verdict.h"

#include "cli_common.h"
#include "cmdline.h"

using namespace Qt::StringLiterals;

namespace ds::cli {

namespace {

const QString kProgram = u"dentryscope-cli"_s;

} // namespace

int compareCommand(const QString& name, const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Run a scenario under two designs (the anchored switches find their points under "
        u"each) and print, syscall by syscall, each side's result and how the dentries differ "
        u"at the syscall's exit; then both sides' reports and, with --explore, verdicts."_s);
    const QCommandLineOption design(u"design"_s, u"Side A (default: the scenario's design)."_s,
                                    u"NAME"_s);
    const QCommandLineOption vs(u"vs"_s, u"Side B's design (required)."_s, u"NAME"_s);
    const QCommandLineOption explore(
        u"explore"_s, u"Also explore each side's schedules and print a verdict for each."_s);
    const QCommandLineOption preemptions(
        u"preemptions"_s, u"With --explore: at most K preemptions (default 2)."_s, u"K"_s);
    const QCommandLineOption maxSchedules(
        u"max-schedules"_s, u"With --explore: at most N schedules per side (default 100000)."_s,
        u"N"_s);
    const QCommandLineOption format(u"format"_s, u"text (default) or jsonl."_s, u"FORMAT"_s,
                                    u"text"_s);
    const QCommandLineOption output({u"o"_s, u"output"_s},
                                    u"Write the output to FILE instead of stdout."_s, u"FILE"_s);
    const QCommandLineOption maxEvents = ds::app::maxEventsOption(ds::scenario::kDefaultMaxEvents);
    parser.addOptions({design, vs, explore, preemptions, maxSchedules, format, output, maxEvents});
    bool done = false;
    if (const int code = parseCommand(parser, name, arguments, u"SCENARIO"_s,
                                      u"A built-in scenario name or a scenario file."_s, done);
        code || done)
        return code;
    const QString fmt = parser.value(format);
    if (fmt != "text"_L1 && fmt != "jsonl"_L1) {
        ds::app::printError(kProgram + u": unknown format '"_s + fmt + u"' (text or jsonl)"_s);
        return ds::app::ExitUsage;
    }
    if (!parser.isSet(vs)) {
        ds::app::printError(kProgram + u" compare: --vs DESIGN is required (see --help)"_s);
        return ds::app::ExitUsage;
    }
    if (!checkDesign(parser.value(design)) || !checkDesign(parser.value(vs)))
        return ds::app::ExitUsage;
    if (!parser.isSet(explore) && (parser.isSet(preemptions) || parser.isSet(maxSchedules))) {
        ds::app::printError(kProgram +
                            u" compare: --preemptions and --max-schedules need --explore"_s);
        return ds::app::ExitUsage;
    }
    std::uint64_t maxEv = ds::scenario::kDefaultMaxEvents, pre = 2, maxSch = 100000;
    if (!ds::app::readMaxEvents(parser, maxEv, kProgram) ||
        !ds::app::readCount(parser, u"preemptions"_s, 0, 64, pre, kProgram) ||
        !ds::app::readCount(parser, u"max-schedules"_s, 1, 1000000000, maxSch, kProgram))
        return ds::app::ExitUsage;
    const auto sc = load(parser.positionalArguments().first(), nullptr);
    if (!sc) return ds::app::ExitUsage;

    const std::string designs[2] = {parser.isSet(design) ? parser.value(design).toStdString()
                                                         : sc->design,
                                    parser.value(vs).toStdString()};
    ds::scenario::RunResult runs[2];
    std::string verdicts[2];
    for (int side = 0; side < 2; ++side) {
        ds::scenario::RunOptions opts;
        opts.designOverride = designs[side];
        opts.maxEvents = maxEv;
        runs[side] = ds::scenario::runScenario(*sc, opts);
        if (!runs[side].error.empty()) {
            ds::app::printError(QString::fromStdString(sc->fileName + ": error: " + designs[side] +
                                                       ": " + runs[side].error));
            return ds::app::ExitFailure;
        }
        for (const auto& miss : runs[side].anchorMisses)
            writeErr(ds::scenario::formatMiss(sc->fileName, designs[side], miss));
        if (parser.isSet(explore)) {
            ds::scenario::ExploreOptions eo;
            eo.designOverride = designs[side];
            eo.preemptions = static_cast<int>(pre);
            eo.maxSchedules = static_cast<int>(maxSch);
            eo.maxEvents = maxEv;
            verdicts[side] =
                ds::scenario::exploreVerdict(ds::scenario::explore(*sc, eo), eo.preemptions);
        }
    }
    const ds::exporter::Comparison c = ds::exporter::compareRuns(runs[0], runs[1]);
    const std::string text =
        fmt == "jsonl"_L1
            ? ds::exporter::formatCompareJsonl(c, runs[0], runs[1], verdicts[0], verdicts[1])
            : ds::exporter::formatCompareText(c, runs[0], runs[1], verdicts[0], verdicts[1]);
    if (parser.isSet(output))
        return saveFile(parser.value(output), text) ? 0 : ds::app::ExitFailure;
    writeOut(text);
    return 0;
}

} // namespace ds::cli
