// SPDX-License-Identifier: GPL-2.0-or-later
// What a screen reader gets from the main window: every control (slider, spin box, pickers,
// tree and table views, text fields, buttons, the timeline) has an accessible name and a
// description; the timeline is a chart whose value is the current event and can be set; the
// state icons are drawn at the device pixel ratio, not scaled up from 14x14 pixels.
#include "focus.h"
#include "mainwindow.h"
#include "session.h"
#include "theme.h"
#include "timeline.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAccessibleValueInterface>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTest>
#include <QToolButton>

using namespace ds;
using namespace ds::ui;

namespace {

// The widgets a user operates. Scroll bars belong to their views, and the toolbar's buttons
// take their names from their actions' text (checked separately).
bool isControl(const QWidget* w) {
    if (qobject_cast<const QScrollBar*>(w)) return false;
    if (qobject_cast<const QToolButton*>(w)) return false;
    return qobject_cast<const QAbstractSlider*>(w) || qobject_cast<const QAbstractSpinBox*>(w) ||
           qobject_cast<const QComboBox*>(w) || qobject_cast<const QAbstractItemView*>(w) ||
           qobject_cast<const QLineEdit*>(w) || qobject_cast<const QPlainTextEdit*>(w) ||
           qobject_cast<const QAbstractButton*>(w) || qobject_cast<const Timeline*>(w);
}

// Parts of a control that its own accessible interface speaks for: a view's headers and corner
// button, a spin box's or an editable combo box's line edit.
bool isPart(const QWidget* w) {
    const QWidget* p = w->parentWidget();
    return p && (qobject_cast<const QAbstractItemView*>(p) || qobject_cast<const QComboBox*>(p) ||
                 qobject_cast<const QAbstractSpinBox*>(p));
}

QString describe(const QWidget* w) {
    return QString::fromLatin1(w->metaObject()->className()) + QStringLiteral(" '") +
           w->objectName() + u'\'';
}

} // namespace

class TestGuiAccessibility : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 9)); }
    void everyControlHasNameAndDescription();
    void toolbarButtonsHaveNames();
    void timelineIsAChartOfTheCurrentEvent();
    void stateIconsSharpAtDevicePixelRatio_data();
    void stateIconsSharpAtDevicePixelRatio();
};

void TestGuiAccessibility::everyControlHasNameAndDescription() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QStringList missing;
    int controls = 0;
    for (QWidget* child : w.findChildren<QWidget*>()) {
        if (!isControl(child) || isPart(child)) continue;
        // Item views' viewports and a combo box's internal list are parts, not controls.
        if (child->parentWidget() &&
            qobject_cast<QComboBox*>(child->parentWidget()->parentWidget()))
            continue;
        if (child->window() != &w) continue; // e.g. a combo box's popup
        ++controls;
        QAccessibleInterface* a = QAccessible::queryAccessibleInterface(child);
        if (!a) {
            missing << describe(child) + QStringLiteral(": no accessible interface");
            continue;
        }
        if (a->text(QAccessible::Name).isEmpty())
            missing << describe(child) + QStringLiteral(": no name");
        if (a->text(QAccessible::Description).isEmpty())
            missing << describe(child) + QStringLiteral(": no description");
    }
    QVERIFY2(controls >= 20, qPrintable(QString::number(controls)));
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u'\n')));
}

void TestGuiAccessibility::toolbarButtonsHaveNames() {
    MainWindow w(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    int buttons = 0;
    for (QToolButton* b : w.findChildren<QToolButton*>()) {
        if (!b->isVisible() || !b->defaultAction()) continue;
        ++buttons;
        QAccessibleInterface* a = QAccessible::queryAccessibleInterface(b);
        QVERIFY(a);
        QVERIFY2(!a->text(QAccessible::Name).isEmpty(), qPrintable(describe(b)));
    }
    QVERIFY(buttons >= 5);
}

void TestGuiAccessibility::timelineIsAChartOfTheCurrentEvent() {
    MainWindow w(false);
    QVERIFY(w.openScenario(QStringLiteral("d_instantiate-crash")));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* timeline = w.findChild<Timeline*>();
    QVERIFY(timeline);
    QAccessibleInterface* a = QAccessible::queryAccessibleInterface(timeline);
    QVERIFY(a);
    QCOMPARE(a->role(), QAccessible::Chart);
    QCOMPARE(a->text(QAccessible::Name), QStringLiteral("Timeline"));
    QAccessibleValueInterface* value = a->valueInterface();
    QVERIFY(value);
    Focus* focus = w.focus();
    QCOMPARE(value->maximumValue().toUInt(), focus->steps());
    QVERIFY(focus->steps() > 10);

    // Setting the value steps the whole window there; the value text reads that event.
    value->setCurrentValue(10u);
    QCOMPARE(focus->step(), 10u);
    QCOMPARE(value->currentValue().toUInt(), 10u);
    const Event& e = focus->replay().event(9);
    const QString text = a->text(QAccessible::Value);
    QVERIFY2(text.startsWith(QStringLiteral("event 10 of %1: ").arg(focus->steps())),
             qPrintable(text));
    QVERIFY2(text.contains(focus->session()->eventText(e)), qPrintable(text));
    value->setCurrentValue(0u);
    QVERIFY2(a->text(QAccessible::Value).endsWith(QStringLiteral("before the first event")),
             qPrintable(a->text(QAccessible::Value)));
}

void TestGuiAccessibility::stateIconsSharpAtDevicePixelRatio_data() {
    QTest::addColumn<qreal>("dpr");
    QTest::newRow("1x") << qreal(1);
    QTest::newRow("1.5x") << qreal(1.5);
    QTest::newRow("2x") << qreal(2);
    QTest::newRow("3x") << qreal(3);
}

// At a device pixel ratio of 2 a 14x14 icon is 28x28 device pixels, drawn at that size (the
// shape painted directly at 2x), not 14x14 pixels scaled up.
void TestGuiAccessibility::stateIconsSharpAtDevicePixelRatio() {
    QFETCH(qreal, dpr);
    const QPalette pal = QApplication::palette();
    const QSize logical(14, 14);
    const QSize device(qRound(14 * dpr), qRound(14 * dpr));
    for (int i = 0; i < kDentryStateCount; ++i) {
        const auto s = static_cast<ui::DentryState>(i);
        const QPixmap pm = theme::stateIcon(s, pal).pixmap(logical, dpr);
        QCOMPARE(pm.size(), device);
        QCOMPARE(pm.devicePixelRatio(), dpr);
        QImage direct(device, QImage::Format_ARGB32_Premultiplied);
        direct.setDevicePixelRatio(dpr);
        direct.fill(Qt::transparent);
        QPainter p(&direct);
        p.setRenderHint(QPainter::Antialiasing);
        theme::drawStateShape(p, QRectF(QPointF(0, 0), QSizeF(logical)), s, pal);
        p.end();
        QCOMPARE(pm.toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied), direct);
    }
}

QTEST_MAIN(TestGuiAccessibility)
#include "tst_gui_accessibility.moc"
