// SPDX-License-Identifier: GPL-2.0-or-later
#include "breakpointsettings.h"

#include "breakpoints.h"
#include "focus.h"
#include "settings.h"

#include <QCryptographicHash>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr int kMaxBreakpoints = 1000;
} // namespace

BreakpointSettings::BreakpointSettings(Focus* focus, BreakpointModel* model, bool persistent,
                                       QObject* parent)
    : QObject(parent), focus_(focus), model_(model), persistent_(persistent) {
    connect(model_, &BreakpointModel::changed, this, &BreakpointSettings::save);
}

void BreakpointSettings::restore() {
    if (!persistent_) return;
    loading_ = true;
    model_->restore(settings::stringList(QSettings(), u"breakpoints/list"_s, kMaxBreakpoints),
                    false);
    loading_ = false;
}

void BreakpointSettings::restoreObjects(const QString& scenario) {
    scenario_ = scenario;
    loading_ = true;
    model_->keepObjectsOf(false);
    if (persistent_ && focus_->hasRun())
        model_->restore(settings::stringList(QSettings(), objectKey(), kMaxBreakpoints), true);
    loading_ = false;
}

void BreakpointSettings::keepSameObjects() {
    loading_ = true;
    model_->keepObjectsOf(true);
    loading_ = false;
}

// Checked by their label when restored: the key names the scenario and the design.
QString BreakpointSettings::objectKey() const {
    const QString design = focus_->session() ? focus_->session()->design : QString();
    const QByteArray id = (scenario_ + u'\n' + design).toUtf8();
    return u"breakpoints/objects/"_s +
           QString::fromLatin1(QCryptographicHash::hash(id, QCryptographicHash::Sha1).toHex());
}

void BreakpointSettings::save() {
    if (!persistent_ || loading_) return;
    QSettings settings;
    settings.setValue(u"breakpoints/list"_s, model_->save(false));
    if (focus_->hasRun()) {
        const QStringList objects = model_->save(true);
        if (objects.isEmpty())
            settings.remove(objectKey());
        else
            settings.setValue(objectKey(), objects);
    }
}

} // namespace ds::ui
