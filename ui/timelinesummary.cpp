// SPDX-License-Identifier: GPL-2.0-or-later
#include "timelinesummary.h"

#include "replay/replay.h"

#include <algorithm>
#include <bit>

namespace ds::ui {

MaxPyramid::MaxPyramid(std::vector<int64_t> values) {
    if (values.empty()) return;
    levels_.push_back(std::move(values));
    while (levels_.back().size() > 1) {
        const std::vector<int64_t>& below = levels_.back();
        std::vector<int64_t> up(below.size() / 2);
        for (size_t i = 0; i < up.size(); ++i)
            up[i] = std::max(below[2 * i], below[2 * i + 1]);
        if (up.empty()) break;
        levels_.push_back(std::move(up));
    }
}

int64_t MaxPyramid::max(size_t from, size_t to) const {
    int64_t best = levels_.front()[from];
    while (from < to) {
        // the largest aligned block that starts at `from` and ends by `to`
        size_t k = from ? size_t(std::countr_zero(from)) : levels_.size() - 1;
        k = std::min(k, levels_.size() - 1);
        while (k > 0 && (from + (size_t(1) << k) > to || (from >> k) >= levels_[k].size()))
            --k;
        best = std::max(best, levels_[k][from >> k]);
        from += size_t(1) << k;
    }
    return best;
}

size_t MaxPyramid::bytes() const {
    size_t n = 0;
    for (const auto& level : levels_)
        n += level.capacity() * sizeof(int64_t);
    return n;
}

ObjectLaneSummary ObjectLaneSummary::build(const Replay& rp, ObjId obj) {
    ObjectLaneSummary s;
    const auto evs = rp.eventsOf(obj);
    std::vector<int64_t> count(evs.size()), neg(evs.size());
    s.refsBefore.resize(evs.size() + 1);
    int64_t c = 1;
    for (size_t i = 0; i < evs.size(); ++i) {
        const Event& e = rp.event(evs[i]);
        const bool ref = e.kind == EventKind::Get || e.kind == EventKind::Put;
        if (ref) c = e.b;
        if (e.kind == EventKind::Instantiate || e.kind == EventKind::Add ||
            e.kind == EventKind::Report)
            s.marks.push_back(uint32_t(i));
        count[i] = c;
        neg[i] = -c;
        s.refsBefore[i + 1] = s.refsBefore[i] + (ref ? 1 : 0);
    }
    s.highest = MaxPyramid(std::move(count));
    s.negLowest = MaxPyramid(std::move(neg));
    return s;
}

size_t ObjectLaneSummary::bytes() const {
    return highest.bytes() + negLowest.bytes() +
           (refsBefore.capacity() + marks.capacity()) * sizeof(uint32_t);
}

} // namespace ds::ui
