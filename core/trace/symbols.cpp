// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/symbols.h"

#include <atomic>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace ds {
namespace {

// Interning takes the mutex; symbol() does not: the engine looks names up on every directory
// entry. Views are published in fixed chunks that never move, and `count` is stored (release)
// only after the view it covers, so a reader that sees an id below `count` sees its view.
struct Interner {
    static constexpr size_t kChunk = 4096;
    static constexpr size_t kMaxChunks = 4096; // 16M names
    std::mutex mutex;
    std::deque<std::string> strings{std::string()}; // id 0 = ""; a deque never moves its strings
    std::unordered_map<std::string_view, SymId> ids{{std::string_view(), 0}};
    std::unique_ptr<std::atomic<std::string_view*>[]> chunks {
        new std::atomic<std::string_view*>[ kMaxChunks ]()
    };
    std::vector<std::unique_ptr<std::string_view[]>> owned;
    std::atomic<uint32_t> count{0};

    void publish(SymId id) { // caller holds the mutex
        const size_t c = id / kChunk;
        if (c >= kMaxChunks) std::abort(); // more distinct names than any run can make
        if (!chunks[c].load(std::memory_order_relaxed)) {
            owned.emplace_back(new std::string_view[kChunk]);
            chunks[c].store(owned.back().get(), std::memory_order_release);
        }
        chunks[c].load(std::memory_order_relaxed)[id % kChunk] = strings[id];
        count.store(id + 1, std::memory_order_release);
    }
    Interner() { publish(0); }
};

Interner& interner() {
    static Interner in;
    return in;
}

struct SourceTable {
    std::mutex mutex;
    std::deque<SourceLoc> locs{SourceLoc{}}; // id 0 = unknown
    std::unordered_map<std::string, SrcId> ids;
};

SourceTable& sources() {
    static SourceTable t;
    return t;
}

std::string relativeToRepo(std::string_view file) {
    const std::string_view root = DENTRYSCOPE_SOURCE_DIR;
    if (file.starts_with(root)) {
        file.remove_prefix(root.size());
        while (file.starts_with('/'))
            file.remove_prefix(1);
    }
    // ccache's base_dir hands the compiler paths relative to the build directory, which sits
    // in the source tree ("../core/vfs/dcache.cpp"): the same file, so the same name.
    while (file.starts_with("../"))
        file.remove_prefix(3);
    return std::string(file);
}

} // namespace

SymId intern(std::string_view s) {
    Interner& in = interner();
    std::lock_guard lock(in.mutex);
    if (auto it = in.ids.find(s); it != in.ids.end()) return it->second;
    in.strings.emplace_back(s);
    const auto id = static_cast<SymId>(in.strings.size() - 1);
    in.ids.emplace(in.strings.back(), id);
    in.publish(id);
    return id;
}

std::string_view symbol(SymId id) {
    static Interner& in = interner();
    if (id >= in.count.load(std::memory_order_acquire)) return {};
    return in.chunks[id / Interner::kChunk].load(std::memory_order_acquire)[id % Interner::kChunk];
}

SrcId internSource(const std::source_location& loc) {
    SourceTable& t = sources();
    std::string key = std::string(loc.file_name()) + ':' + std::to_string(loc.line());
    std::lock_guard lock(t.mutex);
    if (auto it = t.ids.find(key); it != t.ids.end()) return it->second;
    t.locs.push_back(SourceLoc{relativeToRepo(loc.file_name()), loc.line(), loc.function_name()});
    const auto id = static_cast<SrcId>(t.locs.size() - 1);
    t.ids.emplace(std::move(key), id);
    return id;
}

const SourceLoc& sourceLoc(SrcId id) {
    SourceTable& t = sources();
    std::lock_guard lock(t.mutex);
    return id < t.locs.size() ? t.locs[id] : t.locs[0];
}

} // namespace ds
