// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracefs/layout.h"

#include "resources/resources.h"
#include "trace/symbols.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace ds::tracefs {

namespace {

constexpr std::string_view kRootName = "events";
constexpr uint16_t kDirMode = 0755;

bool validName(std::string_view name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

// Permission bits written in octal ("0640", "640", "4755"): 1 to 5 octal digits, <= 07777.
std::optional<uint16_t> parseOctalMode(std::string_view s) {
    if (s.empty() || s.size() > 5) return std::nullopt;
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '7') return std::nullopt;
        v = v * 8 + unsigned(c - '0');
    }
    if (v > 07777) return std::nullopt;
    return uint16_t(v);
}

std::string quoted(std::string_view s) {
    std::string r;
    r.reserve(s.size() + 2);
    r += '\'';
    r.append(s);
    r += '\'';
    return r;
}

LayoutDir makeRoot() {
    LayoutDir root;
    root.name = std::string(kRootName);
    root.path = std::string(kRootName);
    root.mode = kDirMode;
    return root;
}

// Renumbers `dirs` (parents declared before children) into depth-first pre-order.
std::vector<LayoutDir> toPreorder(std::vector<LayoutDir>&& dirs) {
    std::vector<LayoutDir> out;
    out.reserve(dirs.size());
    std::vector<int> newIndex(dirs.size(), -1);
    std::vector<int> stack{0};
    while (!stack.empty()) {
        const int old = stack.back();
        stack.pop_back();
        const int idx = int(out.size());
        newIndex[size_t(old)] = idx;
        out.push_back(std::move(dirs[size_t(old)]));
        LayoutDir& d = out.back();
        if (d.parent >= 0) d.parent = newIndex[size_t(d.parent)];
        for (auto it = d.children.rbegin(); it != d.children.rend(); ++it)
            stack.push_back(*it);
        d.children.clear(); // refilled below, in order, as the children are visited
        if (d.parent >= 0) out[size_t(d.parent)].children.push_back(idx);
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Layout

int Layout::findDir(std::string_view relPath) const {
    auto it = index_.find(relPath);
    return it == index_.end() ? -1 : it->second;
}

size_t Layout::fileCount() const {
    size_t n = 0;
    for (const LayoutDir& d : dirs)
        n += d.files.size();
    return n;
}

void Layout::rebuildIndex() {
    index_.clear();
    index_.reserve(dirs.size());
    for (size_t i = 0; i < dirs.size(); ++i)
        index_.emplace(dirs[i].path, int(i));
}

// ---------------------------------------------------------------------------------------------
// Parsing

std::optional<Layout> parseLayout(std::string_view text, const std::string& fileName,
                                  LayoutError* err) {
    auto fail = [&](int line, int column, std::string message) -> std::optional<Layout> {
        if (err) *err = LayoutError{fileName, line, column, std::move(message)};
        return std::nullopt;
    };

    // Directories in declaration order; renumbered to pre-order at the end.
    std::vector<LayoutDir> dirs;
    dirs.reserve(text.size() / 200 + 1);
    dirs.push_back(makeRoot());
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, int, Hash, std::equal_to<>> byPath;
    byPath.reserve(dirs.capacity() * 2);
    byPath.emplace(std::string(kRootName), 0);

    std::string_view lastParent; // consecutive rows usually share their parent
    int lastParentIdx = -1;
    std::string scratch;

    int lineNo = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;

        // Split into tab-separated fields, remembering where each starts (0-based).
        std::string_view field[4];
        size_t start[4] = {};
        int nfields = 0;
        size_t fpos = 0;
        for (;;) {
            const size_t tab = line.find('\t', fpos);
            const size_t end = tab == std::string_view::npos ? line.size() : tab;
            if (nfields == 4) return fail(lineNo, int(fpos) + 1, "too many columns (expected 4)");
            field[nfields] = line.substr(fpos, end - fpos);
            start[nfields] = fpos;
            ++nfields;
            if (tab == std::string_view::npos) break;
            fpos = tab + 1;
        }
        if (nfields < 4) {
            static const char* const kNames[] = {"parent", "name", "type", "mode"};
            return fail(lineNo, int(line.size()) + 1,
                        "missing " + std::string(kNames[nfields]) +
                            " column (expected 4 "
                            "tab-separated columns, found " +
                            std::to_string(nfields) + ")");
        }
        auto col = [&](int f) { return int(start[f]) + 1; };

        // parent
        int parentIdx;
        if (lastParentIdx >= 0 && field[0] == lastParent) {
            parentIdx = lastParentIdx;
        } else {
            if (field[0].empty()) return fail(lineNo, col(0), "empty parent directory");
            auto it = byPath.find(field[0]);
            if (it == byPath.end())
                return fail(lineNo, col(0), "unknown parent directory " + quoted(field[0]));
            parentIdx = it->second;
            lastParent = field[0];
            lastParentIdx = parentIdx;
        }

        // name
        const std::string_view name = field[1];
        if (name.empty()) return fail(lineNo, col(1), "empty name");
        if (!validName(name)) return fail(lineNo, col(1), "invalid name " + quoted(name));

        // type
        const std::string_view type = field[2];
        if (type != "d" && type != "f")
            return fail(lineNo, col(2), "expected 'd' or 'f', got " + quoted(type));
        const bool isDir = type == "d";

        // mode
        const auto mode = parseOctalMode(field[3]);
        if (!mode) return fail(lineNo, col(3), "expected octal mode, got " + quoted(field[3]));

        // duplicates (a name may appear once per directory, as a file or as a directory)
        LayoutDir& parent = dirs[size_t(parentIdx)];
        const bool dupFile = std::any_of(parent.files.begin(), parent.files.end(),
                                         [&](const LayoutFile& f) { return f.name == name; });
        bool dupDir = false;
        if (isDir || !parent.children.empty()) { // most file rows: no child dir to clash with
            scratch.assign(parent.path);
            scratch += '/';
            scratch.append(name);
            dupDir = byPath.find(scratch) != byPath.end();
        }
        if (dupFile || dupDir)
            return fail(lineNo, col(1),
                        "duplicate entry " + quoted(name) + " in " + quoted(parent.path));

        if (isDir) {
            LayoutDir d;
            d.name = std::string(name);
            d.path = scratch;
            d.mode = *mode;
            d.parent = parentIdx;
            d.depth = parent.depth + 1;
            const int idx = int(dirs.size());
            parent.children.push_back(idx); // `parent` is invalid after the push_back below
            byPath.emplace(scratch, idx);
            dirs.push_back(std::move(d));
        } else {
            parent.files.push_back(LayoutFile{std::string(name), *mode});
        }
    }

    Layout layout;
    layout.name = fileName;
    layout.dirs = toPreorder(std::move(dirs));
    layout.rebuildIndex();
    return layout;
}

std::optional<Layout> loadLayoutFile(const std::string& path, LayoutError* err) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (err)
            *err = LayoutError{path, 0, 0, std::string("cannot open: ") + std::strerror(errno)};
        return std::nullopt;
    }
    std::string text;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) {
        text.resize(size_t(size));
        in.read(text.data(), size);
        text.resize(size_t(in.gcount()));
    }
    if (in.bad()) {
        if (err) *err = LayoutError{path, 0, 0, "read error"};
        return std::nullopt;
    }
    return parseLayout(text, path, err);
}

