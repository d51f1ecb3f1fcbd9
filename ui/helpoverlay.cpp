// SPDX-License-Identifier: GPL-2.0-or-later
#include "helpoverlay.h"

#include "theme.h"

#include <QAction>
#include <QEvent>
#include <QKeyEvent>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QPainterPath>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <functional>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

// Keys that belong to one pane, not to a menu action.
struct PaneKey {
    const char* pane;
    const char* keys;
    const char* what;
};
constexpr PaneKey kPaneKeys[] = {
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Timeline"), "W / S",
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "zoom in / out")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Timeline"), "A / D",
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "pan left / right")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Timeline"), "F",
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "fit the whole run")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Timeline"), "Shift+F",
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "fit the selected object's lifetime")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Timeline"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Wheel, drag"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "zoom, pan; click an event to go to it")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Dentry tree"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Up / Down, click"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "select a dentry (every pane follows)")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "What happened"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "click a name"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "select that object; click #N to go to event N")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Object graph"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "click a box"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "select that object")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Console"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "click a line"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "go to the event of that syscall or report")},
    {QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "Help"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "? or F1, Esc"),
     QT_TRANSLATE_NOOP("ds::ui::HelpOverlay", "open / close this overlay")},
};

// The timeline's glyphs, drawn in the legend.
enum class Glyph { Syscall, Function, Lifetime, FreeMark, Report, Cursor, Counter };

} // namespace

HelpOverlay* HelpOverlay::install(QMainWindow* window) {
    auto* overlay = new HelpOverlay(window);
    QMenu* menu = window->menuBar()->addMenu(tr("&Help"));
    menu->setObjectName(u"menuHelp"_s);
    auto* keys = menu->addAction(tr("Keys and legend"));
    keys->setObjectName(u"actionHelpKeys"_s);
    keys->setShortcuts({QKeySequence(Qt::Key_Question), QKeySequence(Qt::Key_F1)});
    keys->setShortcutContext(Qt::WindowShortcut);
    keys->setStatusTip(tr("Every shortcut by pane, and what each colour and glyph means"));
    connect(keys, &QAction::triggered, overlay, &HelpOverlay::toggle);
    auto* legend = menu->addAction(tr("Legend"));
    legend->setObjectName(u"actionHelpLegend"_s);
    connect(legend, &QAction::triggered, overlay, [overlay] { overlay->showPage(Legend); });
    auto* first = menu->addAction(tr("First steps"));
    first->setObjectName(u"actionHelpFirstSteps"_s);
    connect(first, &QAction::triggered, overlay, [overlay] { overlay->showPage(FirstSteps); });
    window->addAction(keys);
    return overlay;
}

HelpOverlay::HelpOverlay(QMainWindow* window)
    : QWidget(window), window_(window), tabs_(new QTabWidget(this)), keys_(new QTextBrowser) {
    setObjectName(u"helpOverlay"_s);
    tabs_->setObjectName(u"helpTabs"_s);
    keys_->setObjectName(u"helpKeys"_s);
    tabs_->addTab(keys_, tr("Keys"));
    tabs_->addTab(new LegendPage, tr("Legend"));
    auto* first = new QTextBrowser;
    first->setObjectName(u"helpFirstSteps"_s);
    first->setHtml(tr(
        "<h3>First steps</h3><ol>"
        "<li>Pick a scenario in the toolbar: <i>refcount-lifecycle</i> follows one dentry from "
        "d_alloc to dentry_free; <i>d_instantiate-crash</i> is the linux-next BUG.</li>"
        "<li>Step with \u2192 and \u2190 (one event), <b>Shift+\u2192 / Shift+\u2190</b> (the "
        "next event that changes something you can see), Ctrl+\u2192 (the next syscall).</li>"
        "<li>Read the <b>What happened</b> pane: what the event did, in the kernel's words, and "
        "why. Click a name to select that object.</li>"
        "<li>The <b>Dentry tree</b> shows every dentry with its count and state; the row that "
        "changed is highlighted, and the tree opens to it.</li>"
        "<li>The <b>Object graph</b> shows who holds the selected object (left) and what it "
        "holds (right); the <b>Inspector</b> shows its fields, the changed ones highlighted.</li>"
        "<li>F9 runs to the next BUG or WARN and selects the object it names; the <b>Call "
        "stack</b> shows each frame's kernel source beside ours.</li>"
        "<li>Where two tasks could run next, Branch \u203a Run next tries the other "
        "interleaving.</li></ol>"
        "<p>Step N is the state right after event #N, as <tt>dentryscope --step N</tt> and the "
        "status bar say.</p>"));
    tabs_->addTab(first, tr("First steps"));
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(60, 40, 60, 40);
    lay->addWidget(tabs_);
    window->installEventFilter(this);
    setFocusPolicy(Qt::StrongFocus);
    hide();
}

