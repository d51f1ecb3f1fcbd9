// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The timeline's lanes without a widget: which lanes a run has and how high each is (counter
// tracks; per task a syscall row and one row per call depth; per object kind a header and one
// lane per object), the counters' ranges, and what a lane says at a step (its tooltip). The
// Timeline paints them; a test can list them without a window.

#include "trace/event.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace ds {
class Replay;
}

namespace ds::ui {

class Session;

enum class TimelineLaneKind { Counter, Syscalls, Depth, Header, Object };

struct TimelineLane {
    TimelineLaneKind kind;
    int y = 0, h = 0; // in content coordinates (before vertical scroll)
    TaskId task = kNoTask;
    int depth = 0; // Depth; Counter: 0 dentries, 1 inodes, 2 bytes
    ObjId obj = 0;
    int maxCount = 1;
    QString label;
};

// Object lanes are this high (the timeline scrolls by a few of them).
constexpr int kObjectLaneHeight = 15;

struct TimelineLanes {
    // The lanes of the run, top to bottom.
    static TimelineLanes build(const Replay& rp, const Session& ses);

    int laneOf(ObjId obj) const; // index into lanes, -1 if none
    int laneAt(int y) const;     // the lane at content y, -1 if none
    std::vector<TimelineLane> lanes;
    int height = 0;                    // of all lanes
    int64_t counterMax[3] = {1, 1, 1}; // the highest live dentries, inodes, bytes
};

// Where call `node` ends on the time axis: after its exit, else after its task's end, else at
// the end of the run.
uint32_t callSpanEnd(const Replay& rp, uint32_t node);

// What `lane` shows at event `seq`, as a tooltip; empty where it shows nothing.
QString laneTooltip(const TimelineLane& lane, uint32_t seq, const Replay& rp, const Session& ses);

} // namespace ds::ui
