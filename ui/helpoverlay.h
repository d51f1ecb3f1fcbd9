// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Help, built into the app: a keys overlay (Perfetto-style: `?` or F1 opens it over the window,
// Esc or `?` closes it) listing every shortcut by pane, a legend of every colour, glyph and state
// in the tree and the timeline, and a short "first steps" page. install() adds the Help menu.

#include <QWidget>

class QMainWindow;
class QTabWidget;
class QTextBrowser;

namespace ds::ui {

class HelpOverlay : public QWidget {
    Q_OBJECT

public:
    enum Page { Keys, Legend, FirstSteps };
    // Creates the overlay over `window` and its Help menu (Keys and legend: ? and F1; First
    // steps; the legend). The window owns both.
    static HelpOverlay* install(QMainWindow* window);

    void showPage(Page page);
    void toggle();
    QTabWidget* tabs() const { return tabs_; }
    // The keys page as text: "Step: Next change  Shift+Right" lines, for tests.
    QString keysText() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void keyPressEvent(QKeyEvent* e) override;
    void paintEvent(QPaintEvent*) override;

private:
    explicit HelpOverlay(QMainWindow* window);
    void fillKeys();
    void cover();
    QMainWindow* window_;
    QTabWidget* tabs_;
    QTextBrowser* keys_;
};

// The legend page: every dentry state's shape and meaning, and the timeline's glyphs.
class LegendPage : public QWidget {
    Q_OBJECT

public:
    explicit LegendPage(QWidget* parent = nullptr);
    QSize sizeHint() const override { return {560, 420}; }
    QStringList entries() const; // "in use: d_lockref.count > 0", one per item drawn

protected:
    void paintEvent(QPaintEvent*) override;
};

} // namespace ds::ui
