// SPDX-License-Identifier: GPL-2.0-or-later
#include "timelineaccessible.h"

#include "focus.h"
#include "session.h"
#include "timeline.h"

#include <QAccessible>
#include <QAccessibleValueInterface>
#include <QAccessibleWidget>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

class TimelineAccessible final : public QAccessibleWidget, public QAccessibleValueInterface {
    Q_DECLARE_TR_FUNCTIONS(TimelineAccessible)

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
            return tr("Timeline");
        case QAccessible::Description: {
            const QString axis = timeline()->realTime()
                                     ? tr("The axis is the trace's real time (T: event order).")
                                 : timeline()->realTimeAvailable()
                                     ? tr("The axis is event order (T: the trace's real time).")
                                     : QString();
            const QString what =
                !widget()->accessibleDescription().isEmpty()
                    ? widget()->accessibleDescription()
                    : tr("The run on one time axis: counters, system calls and function spans per "
                         "task, and the lifetime and reference count of every object. Left and "
                         "right step by event; W and S zoom, A and D pan, F fits.");
            return axis.isEmpty() ? what
                                  : tr("%1 %2", "description, then the axis").arg(what, axis);
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
        if (!f || !f->hasRun()) return tr("no run loaded");
        const uint32_t k = f->step();
        // a real trace: when, as the trace prints it
        const TimeAxis& t = timeline()->timeAxis();
        if (k == 0) return tr("event 0 of %1, before the first event").arg(f->steps());
        if (t.valid()) {
            const Event& e = f->replay().event(k - 1);
            const Session& s = *f->session();
            return tr("event %1 of %2 at %3 s: %4, task %5")
                .arg(QString::number(k), QString::number(f->steps()),
                     ftraceSeconds(t.origin() + t.eventTime(k - 1)), s.eventText(e),
                     s.taskName(e.task));
        }
        const Event& e = f->replay().event(k - 1);
        const Session& s = *f->session();
        return tr("event %1 of %2: %3, task %4")
            .arg(QString::number(k), QString::number(f->steps()), s.eventText(e),
                 s.taskName(e.task));
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
