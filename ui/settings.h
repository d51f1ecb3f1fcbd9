// SPDX-License-Identifier: GPL-2.0-or-later
// Values read back from QSettings are checked before use: the file is the user's (or another
// program's) to edit and may hold anything. A value of the wrong type is ignored and a list too
// long is cut, each with a warning, instead of being trusted.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QSettings;

namespace ds::ui::settings {

// At most `maxItems` strings of at most `maxLength` characters; a value that is not a string
// list (nor a single string, as INI files store a one-item list) reads as empty.
QStringList stringList(const QSettings& settings, const QString& key, qsizetype maxItems,
                       qsizetype maxLength = 4096);

// Bytes (window geometry and state) of at most `maxSize`; anything else reads as empty.
QByteArray bytes(const QSettings& settings, const QString& key, qsizetype maxSize);

} // namespace ds::ui::settings
