#pragma once

// Command-line conventions shared by dentryscope and dentryscope-cli (Qt Core only).
// Exit codes: 0 success, 1 the work failed, 2 the command line was wrong.

#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace ds::app {

inline constexpr int ExitFailure = 1;
inline constexpr int ExitUsage = 2;

// Writes one line to stderr.
void printError(const QString& line);

// After `parser.parse(arguments)` returned `parsed`: reports a bad command line as exactly one
// line on stderr ("PROGRAM: unknown option '--foo'" or "PROGRAM: <Qt's error>") and returns
// ExitUsage; returns 0 when the command line is fine.
int checkParse(const QCommandLineParser& parser, bool parsed, const QStringList& arguments,
               const QString& program);

} // namespace ds::app
