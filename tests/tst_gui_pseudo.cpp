// SPDX-License-Identifier: GPL-2.0-or-later
// A pseudo-translation run: every message of the template the build generated
// (build/translations/dentryscope.ts) is translated to "⟦source⟧", compiled with lrelease and
// loaded; the window is opened on the crash, stepped to its BUG, with the compare view, the help
// overlay and the What-happened pane shown, and every text a user reads (widget and action
// texts, tooltips, status tips, window and dock titles, tab texts, combo box items, spin box
// suffixes, item views' headers and cells, accessible names, descriptions and values, rich
// text in the text browsers) must be pseudo-translated or data. Data is what the run, the
// kernel or the user wrote, told by a rule (see leftover()): identifiers, paths, numbers, key
// chords, acronyms, the run's symbols and task names, the designs' and scenarios' names, and
// core's sentences (explain) and kernel/strace text (the console), which stay untranslated.
#include "compareview.h"
#include "focus.h"
#include "helpoverlay.h"
#include "mainwindow.h"
#include "session.h"
#include "stepper.h"
#include "timeline.h"
#include "timelinelanes.h"
#include "whathappened.h"

#include "explain/explain.h"
#include "scenario/runner.h"
#include "trace/symbols.h"
#include "tracefs/design.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPaintEngine>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocumentFragment>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

using namespace ds;
using namespace ds::ui;

namespace {

const QString kOpen = QStringLiteral("\u27e6");
const QString kClose = QStringLiteral("\u27e7");

struct Message {
    QString context, source, comment;
    bool numerus = false;
};

// The messages of a TS file; empty with `error` set when it cannot be read.
QList<Message> readTs(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + f.errorString();
        return {};
    }
    QXmlStreamReader xml(&f);
    QList<Message> out;
    QString context;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (xml.name() == u"name") context = xml.readElementText();
        if (xml.name() == u"message") {
            out.append(
                {context, {}, {}, xml.attributes().value(QStringLiteral("numerus")) == u"yes"});
        }
        if (xml.name() == u"source" && !out.isEmpty()) out.last().source = xml.readElementText();
        if (xml.name() == u"comment" && !out.isEmpty()) out.last().comment = xml.readElementText();
    }
    if (xml.hasError()) *error = path + QStringLiteral(": ") + xml.errorString();
    return out;
}

// The pseudo-locale: each message translated to ⟦source⟧ (both plural forms of English).
bool writePseudoTs(const QList<Message>& messages, const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    QXmlStreamWriter w(&f);
    w.writeStartDocument();
    w.writeDTD(QStringLiteral("<!DOCTYPE TS>"));
    w.writeStartElement(QStringLiteral("TS"));
    w.writeAttribute(QStringLiteral("version"), QStringLiteral("2.1"));
    w.writeAttribute(QStringLiteral("language"), QStringLiteral("en"));
    QString context;
    bool open = false;
    for (const Message& m : messages) {
        if (!open || m.context != context) {
            if (open) w.writeEndElement();
            w.writeStartElement(QStringLiteral("context"));
            w.writeTextElement(QStringLiteral("name"), m.context);
            context = m.context;
            open = true;
        }
        w.writeStartElement(QStringLiteral("message"));
        if (m.numerus) w.writeAttribute(QStringLiteral("numerus"), QStringLiteral("yes"));
        w.writeTextElement(QStringLiteral("source"), m.source);
        if (!m.comment.isEmpty()) w.writeTextElement(QStringLiteral("comment"), m.comment);
        const QString pseudo = kOpen + m.source + kClose;
        if (m.numerus) {
            w.writeStartElement(QStringLiteral("translation"));
            w.writeTextElement(QStringLiteral("numerusform"), pseudo);
            w.writeTextElement(QStringLiteral("numerusform"), pseudo);
            w.writeEndElement();
        } else {
            w.writeTextElement(QStringLiteral("translation"), pseudo);
        }
        w.writeEndElement();
    }
    if (open) w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return f.flush() && !w.hasError();
}

