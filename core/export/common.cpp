// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/common.h"

#include "trace/symbols.h"
#include "trace/uapi.h"

#include <algorithm>

namespace ds::exporter {

std::vector<SyscallAt> syscallsInOrder(const Run& run) {
    std::vector<SyscallAt> out;
    out.reserve(run.records.size());
    for (const SyscallRecord& rec : run.records)
        out.push_back({rec.exitSeq, &rec, nullptr});
    // The engine keeps no record of a call whose task died inside it: its SyscallEnter is left
    // without a SyscallExit.
    std::vector<std::vector<const Event*>> open(run.taskNames.size());
    for (const Event& e : run.events) {
        if (e.task == kNoTask || e.task >= open.size()) continue;
        if (e.kind == EventKind::SyscallEnter)
            open[e.task].push_back(&e);
        else if (e.kind == EventKind::SyscallExit && !open[e.task].empty())
            open[e.task].pop_back();
    }
    for (const auto& calls : open)
        for (const Event* e : calls)
            out.push_back({e->seq, nullptr, e});
    std::stable_sort(out.begin(), out.end(),
                     [](const SyscallAt& a, const SyscallAt& b) { return a.seq < b.seq; });
    return out;
}

std::string taskName(const Run& run, TaskId t) {
    if (t == kNoTask || t >= run.taskNames.size()) return {};
    return run.taskNames[t];
}

std::string errnoLabel(int err) {
    const std::string_view name = errnoName(err);
    return name.empty() ? "E" + std::to_string(err) : std::string(name);
}

std::string dtypeLabel(uint8_t type) {
    const std::string_view name = dtypeName(type);
    return name.empty() ? std::to_string(type) : std::string(name);
}

std::string srcText(SrcId src) {
    if (!src) return {};
    const SourceLoc& loc = sourceLoc(src);
    return loc.file + ":" + std::to_string(loc.line);
}

std::string_view SourceTexts::operator()(SrcId src) {
    if (!src) return {};
    if (src >= texts_.size()) texts_.resize(src + 1);
    if (texts_[src].empty()) texts_[src] = srcText(src);
    return texts_[src];
}

} // namespace ds::exporter
