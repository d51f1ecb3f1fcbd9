// SPDX-License-Identifier: GPL-2.0-or-later
#include "cmdline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace ds::app {

namespace {

// QCommandLineParser reports unknown options without their dashes; find how the user spelled
// the option ("--foo", "--foo=1", "-x") so the message quotes what they typed.
QString spelledOption(const QString& name, const QStringList& arguments) {
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (argument == "--"_L1) break;
        for (const QString& dashes : {u"--"_s, u"-"_s}) {
            const QString spelled = dashes + name;
            if (argument == spelled || argument.startsWith(spelled + u'=')) return spelled;
        }
    }
    return (name.size() == 1 ? u"-"_s : u"--"_s) + name;
}

} // namespace

void printError(const QString& line) {
    const QByteArray bytes = line.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

int checkParse(const QCommandLineParser& parser, bool parsed, const QStringList& arguments,
               const QString& program) {
    const QStringList unknown = parser.unknownOptionNames();
    if (!unknown.isEmpty()) {
        printError(program + u": "_s +
                   QCoreApplication::translate("dentryscope", "unknown option '%1'")
                       .arg(spelledOption(unknown.first(), arguments)));
        return ExitUsage;
    }
    if (!parsed) {
        printError(program + u": "_s + parser.errorText());
        return ExitUsage;
    }
    return 0;
}

bool readCount(const QCommandLineParser& parser, const QString& option, std::uint64_t minimum,
               std::uint64_t maximum, std::uint64_t& value, const QString& program) {
    if (!parser.isSet(option)) return true;
    const QString text = parser.value(option);
    bool ok = false;
    const qulonglong number = text.toULongLong(&ok);
    if (!ok || number < minimum || number > maximum) {
        printError(program + u": "_s +
                   QCoreApplication::translate("dentryscope",
                                               "--%1 needs an integer from %2 to %3, not '%4'")
                       .arg(option, QString::number(minimum), QString::number(maximum), text));
        return false;
    }
    value = number;
    return true;
}

QCommandLineOption maxEventsOption(std::uint64_t defaultLimit) {
    return {u"max-events"_s,
            QCoreApplication::translate("dentryscope",
                                        "Stop a run that reaches N events, with an error "
                                        "(default %1).")
                .arg(defaultLimit),
            u"N"_s};
}

bool readMaxEvents(const QCommandLineParser& parser, std::uint64_t& value, const QString& program) {
    return readCount(parser, u"max-events"_s, 1, UINT64_MAX, value, program);
}

} // namespace ds::app
