// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/explore_footprint.h"

#include "trace/symbols.h"

#include <array>
#include <cstddef>

namespace ds::scenario::explore_detail {

namespace {

// An exclusive critical section being held, while RunTouches reads a run.
struct Section {
    TaskId task;
    uint64_t lock;
    uint32_t at; // its LockAcquire
    bool wrote;
};

void markWritten(std::vector<Section>& open, TaskId task) {
    for (Section& s : open)
        if (s.task == task) s.wrote = true;
}

// Whether an engine source line is tracefs code, looked up once per line and thread.
bool isTracefs(SrcId src) {
    thread_local std::vector<int8_t> known;
    if (src >= known.size()) known.resize(src + 64, -1);
    int8_t& k = known[src];
    if (k < 0) k = sourceLoc(src).file.starts_with("core/tracefs/") ? 1 : 0;
    return k;
}

} // namespace

RunTouches::Fs RunTouches::fsAccess(const Event& e) {
    if (!isTracefs(e.src)) return FsNone;
    switch (e.kind) {
    case EventKind::FuncEnter:
        return FsRead;
    case EventKind::FuncExit:
    case EventKind::Get:
    case EventKind::Put:
        return FsNone;
    default:
        return FsWrite;
    }
}

RunTouches::RunTouches(const RunResult& r)
    : r_(r), shared_(r.events.size(), false), fs_(r.events.size(), FsNone) {
    // Inside a tracefs function a task may read that state at any time (eventfs_iterate looks
    // at `is_freed` once per entry): every event while it is in one reads it.
    std::array<int, 33> depth{}; // per task, tracefs functions entered and not left
    for (uint32_t seq = 0; seq < r.events.size(); ++seq) {
        const Event& e = r.events[seq];
        int& d = depth[std::min<size_t>(e.task, depth.size() - 1)];
        fs_[seq] = fsAccess(e);
        if (e.kind == EventKind::FuncEnter && fs_[seq] == FsRead) ++d;
        if (d > 0 && fs_[seq] == FsNone) fs_[seq] = FsRead;
        if (e.kind == EventKind::FuncExit && d > 0 && isTracefs(e.src)) --d;
    }
    std::vector<Section> open; // in the order taken
    size_t k = 0;
    for (uint32_t seq = 0; seq < r.events.size(); ++seq) {
        const Event& e = r.events[seq];
        for (; k < r.accesses.size() && r.accesses[k].at <= seq; ++k)
            if (r.accesses[k].write) markWritten(open, static_cast<TaskId>(r.accesses[k].task));
        if (isLockOp(e, LockMode::Exclusive)) {
            const uint64_t lock = objectKey(e.okind, e.obj);
            if (e.kind == EventKind::LockAcquire) {
                open.push_back({e.task, lock, seq, false});
                continue;
            }
            for (size_t i = open.size(); i-- > 0;) {
                if (open[i].task != e.task || open[i].lock != lock) continue;
                if (!open[i].wrote) shared_[open[i].at] = shared_[seq] = true;
                open.erase(open.begin() + static_cast<std::ptrdiff_t>(i));
                break;
            }
            continue;
        }
        // The records getdents64 copies out go to the task's own buffer.
        if (e.kind == EventKind::DirEmit || e.kind == EventKind::DirSkip) continue;
        bool wrote = fs_[seq] == FsWrite;
        forEachTouched(e, false, [&](uint64_t, bool write) { wrote = wrote || write; });
        if (wrote) markWritten(open, e.task);
    }
}

size_t RunTouches::firstAccess(uint32_t seq) const {
    const auto at =
        std::lower_bound(r_.accesses.begin(), r_.accesses.end(), seq,
                         [](const Scheduler::Access& a, uint32_t s) { return a.at < s; });
    return static_cast<size_t>(at - r_.accesses.begin());
}

void Footprint::add(const RunTouches& t, uint32_t seq, size_t& k) {
    // The event that takes the first lock read what made its task go there before it took it:
    // what it touches besides the lock counts as before the lock.
    const bool wasBefore = acquired.empty();
    const auto before = [&](bool write) -> uint8_t {
        return wasBefore ? (write ? BeforeWrite : BeforeRead) : 0;
    };
    t.accessesBefore(seq, k, [&](uint64_t key, bool write, int task) {
        addTask(task);
        touch(key, static_cast<uint8_t>((write ? Write : Read) | Other | before(write)));
    });
    const Event& e = t.run().events[seq];
    addTask(e.task);
    if (e.kind == EventKind::LockBlock && e.a == static_cast<int32_t>(LockMode::Exclusive) &&
        acquired.empty()) {
        firstAcquire = objectKey(e.okind, e.obj); // it waits for the lock first
        acquired.push_back(firstAcquire);
        blocked = true;
    }
    if (isLockOp(e, LockMode::Exclusive)) {
        const uint64_t lock = objectKey(e.okind, e.obj);
        if (e.kind == EventKind::LockAcquire) {
            if (acquired.empty()) firstAcquire = lock;
            acquired.push_back(lock);
        } else if (std::find(acquired.begin(), acquired.end(), lock) == acquired.end()) {
            touch(lock, Released);
        }
    }
    if ((e.kind == EventKind::Get || e.kind == EventKind::Put) && e.obj != 0) {
        const uint64_t key = objectKey(e.okind, e.obj);
        auto c = std::find_if(counts.begin(), counts.end(),
                              [&](const Count& x) { return x.key == key; });
        if (c == counts.end()) c = counts.insert(counts.end(), Count{key, e.a});
        c->net += int64_t(e.b) - int64_t(e.a);
        c->low = std::min(c->low, c->net);
        touch(key, static_cast<uint8_t>(Write | before(true)));
        return;
    }
    const uint64_t taken = wasBefore ? firstAcquire : 0; // this event took it (or waits)
    t.touched(seq, [&](uint64_t key, bool write) {
        touch(key, static_cast<uint8_t>((write ? Write : Read) | Other |
                                        (key == taken ? 0 : before(write))));
    });
}

void Footprint::seal() {
    std::sort(keys.begin(), keys.end(),
              [](const Entry& x, const Entry& y) { return x.key < y.key; });
    size_t n = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (n > 0 && keys[n - 1].key == keys[i].key)
            keys[n - 1].how |= keys[i].how;
        else
            keys[n++] = keys[i];
    }
    keys.resize(n);
    std::sort(counts.begin(), counts.end(),
              [](const Count& x, const Count& y) { return x.key < y.key; });
}

