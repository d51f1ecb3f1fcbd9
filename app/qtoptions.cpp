// SPDX-License-Identifier: GPL-2.0-or-later
#include "qtoptions.h"

#include "cmdline.h"

#include <QDir>
#include <QFileInfo>

#include <optional>

using namespace Qt::StringLiterals;

namespace ds::app {

bool isQtGuiOption(const QString& name) {
    static const QStringList names = {
        u"platform"_s,
        u"platformpluginpath"_s,
        u"platformtheme"_s,
        u"plugin"_s,
        u"qwindowgeometry"_s,
        u"geometry"_s,
        u"qwindowtitle"_s,
        u"title"_s,
        u"qwindowicon"_s,
        u"icon"_s,
        u"reverse"_s,
        u"session"_s,
        u"testability"_s,
        u"qmljsdebugger"_s,
        u"display"_s,
        u"name"_s,
        u"visual"_s,
        u"ncols"_s,
        u"cmap"_s,
        u"nograb"_s,
        u"dograb"_s,
        u"sync"_s,
        u"style"_s,
        u"stylesheet"_s,
        u"widgetcount"_s,
    };
    return names.contains(name);
}

namespace {

// Why Qt should not read `path`, or nullopt when it may.
std::optional<QString> unreadable(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return u"no such file"_s;
    if (!info.isFile()) // follows symbolic links: a link to /dev/zero is a device
        return info.isDir() ? u"is a directory"_s
                            : u"is not a regular file (a FIFO, device or socket)"_s;
    if (info.size() > kMaxQtOptionFileBytes)
        return u"is larger than 1 MiB ("_s + QString::number(info.size()) + u" bytes)"_s;
    return std::nullopt;
}

} // namespace

int checkQtOptionFiles(const QStringList& arguments, const QString& program) {
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (!argument.startsWith(u'-')) continue;
        // Qt treats "--name" as "-name"; "--" itself is not special to it.
        const QString name = argument.startsWith("--"_L1) ? argument.mid(1) : argument;
        QString option;
        QString file;
        const bool hasNext = i + 1 < arguments.size();
        if (name == "-stylesheet"_L1 && hasNext) {
            option = name;
            file = arguments.at(++i);
        } else if (name.startsWith("-stylesheet="_L1)) {
            option = u"-stylesheet"_s;
            file = name.mid(12);
        } else if ((name == "-qwindowicon"_L1 || name == "-icon"_L1) && hasNext) {
            option = name;
            file = arguments.at(++i);
            if (!QDir::isAbsolutePath(file)) continue; // Qt looks that name up in the icon theme
        } else {
            continue;
        }
        if (const std::optional<QString> why = unreadable(file)) {
            printError(program + u": "_s + option + u" '"_s + file + u"': "_s + *why);
            return ExitUsage;
        }
    }
    return 0;
}

} // namespace ds::app