// What the rule calls data, beyond its shape: words of the run and of core.
struct Data {
    QStringList phrases; // removed wherever they occur (sentences, longest first)
    QSet<QString> words; // single words: symbols, names
    void addWords(const QString& text) {
        for (const QString& w :
             text.split(QRegularExpression(QStringLiteral("[^\\w-]+")), Qt::SkipEmptyParts))
            words.insert(w);
    }
};

QString plain(const QString& text) {
    return Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
}

// The words of `text` that are neither inside ⟦…⟧ nor data. A token is data when it has no
// letter, when it holds a character no English word has (an identifier's '_', a path's '/', a
// number's digit, '.', '#', a key chord's '+', '=', '>'), when it is one letter (a key, a marker)
// or all capitals (BUG, NULL, KASAN), or when it is one of the run's words.
QString leftover(QString text, const Data& data) {
    static const QRegularExpression segment(QStringLiteral("\u27e6[^\u27e6\u27e7]*\u27e7"));
    for (QString before; before != text;) {
        before = text;
        text.replace(segment, QStringLiteral(" "));
    }
    for (const QString& p : data.phrases)
        text.replace(p, QStringLiteral(" "));
    static const QRegularExpression space(QStringLiteral("\\s+"));
    static const QRegularExpression dataChar(QStringLiteral("[_/.#+=>0-9]"));
    static const QString edge = QStringLiteral("()[]{}<>,;:'\"\u201c\u201d\u2018\u2019\u2026!?*");
    QStringList bad;
    for (QString tok : text.split(space, Qt::SkipEmptyParts)) {
        while (!tok.isEmpty() && edge.contains(tok.front()))
            tok.remove(0, 1);
        while (!tok.isEmpty() && edge.contains(tok.back()))
            tok.chop(1);
        if (tok.contains(u'&')) tok.remove(u'&');
        if (!tok.contains(QRegularExpression(QStringLiteral("\\p{L}")))) continue;
        if (tok.contains(dataChar) || tok.size() == 1 || tok == tok.toUpper()) continue;
        if (data.words.contains(tok)) continue;
        bad << tok;
    }
    return bad.join(u' ');
}

// The lines of `text` with two or more translated pieces side by side ("⟦event #⟧5⟦ by ⟧A"): a
// sentence built from fragments, whose word order a translator cannot change. A piece inside
// another's translation ("⟦task ⟦boot⟧ died⟧") is an argument, not a fragment.
QStringList joinedFragments(const QString& text) {
    static const QRegularExpression columns(QStringLiteral("\\s{3,}|\\t"));
    QStringList out;
    int depth = 0; // a translation may span lines
    for (const QString& line : text.split(u'\n')) {
        // columns (three or more spaces apart) are texts of their own
        for (const QString& column : line.split(columns)) {
            int pieces = 0;
            for (const QChar c : column) {
                if (c == kOpen.front() && depth++ == 0) ++pieces;
                if (c == kClose.front() && depth > 0) --depth;
            }
            if (pieces > 1) out << column;
        }
    }
    return out;
}

struct Found {
    QString where, text;
};

void collectModel(const QAbstractItemModel* m, const QModelIndex& parent, const QString& where,
                  QList<Found>& out, int& budget) {
    for (int r = 0; r < m->rowCount(parent) && budget > 0; ++r) {
        for (int c = 0; c < m->columnCount(parent) && budget > 0; ++c, --budget) {
            const QModelIndex i = m->index(r, c, parent);
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::StatusTipRole),
                             int(Qt::WhatsThisRole), int(Qt::AccessibleTextRole)}) {
                const QVariant v = m->data(i, role);
                if (v.typeId() == QMetaType::QString)
                    out.append(
                        {where + QStringLiteral(" cell %1,%2").arg(r).arg(c), plain(v.toString())});
            }
            if (c == 0 && m->hasChildren(i)) collectModel(m, i, where, out, budget);
        }
    }
}