Footprint Footprint::of(const RunTouches& t, uint32_t from, uint32_t to) {
    Footprint f;
    const auto& events = t.run().events;
    const uint32_t end = std::min<uint32_t>(to, static_cast<uint32_t>(events.size() - 1));
    size_t k = t.firstAccess(from + 1);
    for (uint32_t s = from + 1; s <= end && s < events.size(); ++s)
        f.add(t, s, k);
    f.seal();
    return f;
}

bool Footprint::conflict(const Footprint& o, uint8_t mine, uint8_t theirs) const {
    auto a = keys.begin(), b = o.keys.begin();
    while (a != keys.end() && b != o.keys.end()) {
        if (a->key < b->key) {
            ++a;
        } else if (b->key < a->key) {
            ++b;
        } else {
            if ((a->how & mine) && (b->how & theirs)) return true;
            ++a;
            ++b;
        }
    }
    return false;
}

bool Footprint::commutesBefore(const Footprint& later, bool blocking) const {
    auto a = keys.begin(), b = later.keys.begin();
    while (a != keys.end() && b != later.keys.end()) {
        if (a->key < b->key) {
            ++a;
            continue;
        }
        if (b->key < a->key) {
            ++b;
            continue;
        }
        const uint8_t x = a->how, y = b->how;
        if (((x & Read) && (y & Write)) || ((x & Write) && (y & Read))) return false;
        if (blocking && (x & Released) && (y & (Read | Write))) return false;
        if ((x & Write) && (y & Write)) {
            // Both change it: only a reference count both only got and put may commute.
            const Count* cx = countOf(a->key);
            const Count* cy = later.countOf(a->key);
            if (!cx || !cy || (x & Other) || (y & Other)) return false;
            if (cx->before + cx->low + cy->low < 1) return false;
        }
        ++a;
        ++b;
    }
    return true;
}

const Footprint::Count* Footprint::countOf(uint64_t key) const {
    auto c = std::lower_bound(counts.begin(), counts.end(), key,
                              [](const Count& x, uint64_t k) { return x.key < k; });
    return c != counts.end() && c->key == key ? &*c : nullptr;
}

} // namespace ds::scenario::explore_detail
