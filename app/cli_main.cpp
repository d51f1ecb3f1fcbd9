// dentryscope-cli: the command-line twin of the GUI (Qt Core only, no display needed).
//
//   dentryscope-cli [--help] [--version] COMMAND [ARGS...]
//
// Options after COMMAND belong to the command: each command parses its own arguments.

#include "cmdline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <span>

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

int notAvailableYet(const QString& name, const QStringList& /*arguments*/) {
    ds::app::printError(kProgram + u": '"_s + name + u"' is not available yet"_s);
    return ds::app::ExitUsage;
}

// Adding a command: write `int myCommand(const QString&, const QStringList&)` and list it here.
std::span<const Command> commands() {
    static const Command table[] = {
        {u"run"_s,
         u"Run a scenario under a design; print its events (text, JSON Lines or Chrome trace)."_s,
         notAvailableYet},
        {u"explore"_s,
         u"Try the schedules of a scenario systematically; report those that hit a BUG."_s,
         notAvailableYet},
        {u"designs"_s, u"List the kernel designs (eras) that can be simulated."_s, notAvailableYet},
        {u"scenarios"_s, u"List the built-in scenarios."_s, notAvailableYet},
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
    return dispatch(name, rest);
}