void collectWidget(QWidget* w, QList<Found>& out) {
    // Qt's own parts (a dock's float and close buttons, a tab bar's scroll buttons): Qt's
    // catalogue translates those.
    if (w->objectName().startsWith(QStringLiteral("qt_")) ||
        qobject_cast<QTabBar*>(w->parentWidget()))
        return;
    const QString where = QString::fromLatin1(w->metaObject()->className()) + QStringLiteral(" '") +
                          w->objectName() + u'\'';
    auto add = [&](const QString& what, const QString& text) {
        if (!text.isEmpty()) out.append({where + u' ' + what, plain(text)});
    };
    add(QStringLiteral("toolTip"), w->toolTip());
    add(QStringLiteral("statusTip"), w->statusTip());
    add(QStringLiteral("whatsThis"), w->whatsThis());
    add(QStringLiteral("accessibleName"), w->accessibleName());
    add(QStringLiteral("accessibleDescription"), w->accessibleDescription());
    if (w->isWindow() || qobject_cast<QDockWidget*>(w))
        add(QStringLiteral("windowTitle"), w->windowTitle());
    if (auto* l = qobject_cast<QLabel*>(w)) add(QStringLiteral("text"), l->text());
    if (auto* b = qobject_cast<QAbstractButton*>(w)) add(QStringLiteral("text"), b->text());
    if (auto* g = qobject_cast<QGroupBox*>(w)) add(QStringLiteral("title"), g->title());
    if (auto* e = qobject_cast<QLineEdit*>(w))
        add(QStringLiteral("placeholder"), e->placeholderText());
    // a plain text edit holds the scenario or the engine's source: data; its placeholder is not
    if (auto* e = qobject_cast<QPlainTextEdit*>(w))
        add(QStringLiteral("placeholder"), e->placeholderText());
    if (auto* b = qobject_cast<QTextBrowser*>(w)) add(QStringLiteral("text"), b->toPlainText());
    if (auto* m = qobject_cast<QMenu*>(w)) add(QStringLiteral("title"), m->title());
    if (auto* s = qobject_cast<QStatusBar*>(w)) add(QStringLiteral("message"), s->currentMessage());
    if (auto* s = qobject_cast<QSpinBox*>(w)) {
        add(QStringLiteral("prefix"), s->prefix());
        add(QStringLiteral("suffix"), s->suffix());
        add(QStringLiteral("specialValueText"), s->specialValueText());
    }
    if (auto* t = qobject_cast<QTabBar*>(w)) {
        for (int i = 0; i < t->count(); ++i) {
            add(QStringLiteral("tab %1").arg(i), t->tabText(i));
            add(QStringLiteral("tab tooltip %1").arg(i), t->tabToolTip(i));
        }
    }
    if (auto* c = qobject_cast<QComboBox*>(w)) {
        for (int i = 0; i < c->count(); ++i) {
            add(QStringLiteral("item %1").arg(i), c->itemText(i));
            add(QStringLiteral("item tooltip %1").arg(i),
                c->itemData(i, Qt::ToolTipRole).toString());
        }
    }
    if (auto* v = qobject_cast<QAbstractItemView*>(w); v && v->model()) {
        const QAbstractItemModel* m = v->model();
        for (int c = 0; c < m->columnCount(); ++c) {
            add(QStringLiteral("header %1").arg(c), m->headerData(c, Qt::Horizontal).toString());
            add(QStringLiteral("header tooltip %1").arg(c),
                m->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString());
        }
        // the console's lines are strace's and the kernel's text: data
        if (v->objectName() != QStringLiteral("consoleView") &&
            !qobject_cast<QComboBox*>(w->parentWidget())) {
            int budget = 4000;
            collectModel(m, {}, where, out, budget);
        }
    }
    if (QAccessibleInterface* a = QAccessible::queryAccessibleInterface(w)) {
        add(QStringLiteral("accessible name"), a->text(QAccessible::Name));
        add(QStringLiteral("accessible description"), a->text(QAccessible::Description));
        if (qobject_cast<Timeline*>(w))
            add(QStringLiteral("accessible value"), a->text(QAccessible::Value));
    }
}

