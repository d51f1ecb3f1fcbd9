// SPDX-License-Identifier: GPL-2.0-or-later
// The shape of /sys/kernel/tracing/events: which directories and files exist, in which order
// getdents64 lists them, and with which permission bits. Pure data, no simulation state.
//
// The text format (resources/tracefs-events-6.18.tsv) is one line per directory entry:
//     parent<TAB>name<TAB>d|f<TAB>octal-mode
// "parent" is the directory's path relative to the tracefs root ("events", "events/sched");
// the root directory "events" (mode 0755) is implicit. A directory must be declared (as a 'd'
// row of its parent) before rows name it as parent. Lines starting with '#' and blank lines are
// ignored; a trailing '\r' is tolerated. Within a directory the order of the rows is the entry
// order: files keep their row order, child directories keep their row order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ds::tracefs {

struct LayoutFile {
    std::string name;
    uint16_t mode = 0; // permission bits only, e.g. 0640
    uint32_t sym = 0;  // `name` interned (ds::intern), 0 until internNames() ran
};

struct LayoutDir {
    std::string name;
    std::string path;              // relative to the tracefs root, e.g. "events/sched"
    uint16_t mode = 0;             // permission bits, e.g. 0755
    int parent = -1;               // index into Layout::dirs, -1 for "events"
    int depth = 0;                 // 0 for "events", 1 for a system, 2 for an event
    std::vector<LayoutFile> files; // in entry order
    std::vector<int> children;     // indices into Layout::dirs, in list order
    uint32_t sym = 0;              // `name` interned, 0 until internNames() ran
};

struct Layout {
    std::string name; // "full", "sched", "tiny", ... or the file name for loaded layouts
    // dirs[0] is "events". Parsed and filtered layouts store the directories in depth-first
    // pre-order (a subtree is a contiguous range); addEventDir() appends at the end.
    std::vector<LayoutDir> dirs;

    // "events/sched" -> index into dirs, or -1. O(1).
    int findDir(std::string_view relPath) const;
    size_t fileCount() const;
    size_t dirCount() const { return dirs.size(); }

    // Rebuilds the path index used by findDir(); call after editing `dirs` by hand.
    // parseLayout(), filterLayout() and addEventDir() keep it up to date themselves.
    void rebuildIndex();

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, int, Hash, std::equal_to<>> index_;
    friend int addEventDir(Layout& layout, int parentDir, std::string name);
};

struct LayoutError {
    std::string file;
    int line = 0;   // 1-based
    int column = 0; // 1-based, first character of the offending field
    std::string message;
};

// Parses the text format above. On error returns nullopt and, if err is non-null, fills it
// with the position of the bad field and a message such as "expected 'd' or 'f'",
// "unknown parent directory 'x'", "expected octal mode". The result's name is fileName.
std::optional<Layout> parseLayout(std::string_view text, const std::string& fileName,
                                  LayoutError* err);
// Reads and parses a file; an unreadable file is reported at line 0, column 0.
std::optional<Layout> loadLayoutFile(const std::string& path, LayoutError* err);

// Copy of `src` restricted to the directories for which keep(dir) is true (the root is always
// kept; a directory whose parent is dropped is dropped too). Order, modes and files are kept.
Layout filterLayout(const Layout& src, std::string name,
                    const std::function<bool(const LayoutDir&)>& keep);

// Built-in trees, loaded once (thread-safe) and never freed:
//   "full"  - the Linux 6.18 tree of resources/tracefs-events-6.18.tsv (compiled in)
//   "sched" - events/ (its 3 files) + the sched system with all its 26 events
//   "tiny"  - events/ + sched with only sched_switch and sched_wakeup
//   "small" - events/ + the sched, irq and ftrace systems, each with its first 4 events
// Unknown name, or the resource file could not be loaded -> nullptr (see builtinLayoutError()).
const Layout* builtinLayout(std::string_view name);
// {name, one-line description}, in a stable order ("full" first).
std::vector<std::pair<std::string, std::string>> builtinLayoutNames();
// Empty when the built-in layouts loaded; otherwise "file:line:column: message".
std::string builtinLayoutError();

// Standard event directory files (entry order, modes): enable 0640, filter 0640,
// trigger 0640, format 0440, id 0440.
const std::vector<LayoutFile>& standardEventFiles();

// Adds an event directory `name` (mode 0755, standardEventFiles()) as the last child of
// parentDir, and returns its index (always dirs.size() - 1 before the call). Returns -1 if
// parentDir is out of range, the name is empty, ".", "..", contains '/', or already names a
// file or directory in parentDir.
int addEventDir(Layout& layout, int parentDir, std::string name);

// Interns every directory and file name (LayoutDir::sym, LayoutFile::sym), so that building a
// run's eventfs tree does not hash 14k strings. The built-in layouts come interned.
void internNames(Layout& layout);

} // namespace ds::tracefs
