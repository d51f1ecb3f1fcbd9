// SPDX-License-Identifier: GPL-2.0-or-later
#include "replay/range.h"

#include <algorithm>
#include <map>

namespace ds {

RangeSummary summarizeRange(const Replay& rp, uint32_t a, uint32_t b) {
    RangeSummary s;
    s.from = std::min({a, b, rp.size()});
    s.to = std::min(std::max(a, b), rp.size());
    std::map<ObjId, ObjectChange> objects;
    for (uint32_t seq = s.from; seq < s.to; ++seq) {
        const Event& e = rp.event(seq);
        ++s.events;
        if (e.kind == EventKind::SyscallEnter) ++s.syscalls;
        if (e.kind == EventKind::Report) ++s.reports;
        if (!e.obj) continue;
        ObjectChange& c = objects[e.obj];
        c.obj = e.obj;
        c.kind = rp.lifespan(e.obj).kind;
        ++c.events;
        switch (e.kind) {
        case EventKind::Alloc:
            c.created = true;
            ++s.created;
            break;
        case EventKind::Free:
            c.freed = true;
            ++s.freed;
            break;
        case EventKind::Get:
        case EventKind::Put:
            (e.kind == EventKind::Get ? c.gets : c.puts) += 1;
            (e.kind == EventKind::Get ? s.gets : s.puts) += 1;
            if (c.countBefore < 0) c.countBefore = e.a;
            c.countAfter = e.b;
            break;
        default:
            break;
        }
    }
    s.objects.reserve(objects.size());
    for (auto& [id, c] : objects)
        s.objects.push_back(c);
    return s;
}

std::vector<Relation> relatedEvents(const Replay& rp, ObjId obj) {
    std::vector<Relation> out;
    std::map<TaskId, std::vector<uint32_t>> open; // gets not yet returned, per task
    const auto shapes = [](EventKind k) {
        return k == EventKind::Alloc || k == EventKind::Add || k == EventKind::Instantiate ||
               k == EventKind::Free;
    };
    const std::span<const uint32_t> seqs = rp.eventsOf(obj);
    for (size_t i = 0; i < seqs.size(); ++i) {
        const Event& e = rp.event(seqs[i]);
        if (e.kind == EventKind::Get) open[e.task].push_back(seqs[i]);
        if (e.kind == EventKind::Put && !open[e.task].empty()) {
            out.push_back({Relation::Kind::GetPut, open[e.task].back(), seqs[i]});
            open[e.task].pop_back();
        }
        if (e.kind != EventKind::Report) continue;
        for (size_t j = i; j-- > 0;) {
            const Event& before = rp.event(seqs[j]);
            if (before.task != e.task && shapes(before.kind)) {
                out.push_back({Relation::Kind::CauseOfReport, seqs[j], seqs[i]});
                break;
            }
        }
    }
    return out;
}

} // namespace ds
