// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// A per-zoom summary of one timeline lane, computed once per run (as KernelShark's bins or a
// mipmap): the highest value over every aligned block of 2^k samples, for each k. A pixel column
// that covers thousands of samples (a run of 10M events fitted to the window) is then drawn from
// about log2(n) blocks instead of from every sample.

#include "trace/event.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ds {
class Replay;
}

namespace ds::ui {

class MaxPyramid {
public:
    MaxPyramid() = default;
    explicit MaxPyramid(std::vector<int64_t> values);

    size_t size() const { return levels_.empty() ? 0 : levels_.front().size(); }
    int64_t at(size_t i) const { return levels_.front()[i]; }
    size_t bytes() const;
    // The highest of values[from..to) (from < to <= size()).
    int64_t max(size_t from, size_t to) const;

private:
    std::vector<std::vector<int64_t>> levels_; // levels_[k][i]: max of values[i<<k, (i+1)<<k)
};

// An object lane's summary over the object's events (Replay::eventsOf), for objects with many:
// its reference count after each event (carried over events that are no dget/dput, 1 before
// the first), the highest and lowest of it over any range, how many dget/dput come before each
// event, and which events put a mark on the lane (d_instantiate, d_add, a report).
struct ObjectLaneSummary {
    static ObjectLaneSummary build(const Replay& rp, ObjId obj);
    MaxPyramid highest, negLowest;    // of the count; negLowest of its negation
    std::vector<uint32_t> refsBefore; // [i]: Get/Put among events [0, i); one more than events
    std::vector<uint32_t> marks;      // indices of the marking events
    size_t bytes() const;
};

// The end of the run of elements in [it, end) that satisfy `pred` (which holds for a prefix):
// searched from `it` in growing strides and then halved, so a short run costs a few tests and a
// long one log2 of its length.
template <typename It, typename Pred> It prefixEnd(It it, It end, Pred pred) {
    It lo = it;
    for (std::ptrdiff_t stride = 1; lo != end && pred(*lo); stride *= 2) {
        it = lo + 1;
        lo = end - it > stride ? it + stride : end;
    }
    while (it != lo) { // pred holds before `it` and fails at `lo` (or lo == end)
        It mid = it + (lo - it) / 2;
        if (pred(*mid))
            it = mid + 1;
        else
            lo = mid;
    }
    return it;
}

} // namespace ds::ui
