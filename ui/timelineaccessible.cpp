// SPDX-License-Identifier: GPL-2.0-or-later
#include "timelineaccessible.h"

#include "focus.h"
#include "session.h"
#include "timeline.h"

#include <QAccessible>
#include <QAccessibleValueInterface>
#include <QAccessibleWidget>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

class TimelineAccessible final : public QAccessibleWidget, public QAccessibleValueInterface {
public:
    explicit TimelineAccessible(Timeline* timeline)
        : QAccessibleWidget(timeline, QAccessible::Chart) {}

    void* interface_cast(QAccessible::InterfaceType t) override {
        if (t == QAccessible::ValueInterface) return static_cast<QAccessibleValueInterface*>(this);
        return QAccessibleWidget::interface_cast(t);
    }

    QString text(QAccessible::Text t) const override {
        switch (t) {
        case QAccessible::Name:
            if (!widget()->accessibleName().isEmpty()) return widget()->accessibleName();
            return u"Timeline"_s;
        case QAccessible::Description: {
            const QString axis = timeline()->realTime()
                                     ? u" The axis is the trace's real time (T: event order)."_s
                                 : timeline()->realTimeAvailable()
                                     ? u" The axis is event order (T: the trace's real time)."_s
                                     : QString();
            if (!widget()->accessibleDescription().isEmpty())
                return widget()->accessibleDescription() + axis;
            return u"The run on one time axis: counters, system calls and function spans per "
                   u"task, and the lifetime and reference count of every object. Left and right "
                   u"step by event; W and S zoom, A and D pan, F fits."_s +
                   axis;
        }
        case QAccessible::Value:
            return valueText();
        default:
            return QAccessibleWidget::text(t);
        }
    }

    // QAccessibleValueInterface: the current step (events folded so far).
    QVariant currentValue() const override { return focus() ? focus()->step() : 0u; }
    void setCurrentValue(const QVariant& value) override {
        if (Focus* f = focus(); f && f->hasRun()) f->setStep(std::min(value.toUInt(), f->steps()));
    }
    QVariant maximumValue() const override { return focus() ? focus()->steps() : 0u; }
    QVariant minimumValue() const override { return 0u; }
    QVariant minimumStepSize() const override { return 1u; }

private:
    Focus* focus() const { return widget()->property("ds_focus").value<Focus*>(); }
    const Timeline* timeline() const { return static_cast<const Timeline*>(widget()); }

    QString valueText() const {
        const Focus* f = focus();
        if (!f || !f->hasRun()) return u"no run loaded"_s;
        const uint32_t k = f->step();
        QString where = u"event "_s + QString::number(k) + u" of "_s + QString::number(f->steps());
        // a real trace: when, as the trace prints it
        if (const TimeAxis& t = timeline()->timeAxis(); t.valid() && k > 0)
            where += u" at "_s + ftraceSeconds(t.origin() + t.eventTime(k - 1)) + u" s"_s;
        if (k == 0) return where + u", before the first event"_s;
        const Event& e = f->replay().event(k - 1);
        const Session& s = *f->session();
        return where + u": "_s + s.eventText(e) + u", task "_s + s.taskName(e.task);
    }
};

QAccessibleInterface* timelineFactory(const QString& className, QObject* object) {
    if (className == "ds::ui::Timeline"_L1 && object && object->isWidgetType())
        return new TimelineAccessible(static_cast<Timeline*>(object));
    return nullptr;
}

} // namespace

void installTimelineAccessibility(Timeline* timeline, Focus* focus) {
    static const bool installed = [] {
        QAccessible::installFactory(timelineFactory);
        return true;
    }();
    (void)installed;
    timeline->setProperty("ds_focus", QVariant::fromValue(focus));
    QObject::connect(focus, &Focus::stepChanged, timeline, [timeline](uint32_t step) {
        if (!QAccessible::isActive()) return;
        QAccessibleValueChangeEvent event(timeline, step);
        QAccessible::updateAccessibility(&event);
    });
}

} // namespace ds::ui
