// SPDX-License-Identifier: GPL-2.0-or-later
// The events of a run, with the questions the fidelity tests ask of them (tst_fidelity: what a
// real 6.12 kernel showed; tst_fidelity_eras: what each era's source says).
#pragma once

#include "engine_fixture.h"

#include "replay/replay.h"

#include <algorithm>

using namespace ds;

namespace {

// The events of a run, with the questions these tests ask of them.
struct Events {
    const scenario::RunResult& run;

    // The id of the newest dentry allocated with this name (0 when none).
    ObjId dentry(std::string_view name) const {
        ObjId id = 0;
        for (const Event& e : run.events)
            if (e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry && symbol(e.sym) == name)
                id = e.obj;
        return id;
    }
    // Seq of the first event of `kind` on dentry `obj` at or after `from` (kNever when none).
    uint32_t find(EventKind kind, ObjId obj, uint32_t from = 0) const {
        for (uint32_t i = from; i < run.events.size(); ++i)
            if (run.events[i].kind == kind && run.events[i].obj == obj) return i;
        return kNever;
    }
    // Seq of the first entry into kernel function `fn` at or after `from`.
    uint32_t enter(std::string_view fn, uint32_t from = 0) const {
        for (uint32_t i = from; i < run.events.size(); ++i)
            if (run.events[i].kind == EventKind::FuncEnter && symbol(run.events[i].sym) == fn)
                return i;
        return kNever;
    }
    // The kernel call stack of `task` just before event `seq`, outermost first.
    std::vector<std::string> stackAt(uint32_t seq, TaskId task) const {
        std::vector<std::string> stack;
        for (uint32_t i = 0; i < seq; ++i) {
            const Event& e = run.events[i];
            if (e.task != task) continue;
            if (e.kind == EventKind::FuncEnter) stack.emplace_back(symbol(e.sym));
            if (e.kind == EventKind::FuncExit && !stack.empty()) stack.pop_back();
        }
        return stack;
    }
    // The enter and exit seqs of the first syscall record with this name.
    std::pair<uint32_t, uint32_t> syscall(std::string_view name, int nth = 0) const {
        for (const SyscallRecord& r : run.records)
            if (r.name == name && nth-- == 0) return {r.enterSeq, r.exitSeq};
        return {kNever, kNever};
    }
};

} // namespace
