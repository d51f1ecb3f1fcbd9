// SPDX-License-Identifier: GPL-2.0-or-later
// JSON Lines export of a run: one object per line, in sequence order — every event, every
// syscall result (after its exit event) and every report (after its report event).
//
//   {"type":"event","seq":12,"kind":"get","task":"A","obj_kind":"dentry","obj":5,"a":1,"b":2,
//    "sym":"dget","src":"core/vfs/dcache.cpp:123"}
//   getdents64's records (filldir64) add what their a, b and sym mean, and the record's size:
//   {"type":"event",..,"kind":"dir_emit","obj_kind":"file","obj":7,"a":3,"b":32,"sym":"enable",
//    "src":..,"d_name":"enable","pos":3,"buf_off":32,"d_reclen":32,"d_type":"DT_REG","fits":true}
//     pos: the ctx->pos given for the record (what filldir64 writes into the previous record's
//     d_off); buf_off: where the record starts in the user's buffer; fits false: it did not fit
//     (count - buf_off bytes were left) and the call stops there (-EINVAL if nothing was written)
//   {"type":"event",..,"kind":"dir_skip",..,"d_name":"trigger","pos":4,"why":"hidden"}
//     a slot iterate passed over: hidden by the entry's callback, or a child being removed
//   a getdents64 syscall_enter event has b = its count argument (the buffer size).
//   {"type":"event",..,"kind":"cursor_move","obj_kind":"dentry","obj":21,"a":15,"b":10,..}
//     dcache_readdir's cursor dentry (obj) now stands just before child a (0: at the end) of b
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
