// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// One loaded scenario and its run: the text, the parse errors, the event log and its Replay.
// The UI never owns truth: every pane reads the run through this and the Focus.

#include "import/real_trace.h"
#include "replay/replay.h"
#include "scenario/branch.h"
#include "scenario/runner.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace ds::ui {

class Session {
    Q_DECLARE_TR_FUNCTIONS(Session)

public:
    // Loads a built-in scenario by name or a file by path and runs it (design override may be
    // empty). Returns null on failure with `error` set; `unknown` tells a name that is neither a
    // built-in nor a readable file apart from a file that does not parse. `text` gets the
    // scenario text when it could be read (also when it does not parse). A run that reaches
    // `maxEvents` events fails with an error that names --max-events.
    static std::unique_ptr<Session> load(const QString& nameOrPath, const QString& design,
                                         QString* error, bool* unknown = nullptr,
                                         QString* text = nullptr,
                                         std::uint64_t maxEvents = scenario::kDefaultMaxEvents);

    // A real kernel's ftrace text (session_trace.cpp): its events in place of a run; nothing is
    // simulated, so there is no scenario, no schedule and no branching. Null with `error` set
    // when it cannot be read or has unreadable lines.
    static std::unique_ptr<Session> loadTrace(const QString& path, QString* error, QString* text);
    // Whether `path` is a readable file that starts like ftrace text ("# tracer:", "cpus=") or
    // is a trace.dat (trace-cmd record's binary file, by its magic).
    static bool isTraceFile(const QString& path);
    // Reads a trace.dat into `trace-cmd report` text (the program's, through libtracecmd:
    // app/tracedat): nullopt with `error` set when it cannot. Without one, a trace.dat is refused
    // with the trace-cmd report line that converts it.
    using TraceDatReader =
        std::function<std::optional<std::string>(const std::string& path, std::string& error)>;
    static void setTraceDatReader(TraceDatReader reader);
    // The same from scenario source (a picture's or a session file's): `name` names it in
    // errors and in the window. Null with `error` set (every parse error, one a line) on failure.
    static std::unique_ptr<Session> fromText(const QString& name, const QString& text,
                                             const QString& design, QString* error,
                                             std::uint64_t maxEvents = scenario::kDefaultMaxEvents);

    // The same scenario and design run again with `task` running the event at `step` (a step
    // with a choice, see choiceAt()): the schedule is this run's up to the step plus that switch.
    // The engine is deterministic, so events[0..step) are the same; the result is checked.
    // Returns null with `error` set when the step has no such choice or the run differs.
    std::unique_ptr<Session> branch(uint32_t step, TaskId task, QString* error) const;

    // The same scenario and design run under `schedule` (what explore found), as a branch at its
    // last switch. Null with `error` set when the run fails.
    std::unique_ptr<Session> withSchedule(const ds::Schedule& schedule, QString* error) const;

    // One branch taken from the scenario as written to this run (oldest first).
    struct Branch {
        uint32_t step;
        TaskId task;
    };

    QString name;   // as asked for
    QString design; // the design override asked for (empty: as written)
    std::uint64_t maxEvents = scenario::kDefaultMaxEvents; // per run, branches included
    QString text;                                          // the scenario source
    scenario::Scenario scenario;
    scenario::RunResult run; // made with recordPoints, so choiceAt() knows the alternatives
    std::unique_ptr<Replay> replay;
    std::vector<Branch> branches;
    // Set when the session shows a real trace: timestamps, trace lines, frames of each event.
    std::shared_ptr<const import::RealTrace> real;

    // Which tasks may run the event at `step`, where more than one can.
    std::optional<scenario::Choice> choiceAt(uint32_t step) const {
        return scenario::choiceAt(run, step);
    }
    // The schedule of this run as scenario lines ("schedule sequential", "switch at N to B").
    QString scheduleText() const;
    // The scenario source with this run's design and schedule (switches anchored where they can
    // be) in place of its own, and only the expectations this run meets: running it replays
    // this run exactly.
    QString scenarioWithSchedule() const;
    // "file:line:1: warning: switch not taken under DESIGN: why" per anchored switch line that
    // did not occur in this run; empty when all did.
    QString anchorMissesText() const;
    // "branched at step 812: B runs" for the latest branch, empty for the scenario as written.
    // How the user names focus step k (k events folded): "step N" is the state right after
    // event #N (N = k - 1), as --step N, the status bar and a schedule's "switch at N" say.
    static QString stepName(uint32_t step);
    QString branchSummary() const;

    uint32_t steps() const { return replay->size(); }
    QString taskName(TaskId t) const;
    QString symbolText(SymId s) const;
    // "dentry #12 'sched'", "inode #13 (i_ino 1004)", ...
    QString objectLabel(ObjId id) const;
    // The struct the era calls the object: "dentry", "inode", "eventfs_inode", and for
    // v6.6-rc1's objects below the events directory "eventfs_file" (Run::eventfs).
    QString objectKind(ObjId id) const;
    QString objectName(ObjId id) const; // the name alone where the object has one
    QString dentryPath(ObjId id, const StateAt& s) const;
    QString eventText(const Event& e) const; // one line: "get dentry #12 'sched' 1 -> 2"
    QString sourceText(SrcId src) const;     // "core/vfs/dcache.cpp:42"
    const Report* reportAt(uint32_t seq) const;

private:
    static std::unique_ptr<Session> start(const QString& name, const QString& text,
                                          const scenario::Scenario& sc, const QString& design,
                                          QString* error, std::uint64_t maxEvents);
};

} // namespace ds::ui
