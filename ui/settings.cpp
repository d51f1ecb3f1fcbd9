// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings.h"

#include <QSettings>

#include <algorithm>

namespace ds::ui::settings {

namespace {
void ignore(const QSettings& settings, const QString& key, const char* why) {
    qWarning("settings %s: ignoring '%s': %s", qPrintable(settings.fileName()), qPrintable(key),
             why);
}
} // namespace

QStringList stringList(const QSettings& settings, const QString& key, qsizetype maxItems,
                       qsizetype maxLength) {
    const QVariant value = settings.value(key);
    if (!value.isValid()) return {};
    const int type = value.typeId();
    if (type != QMetaType::QStringList && type != QMetaType::QString) {
        ignore(settings, key, "not a list of strings");
        return {};
    }
    QStringList list = value.toStringList();
    if (list.size() > maxItems) {
        ignore(settings, key, "too many entries; keeping the first ones");
        list.resize(maxItems);
    }
    const auto tooLong = [&](const QString& s) { return s.size() > maxLength; };
    if (std::any_of(list.cbegin(), list.cend(), tooLong)) {
        ignore(settings, key, "an entry is too long; dropping it");
        list.removeIf(tooLong);
    }
    return list;
}

QByteArray bytes(const QSettings& settings, const QString& key, qsizetype maxSize) {
    const QVariant value = settings.value(key);
    if (!value.isValid()) return {};
    if (value.typeId() != QMetaType::QByteArray) {
        ignore(settings, key, "not binary data");
        return {};
    }
    QByteArray data = value.toByteArray();
    if (data.size() > maxSize) {
        ignore(settings, key, "too large");
        return {};
    }
    return data;
}

} // namespace ds::ui::settings
