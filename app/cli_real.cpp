// SPDX-License-Identifier: GPL-2.0-or-later
// import FILE [--format summary|strace|jsonl|chrome] [-o FILE]
// conform FILE [--design NAME] [--format text|jsonl] [-o FILE]
//
// FILE is the text of an ftrace buffer (/sys/kernel/tracing/trace, or `trace-cmd report`).
// Lines that cannot be read are listed on stderr as FILE:LINE: why, and make the exit code 1;
// what could be read is still imported.
#include "export/chrome.h"
#include "export/jsonl.h"
#include "export/strace.h"
#include "import/conform.h"
#include "import/real_trace.h"
#include "scenario/catalogue.h"

#include "cli_real.h"
#include "cmdline.h"
#include "output.h"
#include "tracedat.h"

#include <QCommandLineParser>
#include <QFile>

#include <optional>
#include <string>

using namespace Qt::StringLiterals;

namespace ds::app {

namespace {

const QString kCli = u"dentryscope-cli"_s;
constexpr qint64 kMaxTraceBytes = qint64(1) << 31; // a text trace past 2 GiB is refused

// Help, a bad command line and the one FILE argument; returns -1 to go on, else the exit code.
int parseArgs(QCommandLineParser& parser, const QString& name, const QStringList& arguments,
              const QString& description) {
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addPositionalArgument(u"FILE"_s, u"An ftrace text trace (the trace file)."_s);
    const QString program = kCli + u' ' + name;
    if (const int code = checkParse(parser, parser.parse(arguments), arguments, program))
        return code;
    if (parser.isSet(u"help"_s)) {
        QString help = parser.helpText();
        const qsizetype end = help.indexOf(u' ', 7);
        if (help.startsWith(u"Usage: "_s) && end > 0) help.replace(7, end - 7, program);
        writeStdout(help.toUtf8());
        return 0;
    }
    if (parser.positionalArguments().size() != 1) {
        printError(program + u": expected one FILE (see --help)"_s);
        return ExitUsage;
    }
    return -1;
}

// Reads and imports FILE; reports what could not be read. nullopt: nothing usable.
std::optional<import::RealTrace> load(const QString& path, bool& unreadable) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        printError(kCli + u": cannot read '"_s + path + u"': "_s + f.errorString());
        return std::nullopt;
    }
    if (f.size() > kMaxTraceBytes) {
        printError(kCli + u": '"_s + path + u"' is larger than 2 GiB; cut the trace first"_s);
        return std::nullopt;
    }
    const QByteArray bytes = f.read(kMaxTraceBytes + 1);
    if (f.error() != QFileDevice::NoError) {
        printError(kCli + u": cannot read '"_s + path + u"': "_s + f.errorString());
        return std::nullopt;
    }
    std::string_view text(bytes.constData(), static_cast<size_t>(bytes.size()));
    std::optional<TraceDatText> dat; // a trace.dat: its events as trace-cmd report text
    if (isTraceDat(text)) {
        std::string err;
        dat = readTraceDat(path.toStdString(), err);
        if (!dat) {
            printError(kCli + u": "_s + QString::fromStdString(err));
            return std::nullopt;
        }
        text = dat->text;
        if (dat->lost > 0)
            printError(path + u": warning: the trace.dat records "_s + QString::number(dat->lost) +
                       u" lost events: counts may be off"_s);
    }
    import::RealTrace t = import::importFtrace(text);
    unreadable = !t.unreadable.empty();
    constexpr size_t kShown = 20;
    const QString lineOf = dat ? u" (line of its trace-cmd report text)"_s : QString();
    for (size_t i = 0; i < t.unreadable.size() && i < kShown; ++i)
        printError(path + u':' + QString::number(t.unreadable[i].line) + lineOf +
                   u": unreadable: "_s + QString::fromStdString(t.unreadable[i].why));
    if (t.unreadable.size() > kShown)
        printError(path + u": "_s + QString::number(t.unreadable.size() - kShown) +
                   u" more unreadable lines"_s);
    if (t.records == 0) {
        printError(path + u": no trace events found (expected lines like 'ls-180 [000] ... "
                          u"7.901059: dput: ...')"_s);
        return std::nullopt;
    }
    if (t.lost > 0)
        printError(path + u": warning: the buffer lost "_s + QString::number(t.lost) +
                   u" events (entries-written > entries-in-buffer): counts may be off"_s);
    return t;
}