void collectActions(QWidget* root, QList<Found>& out) {
    for (QAction* a : root->findChildren<QAction*>()) {
        const QString where = QStringLiteral("QAction '") + a->objectName() + u'\'';
        for (const auto& [what, text] : {std::pair{QStringLiteral("text"), a->text()},
                                         std::pair{QStringLiteral("toolTip"), a->toolTip()},
                                         std::pair{QStringLiteral("statusTip"), a->statusTip()},
                                         std::pair{QStringLiteral("whatsThis"), a->whatsThis()}})
            if (!text.isEmpty()) out.append({where + u' ' + what, text});
    }
}

// A paint device that keeps the text drawn on it: the texts of the widgets that paint
// themselves (the timeline's lanes and ruler, the getdents64 pane, the legends).
class TextEngine final : public QPaintEngine {
public:
    TextEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}
    bool begin(QPaintDevice*) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState&) override {}
    void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
    void drawImage(const QRectF&, const QImage&, const QRectF&, Qt::ImageConversionFlags) override {
    }
    void drawPath(const QPainterPath&) override {}
    void drawPolygon(const QPointF*, int, PolygonDrawMode) override {}
    void drawTextItem(const QPointF&, const QTextItem& item) override { texts << item.text(); }
    Type type() const override { return QPaintEngine::User; }
    QStringList texts;
};

class TextDevice final : public QPaintDevice {
public:
    explicit TextDevice(QSize size) : size_(size) {}
    QPaintEngine* paintEngine() const override { return &engine_; }
    QStringList texts() const { return engine_.texts; }

protected:
    int metric(PaintDeviceMetric m) const override {
        switch (m) {
        case PdmWidth:
            return size_.width();
        case PdmHeight:
            return size_.height();
        case PdmWidthMM:
            return size_.width() * 254 / 960;
        case PdmHeightMM:
            return size_.height() * 254 / 960;
        case PdmDepth:
            return 32;
        case PdmNumColors:
            return INT_MAX;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return int(devicePixelRatioFScale());
        default: // the DPIs
            return 96;
        }
    }

private:
    QSize size_;
    mutable TextEngine engine_;
};

// The texts `w` paints itself (not its children's).
QStringList paintedTexts(QWidget* w) {
    TextDevice device(w->size());
    w->render(&device, {}, {}, QWidget::DrawWindowBackground);
    return device.texts();
}

QList<Found> collect(QWidget* root) {
    QList<Found> out;
    collectWidget(root, out);
    for (QWidget* w : root->findChildren<QWidget*>())
        collectWidget(w, out);
    collectActions(root, out);
    // Widgets that paint their own text. The object graph's and the compare axis' labels are
    // core's (explain's graph, the aligned points): data, so those two are not read here.
    for (QWidget* w : root->findChildren<QWidget*>()) {
        const QByteArray cls = w->metaObject()->className();
        if (cls != "ds::ui::Timeline" && cls != "ds::ui::GetdentsPane" &&
            cls != "ds::ui::LegendPage" && cls != "ds::ui::Legend" && cls != "ds::ui::HelpOverlay")
            continue;
        const QStringList texts = paintedTexts(w);
        for (const QString& t : texts)
            out.append({QString::fromLatin1(cls) + QStringLiteral(" painted"), t});
    }
    return out;
}

