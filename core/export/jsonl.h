// SPDX-License-Identifier: GPL-2.0-or-later
// JSON Lines export of a run: one object per line, in sequence order, streamed through a Sink.
// The contract is docs/jsonl-schema.md (every line, every event kind) and its JSON Schema,
// docs/jsonl.schema.json; the first line names the schema version:
//
//   {"schema":"dentryscope-jsonl/1","type":"run","design":"next-20240104",...}
//   {"type":"event","seq":12,"kind":"get","task":"A","object_kind":"dentry","object":5,
//    "count_before":1,"count_after":2,"source":"core/vfs/dcache.cpp:123"}
//   {"type":"syscall","task":"A","call":"getdents64","args":"3, 4096","ret":240,...}
//   {"type":"report","kind":"bug","function":"d_instantiate","headline":..,"stack":[..]}
//   {"type":"expectation","text":"expect bug d_instantiate","ok":true,...}   (last)
#pragma once

#include "export/sink.h"
#include "trace/run.h"

#include <ostream>
#include <string>

namespace ds::exporter {

inline constexpr const char* kJsonlSchema = "dentryscope-jsonl/1";

// Returns false when the sink failed (formatting stops there).
bool writeJsonl(const Run& run, Sink& sink);
void writeJsonl(const Run& run, std::ostream& out);
std::string formatJsonl(const Run& run);

} // namespace ds::exporter