// ---------------------------------------------------------------------------------------------
// Filtering and built-ins

Layout filterLayout(const Layout& src, std::string name,
                    const std::function<bool(const LayoutDir&)>& keep) {
    Layout out;
    out.name = std::move(name);
    if (src.dirs.empty()) return out;
    // Depth-first pre-order over the kept directories. Stack entries: {source index, new parent}.
    std::vector<std::pair<int, int>> stack{{0, -1}};
    while (!stack.empty()) {
        const auto [srcIdx, newParent] = stack.back();
        stack.pop_back();
        const LayoutDir& s = src.dirs[size_t(srcIdx)];
        const int idx = int(out.dirs.size());
        LayoutDir d;
        d.name = s.name;
        d.path = s.path;
        d.mode = s.mode;
        d.parent = newParent;
        d.depth = newParent < 0 ? 0 : out.dirs[size_t(newParent)].depth + 1;
        d.files = s.files;
        out.dirs.push_back(std::move(d));
        if (newParent >= 0) out.dirs[size_t(newParent)].children.push_back(idx);
        for (auto it = s.children.rbegin(); it != s.children.rend(); ++it)
            if (keep(src.dirs[size_t(*it)])) stack.emplace_back(*it, idx);
    }
    out.rebuildIndex();
    return out;
}

