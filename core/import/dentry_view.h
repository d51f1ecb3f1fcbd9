// SPDX-License-Identifier: GPL-2.0-or-later
// The dentries of a Run by path, folded event by event: what `conform` compares between a real
// trace and the simulation of the same syscalls, and what the import tests pin. It reads only
// events (both sides speak the same event model), so it serves either side alike.
#pragma once

#include "trace/event_log.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ds::import {

struct DentryNow {
    ObjId id = 0;
    int32_t count = 0;
    bool lru = false;
    bool killed = false;
    uint32_t lastSeq = 0; // the last event that changed it
};

// Something that happened to a dentry: born (Alloc), __dentry_kill, freed.
struct Happening {
    enum class What : uint8_t { Alloc, Kill, Free } what;
    uint32_t seq;
    ObjId id;
};

class DentryView {
public:
    explicit DentryView(const EventLog& log) : log_(log) {}

    // Folds every event up to and including `seq` (no-op for seqs already folded).
    void advanceTo(uint32_t seq);
    // Live dentries (no cursors) by path.
    std::map<std::string, DentryNow> alive() const;
    // The path of a dentry (its parent chain as last known), "/sys/kernel/tracing/..." when it
    // reaches the root.
    std::string path(ObjId id) const;
    const std::vector<Happening>& happenings() const { return happened_; }

private:
    struct D {
        SymId name = 0;
        ObjId parent = 0;
        DentryNow now;
        bool alive = false;
        bool cursor = false;
    };
    const EventLog& log_;
    size_t next_ = 0;
    std::unordered_map<ObjId, D> d_;
    std::vector<Happening> happened_;
};

} // namespace ds::import
