#include "trace/symbols.h"

#include <deque>
#include <mutex>
#include <unordered_map>

namespace ds {
namespace {

struct Interner {
    std::mutex mutex;
    std::deque<std::string> strings{std::string()};  // id 0 = ""
    std::unordered_map<std::string_view, SymId> ids{{std::string_view(), 0}};
};

Interner& interner() {
    static Interner in;
    return in;
}

struct SourceTable {
    std::mutex mutex;
    std::deque<SourceLoc> locs{SourceLoc{}};  // id 0 = unknown
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
        while (file.starts_with('/')) file.remove_prefix(1);
    }
    return std::string(file);
}

}  // namespace

SymId intern(std::string_view s) {
    Interner& in = interner();
    std::lock_guard lock(in.mutex);
    if (auto it = in.ids.find(s); it != in.ids.end()) return it->second;
    in.strings.emplace_back(s);
    const auto id = static_cast<SymId>(in.strings.size() - 1);
    in.ids.emplace(in.strings.back(), id);
    return id;
}

std::string_view symbol(SymId id) {
    Interner& in = interner();
    std::lock_guard lock(in.mutex);
    return id < in.strings.size() ? std::string_view(in.strings[id]) : std::string_view();
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

}  // namespace ds
