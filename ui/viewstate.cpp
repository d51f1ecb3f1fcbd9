// SPDX-License-Identifier: GPL-2.0-or-later
#include "viewstate.h"

#include "focus.h"
#include "mainwindow.h"
#include "session.h"
#include "stepper.h"
#include "timeline.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

constexpr qsizetype kMaxText = 64 * 1024 * 1024; // a scenario file's limit
constexpr qsizetype kMaxField = 4096;
// Each branch runs the scenario again: a few hundred is already far more than anyone takes.
constexpr std::size_t kMaxBranches = 256;
constexpr std::size_t kMaxPinned = 1000;
constexpr double kMaxWindow = 1e10;

// One field's check: the first wrong one is the error.
struct Reader {
    const QJsonObject& o;
    QString error;

    bool fail(const QString& key, const QString& expected) {
        if (error.isEmpty())
            error = ViewState::tr("state field '%1': expected %2").arg(key, expected);
        return false;
    }
    QString text(const QString& key, qsizetype max = kMaxField, bool required = false) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() && !required) return {};
        if (!v.isString() || v.toString().size() > max) {
            fail(key, ViewState::tr("a string of at most %n characters", nullptr, int(max)));
            return {};
        }
        return v.toString();
    }
    double number(const QJsonObject& from, const QString& key, double lo, double hi) {
        const QJsonValue v = from.value(key);
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || !std::isfinite(d) || d < lo || d > hi) {
            fail(key, ViewState::tr("a number from %1 to %2")
                          .arg(QString::number(lo), QString::number(hi)));
            return lo;
        }
        return d;
    }
    uint32_t count(const QJsonObject& from, const QString& key, double hi) {
        const double d = number(from, key, 0, hi);
        if (d != std::floor(d)) fail(key, ViewState::tr("a whole number"));
        return static_cast<uint32_t>(d);
    }
};

} // namespace

ViewState ViewState::capture(const MainWindow& window, const QString& theme, const QString& pane,
                             QSize size) {
    ViewState st;
    st.version = QCoreApplication::applicationVersion();
    st.theme = theme;
    st.pane = pane;
    st.size = size;
    const Focus& focus = *window.focus();
    st.windowStart = focus.windowStart();
    st.windowEnd = focus.windowEnd();
    st.laneScroll = window.timeline()->laneScroll();
    st.realTime = window.timeline()->realTime();
    st.pinned = window.timeline()->pinned();
    const Session* s = focus.session();
    if (!s) return st;
    st.name = window.scenarioName();
    st.text = s->text;
    st.design = s->design;
    st.runDesign = QString::fromStdString(s->run.design);
    for (const Session::Branch& b : s->branches)
        st.branches.push_back({b.step, b.task, s->taskName(b.task)});
    st.schedule = s->scheduleText();
    st.step = focus.step();
    st.selected = focus.selected();
    if (st.selected) st.selectedLabel = s->objectLabel(st.selected);
    return st;
}

