// SPDX-License-Identifier: GPL-2.0-or-later
#include "accessiblenames.h"

#include <QCoreApplication>
#include <QWidget>

#include <vector>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

constexpr const char* kContext = "ds::ui::AccessibleNames";

struct Description {
    const char* key;  // objectName, or the class name of a widget that has none
    const char* name; // QT_TRANSLATE_NOOP: translated when applied
    const char* description;
};

const std::vector<Description>& table() {
    static const std::vector<Description> t = {
        {"timeline", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Timeline"),
         QT_TRANSLATE_NOOP(
             "ds::ui::AccessibleNames",
             "The run on one time axis: counters, system calls and function spans per task, and "
             "the lifetime and reference count of every object")},
        {"stepSlider", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Step"),
         QT_TRANSLATE_NOOP(
             "ds::ui::AccessibleNames",
             "Scrub through the run: the number of events folded into the state shown")},
        {"playSpeed", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Play speed"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Events per second while playing")},
        {"runNextPicker", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Next task"),
         QT_TRANSLATE_NOOP(
             "ds::ui::AccessibleNames",
             "Which task runs the next event where tasks compete; choosing one replays the run "
             "with that schedule")},
        {"scenarioPicker", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Scenario"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "The scenario to run: a built-in, a recent file, or Open file")},
        {"designPicker", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Design"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "The kernel design (era) to run the scenario on")},
        {"dentryTree", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Dentry tree"),
         QT_TRANSLATE_NOOP(
             "ds::ui::AccessibleNames",
             "The dcache at the current step: every dentry with its state, reference count and "
             "inode")},
        {"legend", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Legend"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "What the shapes and colours of the dentry states mean")},
        {"callStackView", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Call stack"),
         QT_TRANSLATE_NOOP(
             "ds::ui::AccessibleNames",
             "The call stack of the task at the current event, innermost function first")},
        {"taskChooser", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Task"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "The task whose call stack is shown")},
        {"sourceView", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Engine source"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "The engine's source at the current line of the selected frame")},
        {"inspectorView", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Inspector"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "The fields of the selected dentry or inode at the current step")},
        {"eventLog", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Event log"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "Every event of the run, one a row; the current one is selected")},
        {"eventFilter", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Filter events"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "Show only the events whose text contains this")},
        {"markersView", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Markers"),
         QT_TRANSLATE_NOOP(
             "ds::ui::AccessibleNames",
             "What happened between the A and B markers: events, system calls, reports, objects "
             "created and freed, references taken and dropped")},
        {"consoleView", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Console"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "Reports and notes of the run (BUG, WARN, KASAN, leaks)")},
        {"scenarioText", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Scenario text"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "The scenario as written")},
        {"scenarioErrors", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Scenario errors"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Errors found while reading the scenario")},
        {"scheduleText", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Schedule"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "The switches of the branched run, as scenario lines that replay it")},
        {"copyScenario", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Copy scenario"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "Put the whole replayable scenario on the clipboard")},
        {"undoBranchButton", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Undo branch"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Go back to the run this one branched from")},
        {"breakpointView", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Breakpoints"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "The breakpoints: objects, event kinds and functions to stop at")},
        {"breakKindChooser", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Event kind"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "An event kind to break on")},
        {"breakAddKind", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Add event kind breakpoint"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Break on every event of the chosen kind")},
        {"breakFunctionChooser", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Function"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "A function to break on")},
        {"breakAddFunction",
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Add function breakpoint"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "Break on every entry of the chosen function")},
        {"breakAddObject", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Break on selected object"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames",
                           "Break on any event on the selected dentry or inode")},
        {"breakRemove", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Remove breakpoint"),
         QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "Remove the selected breakpoint")},
        {"ds::ui::GetdentsPane", QT_TRANSLATE_NOOP("ds::ui::AccessibleNames", "getdents64 records"),
         QT_TRANSLATE_NOOP(
             "ds::ui::AccessibleNames",
             "What each getdents64 call returned, record by record; click a record to step to the "
             "event that filled it")},
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
                w->setAccessibleName(QCoreApplication::translate(kContext, d.name));
                w->setAccessibleDescription(QCoreApplication::translate(kContext, d.description));
                break;
            }
        }
    }
}

} // namespace ds::ui
