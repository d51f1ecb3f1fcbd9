// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/fast_json.h"

#include "export/common.h"
#include "export/json_out.h"
#include "trace/symbols.h"

namespace ds::exporter {

std::string jsonText(std::string_view s) {
    std::string out;
    {
        Sink sink(toString(out), 256);
        JsonOut j(sink);
        j.str(s);
    }
    return out;
}

bool isPlainJson(std::string_view s) {
    for (const char c : s)
        if (c < 0x20 || c == '"' || c == '\\' || static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

JsonTexts::JsonTexts(const Run& run) {
    for (const std::string& t : run.taskNames) {
        taskNames_.push_back(keep(jsonText(t)));
        tasks_.push_back(t.empty() ? "null" : taskNames_.back());
    }
}

std::string_view JsonTexts::keep(std::string text) {
    return store_.emplace_back(std::move(text));
}

std::string_view JsonTexts::renderSymbol(SymId id) {
    if (id >= symbols_.size()) symbols_.resize(id + 1);
    symbols_[id] = keep(jsonText(id ? ds::symbol(id) : std::string_view()));
    return symbols_[id];
}

std::string_view JsonTexts::renderSource(SrcId id) {
    if (id >= sources_.size()) sources_.resize(id + 1);
    sources_[id] = id ? keep(jsonText(srcText(id))) : "null";
    return sources_[id];
}

} // namespace ds::exporter
