// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Qt's own command-line options, which QGuiApplication and QApplication take out of argv
// themselves (-platform, -style, -stylesheet FILE …), as dentryscope (the GUI) sees them before
// any QApplication exists.

#include <QString>
#include <QStringList>

namespace ds::app {

// Whether `name` (without dashes) is one of those options: still in argv before QApplication
// exists, so the first parse of the command line must not count them as mistakes.
bool isQtGuiOption(const QString& name);

// Qt reads the files that some of them name without a check: -stylesheet /dev/zero reads
// forever and aborts, a FIFO blocks. Refuses, as one line on stderr and ExitUsage, a -stylesheet
// FILE or -qwindowicon FILE (an absolute path; -icon under xcb) that is not a regular file or is
// larger than kMaxQtOptionFileBytes; 0 when there is none or they are fine. Reads argv as Qt
// does: one or two dashes, "-opt FILE" or "-opt=FILE" where Qt accepts it, and past a "--".
inline constexpr qint64 kMaxQtOptionFileBytes = 1024 * 1024;
int checkQtOptionFiles(const QStringList& arguments, const QString& program);

} // namespace ds::app
