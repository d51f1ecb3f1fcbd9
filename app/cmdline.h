// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Command-line conventions shared by dentryscope and dentryscope-cli (Qt Core only).
// Exit codes: 0 success, 1 the work failed, 2 the command line was wrong.

#include <QCommandLineOption>
#include <QString>
#include <QStringList>

#include <cstdint>

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

// When `option` is on the command line, reads its value into `value` as an integer from `minimum`
// to `maximum`. Anything else (not a number, out of range) is one line on stderr, "PROGRAM:
// --OPTION needs an integer from MIN to MAX, not 'TEXT'", and false.
bool readCount(const QCommandLineParser& parser, const QString& option, std::uint64_t minimum,
               std::uint64_t maximum, std::uint64_t& value, const QString& program);

// --max-events N, the limit on events per run, for both programs (`defaultLimit` is the core's
// ds::scenario::kDefaultMaxEvents, which this Qt Core-only library does not see). Read it with
// readMaxEvents.
QCommandLineOption maxEventsOption(std::uint64_t defaultLimit);
bool readMaxEvents(const QCommandLineParser& parser, std::uint64_t& value, const QString& program);

} // namespace ds::app