namespace {

struct Builtins {
    Layout full, sched, small, tiny;
    bool ok = false;
    std::string error;
};

Builtins loadBuiltins() {
    Builtins b;
    LayoutError err;
    constexpr const char* kFullFile = "tracefs-events-6.18.tsv"; // resources/, compiled in
    const resources::File* file = resources::find(kFullFile);
    auto full = file ? parseLayout(file->text, kFullFile, &err) : std::nullopt;
    if (!file) err = LayoutError{kFullFile, 0, 0, "not among the embedded resources"};
    if (!full) {
        b.error = err.file + ":" + std::to_string(err.line) + ":" + std::to_string(err.column) +
                  ": " + err.message;
        return b;
    }
    b.full = std::move(*full);
    b.full.name = "full";
    const Layout& f = b.full;

    b.sched = filterLayout(f, "sched",
                           [](const LayoutDir& d) { return d.depth != 1 || d.name == "sched"; });
    b.tiny = filterLayout(f, "tiny", [](const LayoutDir& d) {
        if (d.depth == 1) return d.name == "sched";
        if (d.depth == 2) return d.name == "sched_switch" || d.name == "sched_wakeup";
        return true;
    });
    b.small = filterLayout(f, "small", [&f](const LayoutDir& d) {
        if (d.depth == 1) return d.name == "sched" || d.name == "irq" || d.name == "ftrace";
        if (d.depth == 2) {
            const auto& sib = f.dirs[size_t(d.parent)].children;
            for (size_t i = 0; i < sib.size() && i < 4; ++i)
                if (&f.dirs[size_t(sib[i])] == &d) return true;
            return false;
        }
        return true;
    });
    for (Layout* l : {&b.full, &b.sched, &b.tiny, &b.small})
        internNames(*l);
    b.ok = true;
    return b;
}

const Builtins& builtins() {
    static const Builtins b = loadBuiltins(); // thread-safe initialisation
    return b;
}

} // namespace

const Layout* builtinLayout(std::string_view name) {
    const Builtins* b = nullptr;
    auto get = [&]() -> const Builtins* {
        const Builtins& r = builtins();
        return r.ok ? &r : nullptr;
    };
    if (name == "full") return (b = get()) ? &b->full : nullptr;
    if (name == "sched") return (b = get()) ? &b->sched : nullptr;
    if (name == "small") return (b = get()) ? &b->small : nullptr;
    if (name == "tiny") return (b = get()) ? &b->tiny : nullptr;
    return nullptr;
}

std::vector<std::pair<std::string, std::string>> builtinLayoutNames() {
    return {
        {"full", "Linux 6.18 x86_64 events/: 102 systems, 2323 events (2426 dirs, 11751 files)"},
        {"sched", "events/ and the sched system with all its 26 events"},
        {"small", "events/ and the sched, irq and ftrace systems, 4 events each"},
        {"tiny", "events/ and sched with only sched_switch and sched_wakeup"},
    };
}

std::string builtinLayoutError() {
    return builtins().error;
}

void internNames(Layout& layout) {
    for (LayoutDir& d : layout.dirs) {
        d.sym = intern(d.name);
        for (LayoutFile& f : d.files)
            f.sym = intern(f.name);
    }
}

const std::vector<LayoutFile>& standardEventFiles() {
    static const std::vector<LayoutFile> files = {
        {"enable", 0640}, {"filter", 0640}, {"trigger", 0640}, {"format", 0440}, {"id", 0440},
    };
    return files;
}

int addEventDir(Layout& layout, int parentDir, std::string name) {
    if (parentDir < 0 || size_t(parentDir) >= layout.dirs.size() || !validName(name)) return -1;
    const LayoutDir& parent = layout.dirs[size_t(parentDir)];
    std::string path = parent.path + "/" + name;
    if (layout.index_.count(path) != 0) return -1;
    for (const LayoutFile& f : parent.files)
        if (f.name == name) return -1;
    LayoutDir d;
    d.path = path;
    d.name = std::move(name);
    d.mode = kDirMode;
    d.parent = parentDir;
    d.depth = parent.depth + 1;
    d.files = standardEventFiles();
    const int idx = int(layout.dirs.size());
    layout.dirs.push_back(std::move(d)); // invalidates `parent`
    layout.dirs[size_t(parentDir)].children.push_back(idx);
    layout.index_.emplace(std::move(path), idx);
    return idx;
}

} // namespace ds::tracefs