void HelpOverlay::fillKeys() {
    QString html = u"<table cellspacing=\"2\" cellpadding=\"2\">"_s;
    auto section = [&](const QString& title) {
        html += u"<tr><td colspan=\"2\"><b>"_s + title.toHtmlEscaped() + u"</b></td></tr>"_s;
    };
    auto row = [&](const QString& keys, const QString& what) {
        html += u"<tr><td><tt>"_s + keys.toHtmlEscaped() + u"</tt></td><td>"_s +
                what.toHtmlEscaped() + u"</td></tr>"_s;
    };
    // The menus' actions, read from the window so the list cannot miss one.
    for (QAction* m : window_->menuBar()->actions()) {
        if (!m->menu()) continue;
        QList<QAction*> withKeys;
        std::function<void(QMenu*)> collect = [&](QMenu* menu) {
            for (QAction* a : menu->actions()) {
                if (a->menu())
                    collect(a->menu());
                else if (!a->shortcuts().isEmpty())
                    withKeys << a;
            }
        };
        collect(m->menu());
        if (withKeys.isEmpty()) continue;
        section(m->text().remove(u'&'));
        for (QAction* a : withKeys) {
            QStringList ks;
            for (const QKeySequence& k : a->shortcuts())
                ks << k.toString(QKeySequence::NativeText);
            const QString text = a->text().remove(u'&');
            row(ks.join(tr(" or ")),
                a->statusTip().isEmpty() ? text : tr("%1: %2").arg(text, a->statusTip()));
        }
    }
    QString pane;
    for (const PaneKey& k : kPaneKeys) {
        const QString name = tr(k.pane);
        if (name != pane) section(pane = name);
        row(tr(k.keys), tr(k.what));
    }
    keys_->setHtml(html + u"</table>"_s);
}

QString HelpOverlay::keysText() const {
    return keys_->toPlainText();
}

void HelpOverlay::showPage(Page page) {
    fillKeys();
    tabs_->setCurrentIndex(int(page));
    cover();
    raise();
    show();
    setFocus();
}

// Over the whole window, the pages inset (set here as well as by the layout, so that a window
// rendered headless, never shown, draws them in place too).
void HelpOverlay::cover() {
    setGeometry(window_->rect());
    tabs_->setGeometry(rect().marginsRemoved(QMargins(60, 40, 60, 40)));
}

void HelpOverlay::toggle() {
    if (isVisible())
        hide();
    else
        showPage(Keys);
}

bool HelpOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && event->type() == QEvent::Resize && isVisible()) cover();
    return QWidget::eventFilter(watched, event);
}

void HelpOverlay::keyPressEvent(QKeyEvent* e) {
    if (e->key() == Qt::Key_Escape || e->key() == Qt::Key_Question || e->key() == Qt::Key_F1) {
        hide();
        return;
    }
    QWidget::keyPressEvent(e);
}

void HelpOverlay::paintEvent(QPaintEvent*) {
    QPainter p(this);
    QColor dim = palette().color(QPalette::Shadow);
    dim.setAlpha(150);
    p.fillRect(rect(), dim);
}

// ---- legend ----

LegendPage::LegendPage(QWidget* parent) : QWidget(parent) {
    setObjectName(u"helpLegend"_s);
}

