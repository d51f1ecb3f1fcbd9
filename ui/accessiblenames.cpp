// SPDX-License-Identifier: GPL-2.0-or-later
#include "accessiblenames.h"

#include <QWidget>

#include <vector>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

struct Description {
    const char* key; // objectName, or the class name of a widget that has none
    QString name;
    QString description;
};

const std::vector<Description>& table() {
    static const std::vector<Description> t = {
        {"timeline", u"Timeline"_s,
         u"The run on one time axis: counters, system calls and function spans per task, and "
         u"the lifetime and reference count of every object"_s},
        {"stepSlider", u"Step"_s,
         u"Scrub through the run: the number of events folded into the state shown"_s},
        {"playSpeed", u"Play speed"_s, u"Events per second while playing"_s},
        {"runNextPicker", u"Next task"_s,
         u"Which task runs the next event where tasks compete; choosing one replays the run "
         u"with that schedule"_s},
        {"scenarioPicker", u"Scenario"_s,
         u"The scenario to run: a built-in, a recent file, or Open file"_s},
        {"designPicker", u"Design"_s, u"The kernel design (era) to run the scenario on"_s},
        {"dentryTree", u"Dentry tree"_s,
         u"The dcache at the current step: every dentry with its state, reference count and "
         u"inode"_s},
        {"legend", u"Legend"_s, u"What the shapes and colours of the dentry states mean"_s},
        {"callStackView", u"Call stack"_s,
         u"The call stack of the task at the current event, innermost function first"_s},
        {"taskChooser", u"Task"_s, u"The task whose call stack is shown"_s},
        {"sourceView", u"Engine source"_s,
         u"The engine's source at the current line of the selected frame"_s},
        {"inspectorView", u"Inspector"_s,
         u"The fields of the selected dentry or inode at the current step"_s},
        {"eventLog", u"Event log"_s,
         u"Every event of the run, one a row; the current one is selected"_s},
        {"eventFilter", u"Filter events"_s, u"Show only the events whose text contains this"_s},
        {"consoleView", u"Console"_s, u"Reports and notes of the run (BUG, WARN, KASAN, leaks)"_s},
        {"scenarioText", u"Scenario text"_s, u"The scenario as written"_s},
        {"scenarioErrors", u"Scenario errors"_s, u"Errors found while reading the scenario"_s},
        {"scheduleText", u"Schedule"_s,
         u"The switches of the branched run, as scenario lines that replay it"_s},
        {"copyScenario", u"Copy scenario"_s,
         u"Put the whole replayable scenario on the clipboard"_s},
        {"undoBranchButton", u"Undo branch"_s, u"Go back to the run this one branched from"_s},
        {"breakpointView", u"Breakpoints"_s,
         u"The breakpoints: objects, event kinds and functions to stop at"_s},
        {"breakKindChooser", u"Event kind"_s, u"An event kind to break on"_s},
        {"breakAddKind", u"Add event kind breakpoint"_s,
         u"Break on every event of the chosen kind"_s},
        {"breakFunctionChooser", u"Function"_s, u"A function to break on"_s},
        {"breakAddFunction", u"Add function breakpoint"_s,
         u"Break on every entry of the chosen function"_s},
        {"breakAddObject", u"Break on selected object"_s,
         u"Break on any event on the selected dentry or inode"_s},
        {"breakRemove", u"Remove breakpoint"_s, u"Remove the selected breakpoint"_s},
        {"ds::ui::GetdentsPane", u"getdents64 records"_s,
         u"What each getdents64 call returned, record by record; click a record to step to the "
         u"event that filled it"_s},
    };
    return t;
}

} // namespace

void nameControls(QWidget* window) {
    for (QWidget* w : window->findChildren<QWidget*>()) {
        const QString object = w->objectName();
        const QLatin1StringView cls(w->metaObject()->className());
        for (const Description& d : table()) {
            const QLatin1StringView key(d.key);
            if (object == key || (object.isEmpty() && cls == key)) {
                w->setAccessibleName(d.name);
                w->setAccessibleDescription(d.description);
                break;
            }
        }
    }
}

} // namespace ds::ui