std::string summary(const import::RealTrace& t, const QString& path) {
    int born = 0;
    for (const auto& d : t.dentries)
        born += d.preexisting ? 0 : 1;
    std::string s = path.toStdString() + ": " + std::to_string(t.lines) + " lines, " +
                    std::to_string(t.records) + " events read, " +
                    std::to_string(t.unreadable.size()) + " unreadable\n";
    s += "tasks:";
    for (const auto& n : t.run.taskNames)
        s += " " + n;
    s += "\ndentries: " + std::to_string(t.dentries.size()) + " (" + std::to_string(born) +
         " born in the trace)\n";
    s += "syscalls: " + std::to_string(t.run.records.size()) + " (" +
         std::to_string(t.unpairedExits) + " exits of calls entered before tracing began)\n";
    s += "inferred reference changes: " + std::to_string(t.inferred) +
         " (increments are not probed: lib/lockref.c is notrace)\n";
    if (t.nullDentryProbes)
        s += "probe hits with d=0x0: " + std::to_string(t.nullDentryProbes) + " (" +
             std::to_string(t.nullDentryResolved) + " attached by their d_inode)\n";
    if (t.otherEvents) s += "other events: " + std::to_string(t.otherEvents) + "\n";
    for (const auto& m : t.markers)
        s += "marker (line " + std::to_string(m.line) + "): " + m.text + "\n";
    for (const auto& d : t.dentries) {
        if (d.preexisting) continue;
        s += "  " + t.path(d.id) + "  born line " + std::to_string(d.allocLine);
        if (d.killLine) s += ", killed line " + std::to_string(d.killLine);
        if (d.freeLine) s += ", freed line " + std::to_string(d.freeLine);
        s += "\n";
    }
    return s;
}

bool deliver(const QString& program, const QCommandLineParser& parser, const QString& output,
             const std::string& text) {
    const QByteArrayView bytes(text.data(), static_cast<qsizetype>(text.size()));
    if (!parser.value(output).isEmpty())
        return writeFileOrFail(program, parser.value(output), bytes);
    writeStdout(bytes);
    return true;
}

} // namespace

int importCommand(const QString& name, const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption format(u"format"_s, u"summary (default), strace, jsonl or chrome."_s,
                                    u"FORMAT"_s, u"summary"_s);
    const QCommandLineOption output({u"o"_s, u"output"_s}, u"Write to FILE."_s, u"FILE"_s);
    parser.addOptions({format, output});
    if (const int code = parseArgs(parser, name, arguments,
                                   u"Import a real kernel's ftrace text into dentryscope's "
                                   u"event model and print it."_s);
        code >= 0)
        return code;
    const QString fmt = parser.value(format);
    if (fmt != "summary"_L1 && fmt != "strace"_L1 && fmt != "jsonl"_L1 && fmt != "chrome"_L1) {
        printError(kCli + u": unknown format '"_s + fmt +
                   u"' (summary, strace, jsonl or chrome)"_s);
        return ExitUsage;
    }
    const QString path = parser.positionalArguments().first();
    bool unreadable = false;
    const auto t = load(path, unreadable);
    if (!t) return ExitFailure;
    std::string text;
    if (fmt == "strace"_L1)
        text = exporter::formatStrace(t->run);
    else if (fmt == "jsonl"_L1)
        text = exporter::formatJsonl(t->run);
    else if (fmt == "chrome"_L1)
        text = exporter::formatChromeTrace(t->run);
    else
        text = summary(*t, path);
    if (!deliver(kCli, parser, u"output"_s, text)) return ExitFailure;
    return unreadable ? ExitFailure : 0;
}

int conformCommand(const QString& name, const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption design(u"design"_s, u"The design to hold the trace against."_s,
                                    u"NAME"_s, u"v6.8"_s);
    const QCommandLineOption format(u"format"_s, u"text (default) or jsonl."_s, u"FORMAT"_s,
                                    u"text"_s);
    const QCommandLineOption output({u"o"_s, u"output"_s}, u"Write to FILE."_s, u"FILE"_s);
    parser.addOptions({design, format, output});
    if (const int code = parseArgs(parser, name, arguments,
                                   u"Replay a real trace's eventfs syscalls under a design and "
                                   u"print every difference and the score."_s);
        code >= 0)
        return code;
    const QString fmt = parser.value(format);
    if (fmt != "text"_L1 && fmt != "jsonl"_L1) {
        printError(kCli + u": unknown format '"_s + fmt + u"' (text or jsonl)"_s);
        return ExitUsage;
    }
    const std::string d = parser.value(design).toStdString();
    if (!catalogue::hasDesign(d)) {
        printError(kCli + u": unknown design '"_s + parser.value(design) +
                   u"' (see dentryscope-cli designs)"_s);
        return ExitUsage;
    }
    const QString path = parser.positionalArguments().first();
    bool unreadable = false;
    const auto t = load(path, unreadable);
    if (!t) return ExitFailure;
    const import::ConformResult r = import::conform(*t, d);
    if (!r.error.empty()) {
        printError(kCli + u": "_s + path + u": "_s + QString::fromStdString(r.error));
        return ExitFailure;
    }
    if (r.replayed == 0)
        printError(path + u": warning: no syscall on /sys/kernel/tracing/events to replay"_s);
    const std::string file = path.toStdString();
    const std::string text = fmt == "jsonl"_L1 ? import::formatConformJsonl(r, file)
                                               : import::formatConformText(r, file);
    if (!deliver(kCli, parser, u"output"_s, text)) return ExitFailure;
    return unreadable ? ExitFailure : 0;
}

} // namespace ds::app
