// SPDX-License-Identifier: GPL-2.0-or-later
// Loads the GUI's translation for the user's locale, if one exists.
#pragma once

#include <QString>

class QCoreApplication;

namespace ds::ui {

// Installs a QTranslator for dentryscope_<locale>.qm, looked for first in the resources
// (:/translations) and then in share/dentryscope/translations next to the executable's
// prefix (../share/dentryscope/translations relative to bin/). Returns the file it loaded,
// or an empty string: none ship yet, and the source (English) texts are shown.
QString installTranslation(QCoreApplication& app);

} // namespace ds::ui
