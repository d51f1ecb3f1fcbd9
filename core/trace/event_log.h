// SPDX-License-Identifier: GPL-2.0-or-later
// The storage of a run's event log: a contiguous, append-only array of Events.
//
// A std::vector doubles by copying into fresh memory, and fresh memory is paid for in page
// faults: listing the full tree wrote its 8.5 MB of events through 30 MB of new pages, and half
// of the engine's time went to the kernel. EventLog keeps small logs on the heap and moves a log
// past 2 MiB into its own mapping, advised for transparent huge pages and grown in place by
// mremap, so every page is touched once and a big log costs a handful of faults.
#pragma once

#include "trace/event.h"

#include <cassert>
#include <cstddef>
#include <initializer_list>

namespace ds {

class EventLog {
public:
    using value_type = Event;
    using size_type = size_t;
    using iterator = Event*;
    using const_iterator = const Event*;

    EventLog() = default;
    EventLog(std::initializer_list<Event> events);
    EventLog(const EventLog& other);
    EventLog(EventLog&& other) noexcept { swap(other); }
    EventLog& operator=(EventLog other) noexcept {
        swap(other);
        return *this;
    }
    ~EventLog();

    void swap(EventLog& other) noexcept;

    void push_back(const Event& e) {
        if (size_ == cap_) grow(size_ + 1);
        data_[size_++] = e;
    }
    void reserve(size_t n) {
        if (n > cap_) grow(n);
    }
    void clear() { size_ = 0; }
    // Gives back the spare capacity past the last 2 MiB page (in place: no copy).
    void shrinkToFit();

    size_t size() const { return size_; }
    size_t capacity() const { return cap_; }
    bool empty() const { return size_ == 0; }
    Event* data() { return data_; }
    const Event* data() const { return data_; }
    Event& operator[](size_t i) {
        assert(i < size_);
        return data_[i];
    }
    const Event& operator[](size_t i) const {
        assert(i < size_);
        return data_[i];
    }
    const Event& front() const { return (*this)[0]; }
    const Event& back() const { return (*this)[size_ - 1]; }
    Event* begin() { return data_; }
    Event* end() { return data_ + size_; }
    const Event* begin() const { return data_; }
    const Event* end() const { return data_ + size_; }

    bool operator==(const EventLog& other) const;

    // Bytes held, including unused capacity (for the benchmark's bytes-per-event figure).
    size_t bytesReserved() const { return cap_ * sizeof(Event); }

private:
    void grow(size_t atLeast);

    Event* data_ = nullptr;
    size_t size_ = 0;
    size_t cap_ = 0;
    size_t mapBytes_ = 0; // length of the log's own mapping; 0 while it is on the heap
};

} // namespace ds
