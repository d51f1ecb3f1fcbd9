// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The teaching mode's "What happened" pane: the sentence of the event just folded (in the
// kernel's terms, with the reason), the syscall and function it belongs to, and the few state
// changes before it. The objects it names are links that select them.

#include <QWidget>

#include <memory>

class QTextBrowser;

namespace ds::explain {
class Explainer;
}

namespace ds::ui {

class Focus;

class WhatHappenedPane : public QWidget {
    Q_OBJECT

public:
    explicit WhatHappenedPane(Focus* focus, QWidget* parent = nullptr);
    ~WhatHappenedPane() override;
    QTextBrowser* view() const { return view_; }
    // The current sentence, as plain text ("" before the first event).
    QString sentence() const { return sentence_; }
    static constexpr int kPrevious = 5; // earlier state changes shown under the current one

private:
    void rebuildExplainer();
    void refresh();
    QString linked(uint32_t seq, const std::string& text) const;

    Focus* focus_;
    QTextBrowser* view_;
    std::unique_ptr<explain::Explainer> explainer_;
    QString sentence_;
};

} // namespace ds::ui
