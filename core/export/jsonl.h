// JSON Lines export of a run: one object per line, in sequence order — every event, every
// syscall result (after its exit event) and every report (after its report event).
//
//   {"type":"event","seq":12,"kind":"get","task":"A","obj_kind":"dentry","obj":5,"a":1,"b":2,
//    "sym":"dget","src":"core/vfs/dcache.cpp:123"}
//   {"type":"syscall","task":"A","call":"getdents64","args":"3, 4096","ret":240,"enter_seq":..,
//    "exit_seq":..,"entries":[{"d_ino":..,"d_off":..,"d_reclen":..,"d_type":"DT_DIR","d_name":"."}]}
//   {"type":"report","kind":"bug","function":"d_instantiate","headline":..,"text":..,"stack":[..]}
//   {"type":"expectation","text":"expect bug d_instantiate","ok":true,"detail":..}   (last)
#pragma once

#include "trace/run.h"

#include <ostream>
#include <string>

namespace ds::exporter {

void writeJsonl(const Run& run, std::ostream& out);
std::string formatJsonl(const Run& run);

} // namespace ds::exporter
