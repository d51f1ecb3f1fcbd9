// SPDX-License-Identifier: GPL-2.0-or-later
// RapidJSON's Writer over a Sink, for the JSON exporters: values go straight into the sink's
// buffer, with no document object in between. Strings that are not valid UTF-8 (a name from a
// scenario file) are written with U+FFFD in place of each bad byte, as JSON requires.
#pragma once

#include "export/sink.h"

#include <rapidjson/writer.h>

#include <string>
#include <string_view>

namespace ds::exporter {

class JsonOut {
public:
    explicit JsonOut(Sink& sink) : sink_(sink), w_(sink) {}

    // Starts a new top-level value (each JSON Lines line, each trace event).
    void reset() { w_.Reset(sink_); }
    void begin() { w_.StartObject(); }
    void end() { w_.EndObject(); }
    void beginArray(std::string_view key) {
        this->key(key);
        w_.StartArray();
    }
    void endArray() { w_.EndArray(); }
    // A key: our keys are literals with nothing to escape, so they skip the scan str() does.
    // (The writer tells a key from a value by its position in the object.)
    void key(std::string_view k) {
        w_.RawValue("", 0, rapidjson::kStringType);
        sink_.put('"');
        sink_.put(k);
        sink_.put('"');
    }

    void str(std::string_view s);
    void i64(int64_t v) { w_.Int64(v); }
    void u64(uint64_t v) { w_.Uint64(v); }
    void boolean(bool v) { w_.Bool(v); }
    void null() { w_.Null(); }
    void dbl(double v) { w_.Double(v); }

    void field(std::string_view k, std::string_view v) {
        key(k);
        str(v);
    }
    void field(std::string_view k, const char* v) { field(k, std::string_view(v)); }
    void field(std::string_view k, const std::string& v) { field(k, std::string_view(v)); }
    void field(std::string_view k, bool v) {
        key(k);
        w_.Bool(v);
    }
    template <typename Int>
    requires std::is_integral_v<Int>
    void field(std::string_view k, Int v) {
        key(k);
        if constexpr (std::is_signed_v<Int>)
            w_.Int64(v);
        else
            w_.Uint64(v);
    }
    // A string, or null when empty.
    void fieldOrNull(std::string_view k, std::string_view v) {
        key(k);
        if (v.empty())
            w_.Null();
        else
            str(v);
    }

private:
    Sink& sink_;
    rapidjson::Writer<Sink> w_;
};

} // namespace ds::exporter
