// SPDX-License-Identifier: GPL-2.0-or-later
// What happened between two steps, and which events belong together: the A/B markers and a range
// selected on the timeline show summarizeRange(); the timeline draws relatedEvents() as arrows.
#pragma once

#include "replay/replay.h"

#include <cstdint>
#include <vector>

namespace ds {

// One object's changes over a range of events.
struct ObjectChange {
    ObjId obj = 0;
    ObjKind kind = ObjKind::None;
    bool created = false; // allocated in the range
    bool freed = false;   // freed in the range
    uint32_t gets = 0, puts = 0;
    int countBefore = -1, countAfter = -1; // its reference count around the range (-1: no get/put)
    uint32_t events = 0;
};

struct RangeSummary {
    uint32_t from = 0, to = 0; // steps: the events from..to-1
    uint32_t events = 0;
    uint32_t syscalls = 0; // system calls entered
    uint32_t reports = 0;  // BUG, WARN, KASAN … reports
    uint32_t created = 0, freed = 0, gets = 0, puts = 0;
    std::vector<ObjectChange> objects; // every object an event in the range touched, by id
};

// The events between steps `a` and `b` (in either order; clamped to the run).
RangeSummary summarizeRange(const Replay& rp, uint32_t a, uint32_t b);

// Two events that belong together, for an arrow from `from` to `to` (event numbers).
struct Relation {
    enum class Kind { GetPut, CauseOfReport };
    Kind kind;
    uint32_t from, to;
};

// The relations of `obj`'s events: each put with the get it returns (the same task's latest get
// not yet returned, as ref_tracker pairs them), and each report on the object with the last event
// of another task that changed what the object is (alloc, d_add, d_instantiate, free) before it:
// at the d_instantiate BUG, B's instantiate and A's BUG.
std::vector<Relation> relatedEvents(const Replay& rp, ObjId obj);

} // namespace ds
