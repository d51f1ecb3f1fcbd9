// SPDX-License-Identifier: GPL-2.0-or-later
// The JSON exporters' fast path, for the millions of flat objects of a large run (one per event):
// keys are our own literals and go straight into the Sink, integers are formatted in place, and
// every string that can hold data from a scenario (a name, a task, a source position) is escaped
// by JsonOut (RapidJSON) once per export and then copied. A run has a few thousand distinct
// symbols, tasks and source lines, and millions of events that repeat them.
#pragma once

#include "export/sink.h"
#include "trace/run.h"

#include <cassert>
#include <string>
#include <string_view>
#include <vector>

namespace ds::exporter {

// A string as JSON text: quoted, escaped, bad UTF-8 replaced, as JsonOut::str writes it.
std::string jsonText(std::string_view s);

// True for a string JSON can hold as it is: printable ASCII but for the quote and the backslash.
bool isPlainJson(std::string_view s);

// JSON texts by id, each rendered by jsonText the first time an export asks for it.
class JsonTexts {
public:
    explicit JsonTexts(const Run& run);
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
        return t < tasks_.size() ? std::string_view(tasks_[t]) : std::string_view("null");
    }

private:
    std::string_view renderSymbol(SymId id);
    std::string_view renderSource(SrcId id);

    std::vector<std::string> symbols_; // by SymId; empty: not rendered yet
    std::vector<std::string> sources_; // by SrcId
    std::vector<std::string> tasks_;   // by TaskId
};

// One flat JSON object written straight into a sink. Keys must be plain (isPlainJson): they are
// our literals. Values are integers, booleans, our own identifiers, or JSON text.
class FlatJson {
public:
    explicit FlatJson(Sink& sink) : sink_(sink) {}

    void begin() {
        sink_.put('{');
        first_ = true;
    }
    void end() { sink_.put('}'); }

    void key(std::string_view k) {
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
    void json(std::string_view k, std::string_view text) {
        key(k);
        sink_.put(text);
    }
    // An identifier of ours ("func_enter", "DT_DIR", "ENOENT"): nothing in it to escape.
    void name(std::string_view k, std::string_view v) {
        assert(isPlainJson(v));
        key(k);
        sink_.reserve(v.size() + 2);
        sink_.putUnsafe('"');
        sink_.putUnsafe(v);
        sink_.putUnsafe('"');
    }
    void field(std::string_view k, bool v) { json(k, v ? "true" : "false"); }
    template <typename Int>
    requires std::is_integral_v<Int>
    void field(std::string_view k, Int v) {
        key(k);
        sink_.number(v);
    }
    void field(std::string_view k, const char* v) = delete; // a string: name() or json()

private:
    Sink& sink_;
    bool first_ = true;
};

} // namespace ds::exporter
