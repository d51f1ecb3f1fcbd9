// SPDX-License-Identifier: GPL-2.0-or-later
// The state a run's first events leave, hashed, for explore to recognise a state it reached
// before by another interleaving (see explore.cpp).
#pragma once

#include "trace/event.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ds::scenario::explore_detail {

uint64_t mix(uint64_t a, uint64_t b);

// Fed the events of a run in order, value() hashes the state they leave:
// - each object's current values: alive or freed and what it was made with, its reference
//   count, whether it is hashed, on the LRU or in lookup, its parent and its children in list
//   order, its inode, d_fsdata, i_nlink, flags, f_pos, and for a lock who holds and who waits;
// - each task's own events (where it is in its calls, what they returned, what getdents64 gave
//   it), without the values that only say which task went first: reference counts (they are
//   the objects'), lock waits and wakes (the locks'), and ids;
// - ids of the objects the tasks allocated, named by (task, how many it allocated before), so
//   that two tasks allocating in the other order leave the same state.
// Two prefixes with the same value leave the kernel and every task in the same state, so what
// can follow them is the same; it is coarser than the prefixes' traces (Mazurkiewicz), which
// also tell apart two orders of critical sections that change nothing the other reads. Inode
// numbers stay as the kernel gave them (get_next_ino()): two orders that number inodes
// differently are different states. What no event shows is not hashed: the engine shows every
// change of state as an event (see RunTouches for the one thing it notes besides).
class StateHash {
public:
    void add(const Event& e);
    uint64_t value() const;

private:
    enum Field : uint32_t {
        Made,
        Count,
        Hashed,
        Lru,
        InLookup,
        Parent,
        Children,
        Inode,
        Fsdata,
        Links,
        Pos,
        Holders,
        Waiters,
        OpenedBy,
        Flags, // + the flag's number (event.h's Flag: 1 to 4)
        kFields = Flags + 5
    };
    struct Object {
        uint64_t name = 0;                 // 0: not seen yet
        uint32_t set = 0;                  // the fields given a value
        std::array<uint64_t, kFields> f{}; // their values
        std::vector<uint64_t> children;    // names, head first
    };
    Object& object(ObjId id);
    uint64_t nameOf(int64_t id); // 0 for 0
    void set(Object& o, uint32_t field, uint64_t v);
    void relist(Object& parent);

    static constexpr size_t kSlots = 33; // 32 tasks and the boot work
    std::array<uint64_t, kSlots> perTask_{};
    size_t slots_ = 0; // perTask_ in use
    std::array<uint64_t, kSlots> allocs_{};
    std::vector<Object> objects_; // by id (one id space for every kind)
    uint64_t sum_ = 0;            // of the fields set: in no particular order
};

} // namespace ds::scenario::explore_detail
