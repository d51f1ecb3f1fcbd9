// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Everything needed to show a step again exactly as it was seen: the scenario text as opened, the
// design asked for, the branches taken (so the schedule), the step, the selection, the timeline's
// visible window and lane scroll, its axis (event order or real time), its pinned lanes, the theme,
// the pane and the size. Every picture dentryscope writes carries it (picture.h), a session file is
// it (session JSON), and `dentryscope shot.png` applies it to a window.

#include "trace/event.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QSize>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace ds::ui {

class MainWindow;

struct ViewState {
    Q_DECLARE_TR_FUNCTIONS(ViewState)

public:
    struct Branch {
        uint32_t step = 0;
        TaskId task = kNoTask;
        QString taskName; // for the reader; `task` is what is applied
    };

    QString version;   // of the dentryscope that wrote it
    QString name;      // the scenario as it was opened: a built-in name or a file path
    QString text;      // its source, so the state opens without the file
    QString design;    // the design asked for (empty: the scenario's own)
    QString runDesign; // the design the run used (for the reader)
    std::vector<Branch> branches;
    QString schedule; // the run's schedule as scenario lines (for the reader)
    uint32_t step = 0;
    ObjId selected = 0;
    QString selectedLabel; // for the reader
    double windowStart = 0, windowEnd = 1;
    int laneScroll = 0;
    bool realTime = false; // the timeline on a real trace's timestamps (else event order)
    std::vector<ObjId> pinned;
    QString theme; // "light", "dark" or empty (the platform's)
    QString pane;  // empty: the whole window
    QSize size;    // of the picture (or the window)

    // The window's state now. `theme`, `pane` and `size` are the caller's (what is drawn).
    static ViewState capture(const MainWindow& window, const QString& theme, const QString& pane,
                             QSize size);

    QByteArray toJson() const;
    // Checks every field (types, ranges, sizes); nullopt with `error` set when anything is wrong.
    static std::optional<ViewState> fromJson(const QByteArray& json, QString* error);

    // Opens the scenario in `window`, takes the branches, and moves to the step, the selection,
    // the window and the lane scroll. Theme, pane and size are the caller's to apply. False with
    // `error` set when the scenario does not run or the state does not fit the run.
    bool applyTo(MainWindow& window, QString* error) const;
    // Only the step, selection, window, scroll and pins (the run is already the right one).
    bool applyView(MainWindow& window, QString* error) const;
};

} // namespace ds::ui
