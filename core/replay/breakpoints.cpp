// SPDX-License-Identifier: GPL-2.0-or-later
#include "replay/breakpoints.h"

#include <algorithm>

namespace ds {

namespace {
// The events Replay::eventsOf() files under an object: locks and tasks have ids of their own.
bool filedUnder(const Event& e, ObjId id) {
    return e.obj == id && e.okind != ObjKind::None && e.okind != ObjKind::Task &&
           e.okind != ObjKind::Lock;
}
uint64_t kindBit(EventKind k) {
    return uint64_t(1) << static_cast<unsigned>(k);
}
static_assert(static_cast<unsigned>(EventKind::Count_) <= 64, "one bit per event kind");
} // namespace

bool Breakpoint::matches(const Event& e) const {
    switch (type) {
    case Type::EventKind:
        return e.kind == event;
    case Type::Function:
        return e.kind == EventKind::FuncEnter && e.sym == function;
    case Type::Object:
        return object != 0 && filedUnder(e, object);
    }
    return false;
}

BreakpointSet::BreakpointSet(std::span<const Breakpoint> breakpoints) {
    for (const Breakpoint& b : breakpoints) {
        if (!b.enabled) continue;
        switch (b.type) {
        case Breakpoint::Type::EventKind:
            if (b.event < EventKind::Count_) kinds_ |= kindBit(b.event);
            break;
        case Breakpoint::Type::Function:
            if (b.function) functions_.push_back(b.function);
            break;
        case Breakpoint::Type::Object:
            if (b.object) objects_.push_back(b.object);
            break;
        }
    }
    std::sort(functions_.begin(), functions_.end());
    functions_.erase(std::unique(functions_.begin(), functions_.end()), functions_.end());
    std::sort(objects_.begin(), objects_.end());
    objects_.erase(std::unique(objects_.begin(), objects_.end()), objects_.end());
}

bool BreakpointSet::scanHit(const Event& e) const {
    if (kinds_ & kindBit(e.kind)) return true;
    return e.kind == EventKind::FuncEnter &&
           std::binary_search(functions_.begin(), functions_.end(), e.sym);
}

uint32_t BreakpointSet::next(const Replay& rp, uint32_t step) const {
    const uint32_t n = rp.size();
    uint32_t best = n; // seq of the earliest hit found so far
    auto firstFrom = [&](std::span<const uint32_t> seqs) {
        const auto it = std::lower_bound(seqs.begin(), seqs.end(), step);
        if (it != seqs.end()) best = std::min(best, *it);
    };
    if (stopAtReports) firstFrom(rp.reportSeqs());
    for (const ObjId id : objects_)
        firstFrom(rp.eventsOf(id));
    if (kinds_ || !functions_.empty()) {
        const auto events = rp.events();
        for (uint32_t j = step; j < best; ++j)
            if (scanHit(events[j])) {
                best = j;
                break;
            }
    }
    return best < n ? best + 1 : n;
}

uint32_t BreakpointSet::prev(const Replay& rp, uint32_t step) const {
    step = std::min(step, rp.size());
    if (step < 2) return 0;
    const uint32_t before = step - 1; // hits must come before the event just folded
    int64_t best = -1;                // seq of the latest hit found so far
    auto lastBefore = [&](std::span<const uint32_t> seqs) {
        const auto it = std::lower_bound(seqs.begin(), seqs.end(), before);
        if (it != seqs.begin()) best = std::max<int64_t>(best, *std::prev(it));
    };
    if (stopAtReports) lastBefore(rp.reportSeqs());
    for (const ObjId id : objects_)
        lastBefore(rp.eventsOf(id));
    if (kinds_ || !functions_.empty()) {
        const auto events = rp.events();
        for (int64_t j = int64_t(before) - 1; j > best; --j)
            if (scanHit(events[size_t(j)])) {
                best = j;
                break;
            }
    }
    return best < 0 ? 0 : static_cast<uint32_t>(best + 1);
}

std::vector<uint32_t> breakpointHits(const Replay& rp, std::span<const Breakpoint> breakpoints) {
    std::vector<uint32_t> perKind(static_cast<size_t>(EventKind::Count_), 0);
    std::vector<SymId> functions;
    for (const Breakpoint& b : breakpoints)
        if (b.type == Breakpoint::Type::Function) functions.push_back(b.function);
    std::sort(functions.begin(), functions.end());
    functions.erase(std::unique(functions.begin(), functions.end()), functions.end());
    std::vector<uint32_t> perFunction(functions.size(), 0);
    for (const Event& e : rp.events()) {
        ++perKind[static_cast<size_t>(e.kind)];
        if (e.kind != EventKind::FuncEnter || functions.empty()) continue;
        const auto it = std::lower_bound(functions.begin(), functions.end(), e.sym);
        if (it != functions.end() && *it == e.sym) ++perFunction[size_t(it - functions.begin())];
    }
    std::vector<uint32_t> hits;
    hits.reserve(breakpoints.size());
    for (const Breakpoint& b : breakpoints) {
        switch (b.type) {
        case Breakpoint::Type::EventKind:
            hits.push_back(b.event < EventKind::Count_ ? perKind[static_cast<size_t>(b.event)] : 0);
            break;
        case Breakpoint::Type::Function: {
            const auto it = std::lower_bound(functions.begin(), functions.end(), b.function);
            hits.push_back(perFunction[size_t(it - functions.begin())]);
            break;
        }
        case Breakpoint::Type::Object:
            hits.push_back(static_cast<uint32_t>(rp.eventsOf(b.object).size()));
            break;
        }
    }
    return hits;
}

} // namespace ds
