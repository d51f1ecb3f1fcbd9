// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/event_log.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sys/mman.h>

namespace ds {

namespace {
constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kMapFrom = kHugePage; // logs this large move into their own mapping

size_t roundUp(size_t bytes) {
    return (bytes + kHugePage - 1) & ~(kHugePage - 1);
}

void* mapFresh(size_t bytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    (void)madvise(p, bytes, MADV_HUGEPAGE); // advice only; ignored where THP is off
#endif
    return p;
}
} // namespace

EventLog::EventLog(std::initializer_list<Event> events) {
    reserve(events.size());
    for (const Event& e : events)
        push_back(e);
}

EventLog::EventLog(const EventLog& other) {
    reserve(other.size_);
    if (other.size_) std::memcpy(data_, other.data_, other.size_ * sizeof(Event));
    size_ = other.size_;
}

EventLog::~EventLog() {
    if (!data_) return;
    if (mapBytes_)
        munmap(data_, mapBytes_);
    else
        std::free(data_);
}

void EventLog::swap(EventLog& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(cap_, other.cap_);
    std::swap(mapBytes_, other.mapBytes_);
}

void EventLog::grow(size_t atLeast) {
    const size_t want = std::max({atLeast, cap_ * 2, size_t(1024)});
    size_t bytes = want * sizeof(Event);
    void* p = nullptr;
    if (bytes < kMapFrom && !mapBytes_) {
        p = std::realloc(data_, bytes);
        if (!p) throw std::bad_alloc();
    } else {
        bytes = roundUp(bytes);
        if (mapBytes_) {
            // Grows in place or moves the page tables: no copy, no page touched again.
            p = mremap(data_, mapBytes_, bytes, MREMAP_MAYMOVE);
            if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
            (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
        } else {
            p = mapFresh(bytes);
            if (size_) std::memcpy(p, data_, size_ * sizeof(Event));
            std::free(data_);
        }
        mapBytes_ = bytes;
    }
    data_ = static_cast<Event*>(p);
    cap_ = bytes / sizeof(Event);
}

void EventLog::shrinkToFit() {
    if (!mapBytes_) return; // heap logs are small
    const size_t bytes = std::max(roundUp(size_ * sizeof(Event)), kHugePage);
    if (bytes >= mapBytes_) return;
    void* p = mremap(data_, mapBytes_, bytes, 0); // shrinking never moves
    if (p == MAP_FAILED) return;
    mapBytes_ = bytes;
    cap_ = bytes / sizeof(Event);
}

bool EventLog::operator==(const EventLog& other) const {
    return size_ == other.size_ &&
           (size_ == 0 || std::memcmp(data_, other.data_, size_ * sizeof(Event)) == 0);
}

} // namespace ds
