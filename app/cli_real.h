// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope-cli's commands for real kernels: import a trace, conform it against a design,
// record one (record.h).
#pragma once

#include <QString>
#include <QStringList>

namespace ds::app {

int importCommand(const QString& name, const QStringList& arguments);
int conformCommand(const QString& name, const QStringList& arguments);
int recordCommand(const QString& name, const QStringList& arguments);

} // namespace ds::app
