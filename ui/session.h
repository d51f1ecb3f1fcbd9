#pragma once

// One loaded scenario and its run: the text, the parse errors, the event log and its Replay.
// The UI never owns truth: every pane reads the run through this and the Focus.

#include "replay/replay.h"
#include "scenario/runner.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace ds::ui {

class Session {
public:
    // Loads a built-in scenario by name or a file by path and runs it (design override may be
    // empty). Returns null on failure with `error` set; `unknown` tells a name that is neither a
    // built-in nor a readable file apart from a file that does not parse. `text` gets the
    // scenario text when it could be read (also when it does not parse).
    static std::unique_ptr<Session> load(const QString& nameOrPath, const QString& design, QString* error,
                                         bool* unknown = nullptr, QString* text = nullptr);

    QString name;        // as asked for
    QString text;        // the scenario source
    scenario::Scenario scenario;
    scenario::RunResult run;
    std::unique_ptr<Replay> replay;

    uint32_t steps() const { return replay->size(); }
    QString taskName(TaskId t) const;
    QString symbolText(SymId s) const;
    // "dentry #12 'sched'", "inode #13 (i_ino 1004)", ...
    QString objectLabel(ObjId id) const;
    QString objectName(ObjId id) const;      // the name alone where the object has one
    QString dentryPath(ObjId id, const StateAt& s) const;
    QString eventText(const Event& e) const;  // one line: "get dentry #12 'sched' 1 -> 2"
    QString sourceText(SrcId src) const;      // "core/vfs/dcache.cpp:42"
    const Report* reportAt(uint32_t seq) const;
};

}  // namespace ds::ui
