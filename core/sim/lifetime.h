// SPDX-License-Identifier: GPL-2.0-or-later
// What the checker remembers of every object: who allocated and freed it, and which references
// are still held, for KASAN- and ref_tracker-style reports.
#pragma once

#include "trace/event.h"

#include <cstdint>

namespace ds {

// A reference a holder took and has not yet put.
struct HeldRef {
    TaskId task;
    uint32_t stack; // call-stack id (Machine::stackFrames)
    uint32_t seq;   // event that took it
};

// Allocation and free of one object; Machine::stampAlloc/stampFree fill it for every kind.
struct Lifetime {
    uint32_t allocStack = 0, freeStack = 0;
    uint32_t allocSeq = 0, freeSeq = 0;
    TaskId allocTask = kNoTask, freeTask = kNoTask;
    bool freed = false;
};

} // namespace ds