// The run's own words: symbols (dentry, function and lock names), task names, core's names of
// event and object kinds, the designs' and the built-in scenarios' names, the key names of the
// actions' shortcuts; core's sentences of the events up to now (the What-happened pane).
Data runData(MainWindow& w) {
    Data d;
    const Focus* f = w.focus();
    const Session& s = *f->session();
    for (const Event& e : f->replay().events()) {
        d.addWords(QString::fromUtf8(symbol(e.sym).data(), qsizetype(symbol(e.sym).size())));
        d.addWords(QString::fromUtf8(eventKindName(e.kind).data()));
        d.addWords(QString::fromUtf8(objKindName(e.okind).data()));
    }
    for (const auto& t : s.run.taskNames)
        d.addWords(QString::fromStdString(t));
    for (const Design* des : allDesigns())
        d.addWords(QString::fromUtf8(des->name.data(), qsizetype(des->name.size())));
    for (const auto& [name, description] : scenario::builtinScenarios()) {
        d.addWords(QString::fromStdString(name));
        d.phrases << QString::fromStdString(description); // the scenario's own words
    }
    for (int k = 0; k < 256; ++k) // core's names of the event kinds (the breakpoint chooser)
        if (const auto name = eventKindName(static_cast<EventKind>(k)); name != "?")
            d.addWords(QString::fromUtf8(name.data(), qsizetype(name.size())));
    for (QAction* a : w.findChildren<QAction*>())
        d.addWords(a->shortcut().toString(QKeySequence::NativeText));
    explain::Explainer ex(s.run, f->replay());
    for (uint32_t seq = 0; seq < f->step(); ++seq) {
        d.phrases << QString::fromStdString(ex.sentence(seq, f->replay().stateAt(seq)))
                  << QString::fromStdString(ex.sentence(seq))
                  << QString::fromStdString(ex.context(seq));
    }
    std::sort(d.phrases.begin(), d.phrases.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
    d.phrases.removeAll(QString());
    return d;
}

QStringList untranslated(const QList<Found>& found, const Data& data) {
    QStringList bad;
    for (const Found& f : found) {
        for (const QString& line : joinedFragments(f.text))
            bad << f.where + QStringLiteral(": fragments joined: \"") + line + u'"';
        const QString rest = leftover(f.text, data);
        if (!rest.isEmpty())
            bad << f.where + QStringLiteral(": \"") + f.text.left(160) + QStringLiteral("\" (") +
                       rest + u')';
    }
    bad.removeDuplicates();
    return bad;
}

} // namespace

class TestGuiPseudo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void ruleTellsDataFromWords_data();
    void ruleTellsDataFromWords();
    void mainWindowIsTranslated();
    void compareViewIsTranslated();
    void cleanupTestCase() { QCoreApplication::removeTranslator(&translator_); }

private:
    QTemporaryDir dir_;
    QTranslator translator_;
    int messages_ = 0;
};

void TestGuiPseudo::initTestCase() {
#if !defined(DS_TS_TEMPLATE) || !defined(DS_LRELEASE)
    QSKIP("lupdate or lrelease was not found at configure time (qt6-l10n-tools)");
#else
    QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 9));
    QVERIFY(dir_.isValid());
    QString error;
    const QList<Message> messages = readTs(QStringLiteral(DS_TS_TEMPLATE), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    messages_ = int(messages.size());
    QVERIFY(messages_ > 0);
    const QString ts = dir_.filePath(QStringLiteral("dentryscope_pseudo.ts"));
    const QString qm = dir_.filePath(QStringLiteral("dentryscope_pseudo.qm"));
    QVERIFY(writePseudoTs(messages, ts));
    QProcess lrelease;
    lrelease.setProcessChannelMode(QProcess::MergedChannels);
    lrelease.start(QStringLiteral(DS_LRELEASE),
                   {QStringLiteral("-silent"), ts, QStringLiteral("-qm"), qm});
    QVERIFY(lrelease.waitForFinished(60000));
    QVERIFY2(lrelease.exitCode() == 0, lrelease.readAll().constData());
    QVERIFY(translator_.load(qm));
    QVERIFY(QCoreApplication::installTranslator(&translator_));
#endif
}

void TestGuiPseudo::ruleTellsDataFromWords_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("left");
    QTest::newRow("translated") << QStringLiteral("\u27e6&File\u27e7") << QString();
    QTest::newRow("nested") << QStringLiteral("\u27e6Step \u27e6the start\u27e7\u27e7")
                            << QString();
    QTest::newRow("data in a translation")
        << QStringLiteral("\u27e6dentry #3 'sched'\u27e7") << QString();
    QTest::newRow("untranslated word") << QStringLiteral("Remove") << QStringLiteral("Remove");
    QTest::newRow("fragment join")
        << QStringLiteral("\u27e6event\u27e7 3 of 9, before the first event")
        << QStringLiteral("of before the first event");
    QTest::newRow("identifiers and paths")
        << QStringLiteral("d_instantiate /sys/kernel/tracing/events 0x10 #3 Ctrl+O") << QString();
    QTest::newRow("acronym and key") << QStringLiteral("BUG KASAN W / S") << QString();
    QTest::newRow("run's word") << QStringLiteral("'sched' enable") << QString();
    QTest::newRow("fragments joined")
        << QStringLiteral("\u27e6event #\u27e75\u27e6 by \u27e7A") << QStringLiteral("joined");
    QTest::newRow("argument, columns")
        << QStringLiteral("\u27e6task \u27e6boot\u27e7 died\u27e7    \u27e6written\u27e7")
        << QString();
}

