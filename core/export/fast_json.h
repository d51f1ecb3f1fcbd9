// SPDX-License-Identifier: GPL-2.0-or-later
// The JSON exporters' fast path, for the millions of objects of a large run (a line per event in
// JSON Lines, a trace event per span or instant in Chrome's format): keys are our own literals
// and go straight into the Sink, integers are formatted in place, and every string that can hold
// data from a scenario (a name, a task, a path, a source position) is escaped by JsonOut
// (RapidJSON) once per export and then copied. A run has a few thousand distinct symbols, tasks
// and source lines, and millions of events that repeat them.
#pragma once

#include "export/sink.h"
#include "trace/run.h"

#include <cassert>
#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace ds::exporter {

// A string as JSON text: quoted, escaped, bad UTF-8 replaced, as JsonOut::str writes it.
std::string jsonText(std::string_view s);

// True for a string JSON holds as it is: printable ASCII but for the quote and the backslash.
bool isPlainJson(std::string_view s);

// What is between the quotes of a JSON string text, to splice into a longer string: escaping
// works byte by byte (and a bad UTF-8 sequence ends at any ASCII byte), so the pieces of a
// string escaped apart, joined, are the string escaped whole.
inline std::string_view unquoted(std::string_view jsonString) {
    assert(jsonString.size() >= 2 && jsonString.front() == '"' && jsonString.back() == '"');
    return jsonString.substr(1, jsonString.size() - 2);
}

// JSON texts by id, each rendered by jsonText the first time an export asks for it.
class JsonTexts {
public:
    explicit JsonTexts(const Run& run);
    // Views stay valid for the life of the JsonTexts.
    // "\"d_instantiate\""; "\"\"" for no symbol.
    std::string_view symbol(SymId id) {
        if (id < symbols_.size() && !symbols_[id].empty()) return symbols_[id];
        return renderSymbol(id);
    }
    // "\"core/vfs/dcache.cpp:32\""; null for no source.
    std::string_view source(SrcId id) {
        if (id < sources_.size() && !sources_[id].empty()) return sources_[id];
        return renderSource(id);
    }
    // "\"A\""; null for boot work (kNoTask), an unknown task or an empty name.
    std::string_view task(TaskId t) const {
        return t < tasks_.size() ? tasks_[t] : std::string_view("null");
    }
    // "\"A\""; "\"\"" for boot work or an unknown task.
    std::string_view taskName(TaskId t) const {
        return t < taskNames_.size() ? taskNames_[t] : std::string_view("\"\"");
    }

private:
    std::string_view renderSymbol(SymId id);
    std::string_view renderSource(SrcId id);

    std::string_view keep(std::string text);

    // Views into store_ (which never moves a string, so a view stays valid for the export).
    std::vector<std::string_view> symbols_; // by SymId; empty: not rendered yet
    std::vector<std::string_view> sources_; // by SrcId
    std::vector<std::string_view> tasks_;   // by TaskId
    std::vector<std::string_view> taskNames_;
    std::deque<std::string> store_;
};

// JSON objects written straight into a sink, member by member. Keys are our literals (plain,
// isPlainJson); values are integers, booleans, identifiers of ours, JSON text, a string spliced
// from escaped pieces, or an object nested with open() .. close().
// Its members are inlined into each call, so that a literal key is copied as a constant: a few
// stores rather than a call to memcpy per key.
class FastJson {
public:
    explicit FastJson(Sink& sink) : sink_(sink) {}

    [[gnu::always_inline]] void begin() {
        sink_.put('{');
        first_ = true;
    }
    [[gnu::always_inline]] void end() { sink_.put('}'); }
    [[gnu::always_inline]] void open(std::string_view k) {
        key(k);
        begin();
    }
    [[gnu::always_inline]] void close() {
        end();
        first_ = false;
    }

    [[gnu::always_inline]] void key(std::string_view k) {
        assert(isPlainJson(k));
        sink_.reserve(k.size() + 4);
        if (!first_) sink_.putUnsafe(',');
        first_ = false;
        sink_.putUnsafe('"');
        sink_.putUnsafe(k);
        sink_.putUnsafe('"');
        sink_.putUnsafe(':');
    }
    // A value that is JSON text already (from JsonTexts or jsonText, or null).
    [[gnu::always_inline]] void json(std::string_view k, std::string_view text) {
        key(k);
        sink_.put(text);
    }
    // An identifier of ours ("func_enter", "DT_DIR", "ENOENT"): nothing in it to escape.
    [[gnu::always_inline]] void name(std::string_view k, std::string_view v) {
        assert(isPlainJson(v));
        key(k);
        sink_.reserve(v.size() + 2);
        sink_.putUnsafe('"');
        sink_.putUnsafe(v);
        sink_.putUnsafe('"');
    }
    // One string from pieces that are escaped already: our plain literals, and unquoted() texts.
    [[gnu::always_inline]] void string(std::string_view k,
                                       std::initializer_list<std::string_view> escaped) {
        key(k);
        sink_.put('"');
        for (const std::string_view piece : escaped)
            sink_.put(piece);
        sink_.put('"');
    }
    [[gnu::always_inline]] void field(std::string_view k, bool v) { json(k, v ? "true" : "false"); }
    template <typename Int>
    requires std::is_integral_v<Int>
    [[gnu::always_inline]] void field(std::string_view k, Int v) {
        key(k);
        sink_.number(v);
    }
    void field(std::string_view k, const char* v) = delete; // a string: name() or json()

private:
    Sink& sink_;
    bool first_ = true;
};

} // namespace ds::exporter
