// SPDX-License-Identifier: GPL-2.0-or-later
// Where an exporter writes: a fixed buffer flushed in chunks to a callback, so that an export
// never holds its whole output. The first failed write is remembered and everything after it is
// dropped; the caller asks ok() at the end (and says why, with the errno it kept).
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ds::exporter {

class Sink {
public:
    // Writes every byte or returns false.
    using WriteFn = std::function<bool(const char* data, size_t size)>;
    static constexpr size_t kChunk = 64 * 1024;

    explicit Sink(WriteFn write, size_t chunk = kChunk);
    ~Sink(); // flushes what is left
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;

    void put(char c) {
        if (pos_ == buf_.size()) flush();
        buf_[pos_++] = c;
    }
    void put(std::string_view s) {
        if (s.empty()) return; // its data() may be null (RapidJSON's empty stack), never memcpy'd
        if (buf_.size() - pos_ >= s.size()) { // fits: one copy
            std::memcpy(buf_.data() + pos_, s.data(), s.size());
            pos_ += s.size();
        } else {
            putSlow(s);
        }
    }
    // Inlined: each call site keeps its own branch history of digit counts (a timestamp has
    // six or seven, a pid one).
    template <typename Int> [[gnu::always_inline]] void number(Int v) {
        static_assert(sizeof(Int) <= 8); // at most 20 digits and a sign
        reserve(kNumberRoom);
        const auto r = std::to_chars(buf_.data() + pos_, buf_.data() + pos_ + kNumberRoom, v);
        pos_ = static_cast<size_t>(r.ptr - buf_.data());
    }

    // Readable bytes a padded text (PaddedTexts) has past its end.
    static constexpr size_t kPad = 32;
    // A text readable kPad bytes past its end, copied in fixed kPad-byte blocks: without the
    // branches memcpy takes on a varying length (the bytes past the text are overwritten next).
    [[gnu::always_inline]] void putPadded(std::string_view s) {
        reserve(s.size() + kPad);
        char* to = buf_.data() + pos_;
        for (size_t i = 0; i < s.size(); i += kPad)
            std::memcpy(to + i, s.data() + i, kPad);
        pos_ += s.size();
    }

    // Room for n more bytes without a check per byte (the buffer grows for one larger value).
    void reserve(size_t n) {
        if (buf_.size() - pos_ < n) makeRoom(n);
    }
    void putUnsafe(char c) { buf_[pos_++] = c; }
    void putUnsafe(std::string_view s) {
        if (s.empty()) return;
        std::memcpy(buf_.data() + pos_, s.data(), s.size());
        pos_ += s.size();
    }

    // Hands the buffer to the callback; false once any write failed.
    bool flush();
    bool ok() const { return ok_; }
    uint64_t bytes() const { return flushed_ + pos_; }

    // RapidJSON's output stream concept, so that its Writer formats straight into the buffer.
    using Ch = char;
    void Put(char c) { put(c); }
    void Flush() {} // the writer's flush after each value: the buffer decides when to write

private:
    static constexpr size_t kNumberRoom = 24;
    void makeRoom(size_t n);
    void putSlow(std::string_view s);

    WriteFn write_;
    std::vector<char> buf_;
    size_t pos_ = 0;
    uint64_t flushed_ = 0;
    bool ok_ = true;
};

// RapidJSON's fast path (rapidjson/stream.h), found by argument-dependent lookup: its Writer
// reserves the bytes of each value once, then puts them unchecked.
inline void PutReserve(Sink& sink, size_t count) {
    sink.reserve(count);
}
inline void PutUnsafe(Sink& sink, char c) {
    sink.putUnsafe(c);
}

// A sink into a std::ostream (fails when the stream goes bad) and into a string.
Sink::WriteFn toStream(std::ostream& out);
Sink::WriteFn toString(std::string& out);

} // namespace ds::exporter