void TestGuiPseudo::ruleTellsDataFromWords() {
    QFETCH(QString, text);
    QFETCH(QString, left);
    Data d;
    d.addWords(QStringLiteral("sched enable"));
    QCOMPARE(joinedFragments(text).isEmpty() ? leftover(text, d) : QStringLiteral("joined"), left);
}

void TestGuiPseudo::mainWindowIsTranslated() {
    if (!messages_) QSKIP("no pseudo-locale");
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // a menu entry in the pseudo-locale: the translator is in effect
    QCOMPARE(w.menuBar()->actions().first()->text(), kOpen + QStringLiteral("&File") + kClose);
    w.stepper()->runToReport();
    QVERIFY(w.focus()->step() > 0);
    auto* help = w.findChild<HelpOverlay*>();
    QVERIFY(help);
    help->showPage(HelpOverlay::Keys);
    auto* what = w.findChild<WhatHappenedPane*>();
    QVERIFY(what);
    QVERIFY(!what->sentence().isEmpty());
    QList<Found> found = collect(&w);
    QVERIFY2(found.size() > 300, qPrintable(QString::number(found.size())));
    // the painted texts are read (the legend's state names among them)
    QVERIFY(std::any_of(found.begin(), found.end(), [](const Found& f) {
        return f.where.endsWith(QStringLiteral("painted")) &&
               f.text.startsWith(kOpen + QStringLiteral("in use"));
    }));
    // the timeline paints its lanes into a cache: their labels and tooltips, from its model
    auto* timeline = w.findChild<Timeline*>();
    QVERIFY(timeline);
    QList<Found> lanes;
    for (const TimelineLane& l : timeline->lanes()) {
        lanes.append({QStringLiteral("Timeline lane"), l.label});
        lanes.append(
            {QStringLiteral("Timeline lane tooltip"),
             laneTooltip(l, w.focus()->step(), w.focus()->replay(), *w.focus()->session())});
    }
    QVERIFY(lanes.size() > 10);
    QVERIFY(std::any_of(lanes.begin(), lanes.end(), [](const Found& f) {
        return f.text == kOpen + QStringLiteral("live dentries") + kClose;
    }));
    found.append(lanes);
    const QStringList bad = untranslated(found, runData(w));
    for (const QString& b : bad)
        qWarning("not translated: %s", qPrintable(b));
    QVERIFY2(bad.isEmpty(),
             qPrintable(QStringLiteral("%1 texts not translated (listed above)").arg(bad.size())));
}

void TestGuiPseudo::compareViewIsTranslated() {
    if (!messages_) QSKIP("no pseudo-locale");
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    CompareView* v = w.compareWith(QStringLiteral("v6.8"));
    QVERIFY(v);
    v->show();
    QVERIFY(QTest::qWaitForWindowExposed(v));
    QTRY_VERIFY_WITH_TIMEOUT(!v->exploring(), 120000); // the verdicts are in the headers
    QVERIFY(v->stepToBug());
    const QList<Found> found = collect(v);
    QVERIFY(found.size() > 10);
    const QStringList bad = untranslated(found, runData(w));
    for (const QString& b : bad)
        qWarning("not translated: %s", qPrintable(b));
    QVERIFY2(bad.isEmpty(),
             qPrintable(QStringLiteral("%1 texts not translated (listed above)").arg(bad.size())));
    v->close();
}

QTEST_MAIN(TestGuiPseudo)
#include "tst_gui_pseudo.moc"
