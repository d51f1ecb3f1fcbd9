// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/sink.h"

#include <algorithm>
#include <cstring>

namespace ds::exporter {

Sink::Sink(WriteFn write, size_t chunk)
    : write_(std::move(write)), buf_(std::max<size_t>(chunk, 64)) {}

Sink::~Sink() {
    flush();
}

void Sink::putSlow(std::string_view s) {
    while (!s.empty()) {
        if (pos_ == buf_.size()) flush();
        const size_t n = std::min(s.size(), buf_.size() - pos_);
        std::memcpy(buf_.data() + pos_, s.data(), n);
        pos_ += n;
        s.remove_prefix(n);
    }
}

void Sink::makeRoom(size_t n) {
    flush();
    if (n > buf_.size()) buf_.resize(n);
}

bool Sink::flush() {
    if (pos_ > 0 && ok_) ok_ = write_(buf_.data(), pos_);
    flushed_ += pos_;
    pos_ = 0;
    return ok_;
}

Sink::WriteFn toStream(std::ostream& out) {
    return [&out](const char* data, size_t size) {
        out.write(data, static_cast<std::streamsize>(size));
        return static_cast<bool>(out);
    };
}

Sink::WriteFn toString(std::string& out) {
    return [&out](const char* data, size_t size) {
        out.append(data, size);
        return true;
    };
}

} // namespace ds::exporter
