// SPDX-License-Identifier: GPL-2.0-or-later
#include "whathappened.h"

#include "explain/explain.h"
#include "focus.h"
#include "theme.h"

#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include <vector>

using namespace Qt::StringLiterals;

namespace ds::ui {

WhatHappenedPane::WhatHappenedPane(Focus* focus, QWidget* parent)
    : QWidget(parent), focus_(focus), view_(new QTextBrowser(this)) {
    setObjectName(u"whatHappened"_s);
    view_->setObjectName(u"whatHappenedView"_s);
    view_->setOpenLinks(false);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addWidget(view_);
    connect(view_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == u"obj"_s) focus_->setSelected(url.path().toUInt());
        if (url.scheme() == u"step"_s) focus_->setStep(url.path().toUInt() + 1);
    });
    connect(focus_, &Focus::sessionChanged, this, [this] {
        rebuildExplainer();
        refresh();
    });
    connect(focus_, &Focus::stepChanged, this, &WhatHappenedPane::refresh);
    rebuildExplainer();
    refresh();
}

WhatHappenedPane::~WhatHappenedPane() = default;

void WhatHappenedPane::rebuildExplainer() {
    explainer_.reset();
    if (focus_->hasRun())
        explainer_ = std::make_unique<explain::Explainer>(focus_->session()->run, focus_->replay());
}

// The sentence as HTML, with the names of the objects the event touches as links.
QString WhatHappenedPane::linked(uint32_t seq, const std::string& text) const {
    QString html = QString::fromStdString(text).toHtmlEscaped();
    const Event& e = focus_->replay().event(seq);
    const StateAt& s = focus_->state();
    std::vector<ObjId> ids{e.obj};
    if (e.kind == EventKind::Add || e.kind == EventKind::Instantiate ||
        e.kind == EventKind::SetFsdata)
        ids.push_back(static_cast<ObjId>(e.kind == EventKind::Instantiate && !e.a ? e.b : e.a));
    for (const ObjId id : ids) {
        if (!id || e.okind == ObjKind::Task || e.okind == ObjKind::None || e.okind == ObjKind::Lock)
            continue;
        const QString name = QString::fromStdString(explainer_->objectName(id, s)).toHtmlEscaped();
        const qsizetype at = html.indexOf(name);
        if (name.isEmpty() || at < 0) continue;
        html.replace(at, name.size(),
                     u"<a href=\"obj:%1\">%2</a>"_s.arg(QString::number(id), name));
    }
    return html;
}

void WhatHappenedPane::refresh() {
    sentence_.clear();
    if (!explainer_ || focus_->step() == 0) {
        view_->setHtml(focus_->hasRun() ? tr("<p>Before the first event. Step forward (\u2192), or "
                                             "to the next change (Shift+\u2192).</p>")
                                        : tr("<p>No run loaded.</p>"));
        return;
    }
    const uint32_t seq = focus_->step() - 1;
    const StateAt before = focus_->replay().stateAt(seq);
    sentence_ = QString::fromStdString(explainer_->sentence(seq, before));
    QString html = u"<p style=\"color:gray\">#%1 \u00b7 %2</p>"_s.arg(
        QString::number(seq), QString::fromStdString(explainer_->context(seq)).toHtmlEscaped());
    html += u"<p><b>"_s + linked(seq, explainer_->sentence(seq, before)) + u"</b></p>"_s;
    // The state changes just before it, newest first.
    const auto events = focus_->replay().events();
    QString earlier;
    uint32_t at = seq;
    for (int n = 0; n < kPrevious; ++n) {
        at = explain::previousChange(events, at);
        if (at == kNever) break;
        earlier += u"<li><a href=\"step:%1\">#%1</a> "_s.arg(at) +
                   QString::fromStdString(explainer_->sentence(at)).toHtmlEscaped() + u"</li>"_s;
    }
    if (!earlier.isEmpty()) html += tr("<p>Before that:</p><ul>") + earlier + u"</ul>"_s;
    view_->setHtml(html);
}

} // namespace ds::ui