QStringList LegendPage::entries() const {
    QStringList out;
    for (int i = 0; i < kDentryStateCount; ++i) {
        const auto s = static_cast<DentryState>(i);
        out << stateLine(s);
    }
    out << tr("highlighted row: changed by the event just folded")
        << tr("syscall span: one system call of the task, from entry to return")
        << tr("function frame: one kernel function call (colour per function)")
        << tr("object lifetime: from alloc to free, in the colour of its kind (dentry, inode, "
              "file, eventfs_inode); the line inside is its reference count")
        << tr("red bar: the object is freed here")
        << tr("red triangle: a BUG, WARN, KASAN or leak report")
        << tr("vertical line: the current step")
        << tr("counter lanes: live dentries, live inodes and the bytes they cost, over the run");
    return out;
}

void LegendPage::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const QStringList lines = entries();
    const int h = fontMetrics().height() + 8;
    int y = 8;
    auto glyph = [&](int i, const QRectF& r) {
        if (i < kDentryStateCount) {
            theme::drawStateShape(p, r, static_cast<DentryState>(i), pal);
            return;
        }
        switch (static_cast<Glyph>(i - kDentryStateCount - 1)) {
        case Glyph::Syscall:
            p.fillRect(r.adjusted(-6, 2, 6, -2), theme::syscallColor(pal));
            break;
        case Glyph::Function:
            p.fillRect(r.adjusted(-6, 2, 6, -2), theme::functionColor(u"dput"_s, pal));
            break;
        case Glyph::Lifetime: {
            const QColor c = theme::kindColor(ObjKind::Dentry, pal);
            p.fillRect(r.adjusted(-6, 1, 6, -1), theme::mix(pal.color(QPalette::Base), c, 0.35));
            p.setPen(QPen(c, 1.5));
            p.drawLine(QPointF(r.left() - 6, r.bottom() - 2),
                       QPointF(r.center().x(), r.bottom() - 2));
            p.drawLine(QPointF(r.center().x(), r.bottom() - 2),
                       QPointF(r.center().x(), r.top() + 3));
            p.drawLine(QPointF(r.center().x(), r.top() + 3), QPointF(r.right() + 6, r.top() + 3));
            break;
        }
        case Glyph::FreeMark:
            p.setPen(QPen(theme::stateColor(DentryState::Killed, pal), 2));
            p.drawLine(QPointF(r.center().x(), r.top()), QPointF(r.center().x(), r.bottom()));
            break;
        case Glyph::Report: {
            QPainterPath tri;
            tri.moveTo(r.left(), r.top());
            tri.lineTo(r.right(), r.top());
            tri.lineTo(r.center().x(), r.bottom());
            tri.closeSubpath();
            p.fillPath(tri, theme::reportColor(pal));
            break;
        }
        case Glyph::Cursor:
            p.setPen(QPen(theme::cursorColor(pal), 2));
            p.drawLine(QPointF(r.center().x(), r.top()), QPointF(r.center().x(), r.bottom()));
            break;
        case Glyph::Counter: {
            QPainterPath area;
            area.moveTo(r.left() - 6, r.bottom());
            area.lineTo(r.left() - 6, r.bottom() - 3);
            area.lineTo(r.center().x(), r.bottom() - 3);
            area.lineTo(r.center().x(), r.top() + 2);
            area.lineTo(r.right() + 6, r.top() + 2);
            area.lineTo(r.right() + 6, r.bottom());
            area.closeSubpath();
            p.fillPath(area, theme::mix(pal.color(QPalette::Base),
                                        theme::kindColor(ObjKind::Dentry, pal), 0.5));
            break;
        }
        }
    };
    for (int i = 0; i < lines.size(); ++i) {
        const QRectF icon(16, y + (h - 14) / 2.0, 14, 14);
        if (i == kDentryStateCount)
            p.fillRect(icon, theme::changedBackground(pal));
        else
            glyph(i, icon);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(44, y, width() - 52, h), Qt::AlignVCenter | Qt::AlignLeft, lines[i]);
        y += h;
    }
}

} // namespace ds::ui
