// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenariopane.h"

#include "focus.h"
#include "theme.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBlock>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

ScenarioPane::ScenarioPane(Focus* focus, QWidget* parent) : QWidget(parent), focus_(focus) {
    setObjectName(u"scenarioPane"_s);
    text_ = new QPlainTextEdit(this);
    text_->setObjectName(u"scenarioText"_s);
    text_->setReadOnly(true);
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(u"DejaVu Sans Mono"_s);
    mono.setStyleHint(QFont::Monospace);
    text_->setFont(mono);
    errors_ = new QPlainTextEdit(this);
    errors_->setObjectName(u"scenarioErrors"_s);
    errors_->setReadOnly(true);
    errors_->setFont(mono);
    errors_->setMaximumHeight(90);
    errors_->hide();
    // The schedule of a branched run, as lines to paste into the scenario.
    scheduleBox_ = new QWidget(this);
    scheduleBox_->setObjectName(u"scheduleBox"_s);
    scheduleTitle_ = new QLabel(scheduleBox_);
    scheduleTitle_->setTextFormat(Qt::PlainText);
    scheduleTitle_->setWordWrap(true);
    scheduleText_ = new QPlainTextEdit(scheduleBox_);
    scheduleText_->setObjectName(u"scheduleText"_s);
    scheduleText_->setReadOnly(true);
    scheduleText_->setLineWrapMode(QPlainTextEdit::NoWrap);
    scheduleText_->setFont(mono);
    scheduleText_->setToolTip(
        tr("This run's schedule in scenario syntax: in place of the scenario's own "
           "schedule lines it replays this run"));
    auto* copy = new QPushButton(tr("Copy scenario"), scheduleBox_);
    copy->setObjectName(u"copyScenario"_s);
    copy->setToolTip(tr("Copy the scenario with this schedule to the clipboard"));
    connect(copy, &QPushButton::clicked, this, &ScenarioPane::copyScenarioRequested);
    auto* undo = new QPushButton(tr("Undo branch"), scheduleBox_);
    undo->setObjectName(u"undoBranchButton"_s);
    connect(undo, &QPushButton::clicked, this, &ScenarioPane::undoBranchRequested);
    auto* sbButtons = new QHBoxLayout;
    sbButtons->setContentsMargins(0, 0, 0, 0);
    sbButtons->addWidget(scheduleTitle_, 1);
    sbButtons->addWidget(copy);
    sbButtons->addWidget(undo);
    auto* sbl = new QVBoxLayout(scheduleBox_);
    sbl->setContentsMargins(0, 0, 0, 0);
    sbl->setSpacing(2);
    sbl->addLayout(sbButtons);
    sbl->addWidget(scheduleText_);
    scheduleBox_->hide();
    auto* sl = new QVBoxLayout(this);
    sl->setContentsMargins(2, 2, 2, 2);
    sl->addWidget(text_, 1);
    sl->addWidget(errors_);
    sl->addWidget(scheduleBox_);
    connect(focus_, &Focus::sessionChanged, this, &ScenarioPane::onSession);
}

void ScenarioPane::showScenario(const QString& text, const QString& errors) {
    text_->setPlainText(text);
    if (errors.isEmpty()) {
        errors_->clear();
        errors_->hide();
        text_->setExtraSelections({});
        return;
    }
    errors_->setPlainText(errors);
    errors_->show();
    // Mark the first error (or warning) line.
    const QRegularExpression re(u":(\\d+):(\\d+): (error|warning)"_s);
    const auto m = re.match(errors);
    if (m.hasMatch()) {
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(text_->document()->findBlockByNumber(m.captured(1).toInt() - 1));
        sel.format.setBackground(
            theme::mix(palette().color(QPalette::Base), theme::reportColor(palette()), 0.3));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        text_->setExtraSelections({sel});
    }
}

void ScenarioPane::onSession() {
    const Session* s = focus_->session();
    const bool branched = s && !s->branches.empty();
    scheduleBox_->setVisible(branched);
    if (!branched) return;
    scheduleTitle_->setText(tr("This run's schedule (%1):").arg(s->branchSummary()));
    scheduleText_->setPlainText(s->scheduleText().trimmed());
    // As high as its lines (a few at most; it scrolls beyond).
    const int lines = std::clamp(scheduleText_->document()->blockCount(), 2, 5);
    scheduleText_->setFixedHeight(lines * scheduleText_->fontMetrics().lineSpacing() +
                                  2 * scheduleText_->frameWidth() + 8);
}

} // namespace ds::ui