QByteArray ViewState::toJson() const {
    QJsonArray branchList;
    for (const Branch& b : branches)
        branchList.append(QJsonObject{
            {u"step"_s, double(b.step)}, {u"task"_s, int(b.task)}, {u"taskName"_s, b.taskName}});
    QJsonArray pins;
    for (ObjId id : pinned)
        pins.append(double(id));
    const QJsonObject o{
        {u"format"_s, u"dentryscope-state 1"_s},
        {u"version"_s, version},
        {u"scenario"_s, name},
        {u"text"_s, text},
        {u"design"_s, design},
        {u"runDesign"_s, runDesign},
        {u"branches"_s, branchList},
        {u"schedule"_s, schedule},
        {u"step"_s, double(step)},
        {u"selection"_s, QJsonObject{{u"id"_s, double(selected)}, {u"label"_s, selectedLabel}}},
        {u"window"_s, QJsonObject{{u"start"_s, windowStart},
                                  {u"end"_s, windowEnd},
                                  {u"laneScroll"_s, laneScroll},
                                  {u"axis"_s, realTime ? u"real time"_s : u"event order"_s}}},
        {u"pinned"_s, pins},
        {u"theme"_s, theme},
        {u"pane"_s, pane},
        {u"size"_s, QJsonObject{{u"width"_s, size.width()}, {u"height"_s, size.height()}}},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

std::optional<ViewState> ViewState::fromJson(const QByteArray& json, QString* error) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull() || !doc.isObject()) {
        if (error)
            *error = doc.isNull()
                         ? tr("not a dentryscope state: %1 at offset %2")
                               .arg(parseError.errorString(), QString::number(parseError.offset))
                         : tr("not a dentryscope state: expected a JSON object");
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    Reader r{o, {}};
    ViewState st;
    if (o.value(u"format"_s).toString() != u"dentryscope-state 1"_s)
        r.fail(u"format"_s, u"\"dentryscope-state 1\""_s);
    st.version = r.text(u"version"_s);
    st.name = r.text(u"scenario"_s, kMaxField, true);
    st.text = r.text(u"text"_s, kMaxText, true);
    st.design = r.text(u"design"_s);
    st.runDesign = r.text(u"runDesign"_s);
    st.schedule = r.text(u"schedule"_s, kMaxText);
    const QJsonArray branchList = o.value(u"branches"_s).toArray();
    if (std::size_t(branchList.size()) > kMaxBranches)
        r.fail(u"branches"_s, tr("at most %n branches", nullptr, int(kMaxBranches)));
    for (const QJsonValue& v : branchList) {
        if (!r.error.isEmpty()) break;
        const QJsonObject b = v.toObject();
        st.branches.push_back({r.count(b, u"step"_s, 4294967295.0),
                               static_cast<TaskId>(r.count(b, u"task"_s, kNoTask - 1)),
                               b.value(u"taskName"_s).toString().left(kMaxField)});
    }
    st.step = r.count(o, u"step"_s, 4294967295.0);
    const QJsonObject sel = o.value(u"selection"_s).toObject();
    st.selected = sel.isEmpty() ? 0 : r.count(sel, u"id"_s, 4294967295.0);
    st.selectedLabel = sel.value(u"label"_s).toString().left(kMaxField);
    const QJsonObject win = o.value(u"window"_s).toObject();
    st.windowStart = r.number(win, u"start"_s, -kMaxWindow, kMaxWindow);
    st.windowEnd = r.number(win, u"end"_s, -kMaxWindow, kMaxWindow);
    st.laneScroll = static_cast<int>(r.count(win, u"laneScroll"_s, 1e9));
    // Pictures from before the real time axis have no "axis": event order.
    const QString axis =
        win.contains(u"axis"_s) ? win.value(u"axis"_s).toString() : u"event order"_s;
    if (axis != u"event order"_s && axis != u"real time"_s)
        r.fail(u"axis"_s, u"\"event order\" or \"real time\""_s);
    st.realTime = axis == u"real time"_s;
    const QJsonArray pins = o.value(u"pinned"_s).toArray();
    if (std::size_t(pins.size()) > kMaxPinned)
        r.fail(u"pinned"_s, tr("at most %n objects", nullptr, int(kMaxPinned)));
    QJsonObject pinHolder;
    for (const QJsonValue& v : pins) {
        pinHolder[u"pinned"_s] = v;
        st.pinned.push_back(r.count(pinHolder, u"pinned"_s, 4294967295.0));
    }
    st.theme = r.text(u"theme"_s);
    if (!st.theme.isEmpty() && st.theme != u"light"_s && st.theme != u"dark"_s)
        r.fail(u"theme"_s, tr("light or dark"));
    st.pane = r.text(u"pane"_s);
    const QJsonObject size = o.value(u"size"_s).toObject();
    if (!size.isEmpty())
        st.size = QSize(static_cast<int>(r.count(size, u"width"_s, 16384)),
                        static_cast<int>(r.count(size, u"height"_s, 16384)));
    if (!r.error.isEmpty()) {
        if (error) *error = r.error;
        return std::nullopt;
    }
    return st;
}

bool ViewState::applyTo(MainWindow& window, QString* error) const {
    QString why;
    // A real trace is not in the picture (only its header is): it opens from its file again.
    const bool trace =
        Session::isTraceFile(name) || text.startsWith(u"# A real kernel's trace: "_s);
    if (trace && !Session::isTraceFile(name)) {
        if (error)
            *error = name + u": not a readable trace file (a picture of a real trace opens the "_s
                            u"trace from its path)"_s;
        return false;
    }
    if (!(trace ? window.openScenario(name, {}, &why)
                : window.openScenarioText(name, text, design, &why))) {
        if (error) *error = name + u": "_s + why.section(u'\n', 0, 0);
        return false;
    }
    if (trace && window.focus()->session()->text != text) {
        if (error) *error = name + u": the trace has changed since the picture was made"_s;
        return false;
    }
    Focus& focus = *window.focus();
    for (const Branch& b : branches) {
        if (b.step > focus.steps()) {
            if (error) *error = tr("branch at step %1 is past the end of the run").arg(b.step);
            return false;
        }
        focus.setStep(b.step);
        if (!window.stepper()->runNext(b.task)) {
            if (error)
                *error = tr("the branch at step %1 (%2 runs) cannot be taken again")
                             .arg(QString::number(b.step), b.taskName);
            return false;
        }
    }
    return applyView(window, error);
}

bool ViewState::applyView(MainWindow& window, QString* error) const {
    Focus& focus = *window.focus();
    if (step > focus.steps()) {
        if (error)
            *error =
                tr("step %1 is past the end of the run (%n steps)", nullptr, int(focus.steps()))
                    .arg(step);
        return false;
    }
    if (selected && (!focus.hasRun() || selected > focus.replay().maxObjId())) {
        if (error) *error = tr("the selected object #%1 is not in the run").arg(selected);
        return false;
    }
    if (realTime && !window.timeline()->realTimeAvailable()) {
        if (error)
            *error = u"the picture shows real time, but this run has none: "_s +
                     window.timeline()->realTimeWhy();
        return false;
    }
    window.timeline()->setRealTime(realTime);
    focus.setStep(step);
    window.timeline()->setPinned(pinned);
    focus.setSelected(selected);
    focus.setWindow(windowStart, windowEnd, realTime ? Timeline::kMinSpanSteps : 8.0);
    window.timeline()->setLaneScroll(laneScroll);
    return true;
}

} // namespace ds::ui
