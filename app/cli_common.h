// SPDX-License-Identifier: GPL-2.0-or-later
// What dentryscope-cli's commands share, for the commands that live in their own file
// (cli_compare.cpp). Defined in cli_main.cpp.
#pragma once

#include "scenario/ast.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>

namespace ds::cli {

// Parses a command's own arguments; returns 0 to go on, or the exit code (help: 0 with `done`).
int parseCommand(QCommandLineParser& parser, const QString& name, const QStringList& arguments,
                 const QString& positional, const QString& positionalHelp, bool& done);
// Loads SCENARIO (a built-in name or a file); prints the parse errors and returns nullopt.
std::optional<ds::scenario::Scenario> load(const QString& nameOrPath, std::string* text);
// False, after saying so, for a design name the catalogue does not know (empty is fine).
bool checkDesign(const QString& design);
void writeOut(const std::string& text);
void writeErr(const std::string& text);
bool saveFile(const QString& path, const std::string& text);

// `compare SCENARIO --design A --vs B [--explore] [--format text|jsonl]` (cli_compare.cpp).
int compareCommand(const QString& name, const QStringList& arguments);

} // namespace ds::cli
