// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/padded_texts.h"

#include <algorithm>
#include <cstring>

namespace ds::exporter {

PaddedTexts::PaddedTexts(const Run& run) : json_(run) {
    for (size_t t = 0; t < run.taskNames.size(); ++t)
        taskNames_.push_back(keep(json_.taskName(static_cast<TaskId>(t))));
    noTask_ = keep(json_.taskName(kNoTask));
}

std::string_view PaddedTexts::keep(std::string_view text) {
    constexpr size_t kChunkSize = 64 * 1024;
    const size_t need = text.size() + Sink::kPad;
    if (capacity_ - used_ < need) {
        capacity_ = std::max(kChunkSize, need);
        chunks_.push_back(std::make_unique<char[]>(capacity_)); // zeroed: the pad is defined
        used_ = 0;
    }
    char* at = chunks_.back().get() + used_;
    if (!text.empty()) std::memcpy(at, text.data(), text.size());
    used_ += need;
    return {at, text.size()};
}

std::string_view PaddedTexts::cache(std::vector<std::string_view>& by, uint32_t id,
                                    std::string_view text) {
    if (id >= by.size()) by.resize(size_t(id) + 1);
    by[id] = keep(text);
    return by[id];
}

} // namespace ds::exporter
