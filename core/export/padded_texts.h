// SPDX-License-Identifier: GPL-2.0-or-later
// JSON texts kept with Sink::kPad readable bytes after each, so that Sink::putPadded copies them
// in fixed blocks: the Chrome exporter copies a symbol, a source position and a task name into
// most of its trace events, and memcpy's branches on their varying lengths cost more than the
// copy. Also the exporter's own cached texts (a span's opening, a lane's counter name).
#pragma once

#include "export/fast_json.h"

#include <memory>
#include <string_view>
#include <vector>

namespace ds::exporter {

class PaddedTexts {
public:
    explicit PaddedTexts(const Run& run);

    // As JsonTexts; every view is padded (and so is its unquoted() part).
    std::string_view symbol(SymId id) {
        if (id < symbols_.size() && symbols_[id].data()) return symbols_[id];
        return cache(symbols_, id, json_.symbol(id));
    }
    std::string_view source(SrcId id) {
        if (id < sources_.size() && sources_[id].data()) return sources_[id];
        return cache(sources_, id, json_.source(id));
    }
    std::string_view taskName(TaskId t) const {
        return t < taskNames_.size() ? taskNames_[t] : noTask_;
    }

    // A copy of text, padded; views stay valid for the life of the PaddedTexts.
    std::string_view keep(std::string_view text);

private:
    std::string_view cache(std::vector<std::string_view>& by, uint32_t id, std::string_view text);

    JsonTexts json_;
    std::vector<std::string_view> symbols_, sources_, taskNames_;
    std::string_view noTask_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    size_t used_ = 0, capacity_ = 0;
};

} // namespace ds::exporter
