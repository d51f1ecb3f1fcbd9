// SPDX-License-Identifier: GPL-2.0-or-later
// Breakpoints over a run's event log, like a debugger's: stop at every event of a kind (every
// free, every d_instantiate event), at every entry of a function, or at any event on one object.
// "Continue" goes to the first hit or report after the current step, "reverse continue" to the
// last one before the event just folded; both land just after the event, so it is the current one.
//
// Pure C++20, no Qt. Kinds and functions are found by one linear scan over the compact events,
// objects by binary search in Replay::eventsOf(), so a million-event run answers in milliseconds.
#pragma once

#include "replay/replay.h"

#include <span>
#include <vector>

namespace ds {

struct Breakpoint {
    enum class Type : uint8_t { EventKind, Function, Object };
    Type type = Type::EventKind;
    EventKind event = EventKind::Count_; // Type::EventKind
    SymId function = 0;                  // Type::Function: its FuncEnter events
    ObjId object = 0;                    // Type::Object: every event Replay::eventsOf() lists
    bool enabled = true;

    static Breakpoint onEvent(EventKind k) { return {Type::EventKind, k, 0, 0, true}; }
    static Breakpoint onFunction(SymId fn) {
        return {Type::Function, EventKind::Count_, fn, 0, true};
    }
    static Breakpoint onObject(ObjId id) { return {Type::Object, EventKind::Count_, 0, id, true}; }

    // Same target (the enabled flag apart).
    bool sameTarget(const Breakpoint& o) const {
        return type == o.type && event == o.event && function == o.function && object == o.object;
    }
    // Whether event `e` hits this breakpoint (enabled or not). Object breakpoints match the events
    // the replay files under the object: Lock and Task events (whose obj is not an object id)
    // never.
    bool matches(const Event& e) const;
};

// The enabled breakpoints, compiled for scanning.
class BreakpointSet {
public:
    BreakpointSet() = default;
    explicit BreakpointSet(std::span<const Breakpoint> breakpoints);

    bool empty() const { return kinds_ == 0 && functions_.empty() && objects_.empty(); }
    // Reports (BUG/WARN/KASAN/leak) stop a continue too, unless turned off.
    bool stopAtReports = true;

    // Just after the first event at or after `step` that hits a breakpoint or is a report;
    // rp.size() (the end of the run) when there is none.
    uint32_t next(const Replay& rp, uint32_t step) const;
    // Just after the last hit before the event just folded (event step-1); 0 when there is none.
    uint32_t prev(const Replay& rp, uint32_t step) const;

private:
    bool scanHit(const Event& e) const; // kinds and functions (objects are looked up)

    uint64_t kinds_ = 0;           // bit per EventKind
    std::vector<SymId> functions_; // sorted
    std::vector<ObjId> objects_;   // sorted
};

// How many events of the run hit each breakpoint (enabled or not), in one pass.
std::vector<uint32_t> breakpointHits(const Replay& rp, std::span<const Breakpoint> breakpoints);

} // namespace ds
