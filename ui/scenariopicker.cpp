// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenariopicker.h"

#include "scenario/catalogue.h"
#include "scenario/runner.h"
#include "settings.h"

#include <QComboBox>
#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr int kMaxRecent = 8;
const QString kOpenFileItem = u"\x01open"_s;
} // namespace

ScenarioPicker::ScenarioPicker(bool persistent, QWidget* parent)
    : QObject(parent), persistent_(persistent), scenarios_(new QComboBox(parent)),
      designs_(new QComboBox(parent)) {
    scenarios_->setObjectName(u"scenarioPicker"_s);
    scenarios_->setMinimumContentsLength(22);
    scenarios_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    scenarios_->setToolTip(tr("Scenario: a built-in, a recent file or Open file…"));
    designs_->setObjectName(u"designPicker"_s);
    designs_->setToolTip(tr("Kernel design (era) to run the scenario on"));
    designs_->addItem(tr("design as written"), QString());
    for (const catalogue::Entry& d : catalogue::designs())
        designs_->addItem(QString::fromStdString(d.name), QString::fromStdString(d.name));
    fill(QString());
    connect(scenarios_, &QComboBox::activated, this, [this](int i) {
        const QString v = scenarios_->itemData(i).toString();
        if (v == kOpenFileItem) {
            Q_EMIT openFileChosen();
            return;
        }
        if (!v.isEmpty()) Q_EMIT scenarioChosen(v);
    });
    connect(designs_, &QComboBox::activated, this, [this](int) { Q_EMIT designChosen(); });
}

QString ScenarioPicker::design() const {
    return designs_->currentData().toString();
}

void ScenarioPicker::fill(const QString& current) {
    scenarios_->clear();
    for (const auto& [name, desc] : scenario::builtinScenarios()) {
        scenarios_->addItem(QString::fromStdString(name), QString::fromStdString(name));
        scenarios_->setItemData(scenarios_->count() - 1, QString::fromStdString(desc),
                                Qt::ToolTipRole);
    }
    if (persistent_) {
        const QStringList recent = settings::stringList(QSettings(), u"recentFiles"_s, kMaxRecent);
        if (!recent.isEmpty()) scenarios_->insertSeparator(scenarios_->count());
        for (const QString& r : recent)
            scenarios_->addItem(QFileInfo(r).fileName(), r);
    }
    scenarios_->insertSeparator(scenarios_->count());
    scenarios_->addItem(tr("Open file…"), kOpenFileItem);
    const int i = scenarios_->findData(current);
    if (i >= 0) scenarios_->setCurrentIndex(i);
}

void ScenarioPicker::showOpened(const QString& nameOrPath, const QString& design) {
    const bool isFile = QFileInfo(nameOrPath).isFile();
    if (isFile) addRecent(QFileInfo(nameOrPath).absoluteFilePath());
    fill(nameOrPath);
    int i = scenarios_->findData(nameOrPath);
    if (i < 0 && isFile) i = scenarios_->findData(QFileInfo(nameOrPath).absoluteFilePath());
    if (i < 0) { // a file not in the recent list (settings off): show it anyway
        scenarios_->insertItem(0, QFileInfo(nameOrPath).fileName(), nameOrPath);
        i = 0;
    }
    scenarios_->setCurrentIndex(i);
    const int d = designs_->findData(design);
    designs_->setCurrentIndex(d >= 0 ? d : 0);
}

void ScenarioPicker::addRecent(const QString& path) {
    if (!persistent_) return;
    QSettings settings;
    QStringList recent = settings::stringList(settings, u"recentFiles"_s, kMaxRecent);
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(u"recentFiles"_s, recent);
}

} // namespace ds::ui
