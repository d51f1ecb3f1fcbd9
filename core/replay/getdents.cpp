// SPDX-License-Identifier: GPL-2.0-or-later
#include "replay/getdents.h"

#include "trace/symbols.h"
#include "trace/uapi.h"

#include <algorithm>
#include <map>

namespace ds {

namespace {

bool inSpan(uint32_t seq, uint32_t enter, uint32_t exit) {
    return seq > enter && (exit == kNever || seq < exit);
}

// The first of a task's calls (`list`, in order: a task makes one at a time) that entered at or
// after `seq`: a binary search, so that a step late in a long run costs what an early one does.
std::span<const uint32_t>::iterator syscallFrom(const Replay& rp, std::span<const uint32_t> list,
                                                uint32_t seq) {
    return std::partition_point(list.begin(), list.end(),
                                [&](uint32_t i) { return rp.syscalls()[i].enterSeq < seq; });
}

// A file's Alloc event (its lifespan may name another object on the same id: v6.7's dentry
// list takes its file's id).
const Event* fileAlloc(const Replay& rp, ObjId id) {
    for (const uint32_t seq : rp.eventsOf(id)) {
        const Event& e = rp.event(seq);
        if (e.kind == EventKind::Alloc && e.okind == ObjKind::File) return &e;
    }
    return nullptr;
}

// The file `task` opened as `fd` and still had when it entered the call at `enterSeq`: the one
// allocated by the open() call that returned fd.
const Event* fileOf(const Replay& rp, TaskId task, int fd, uint32_t enterSeq) {
    const Event* found = nullptr;
    for (ObjId id = 1; id <= rp.maxObjId(); ++id) {
        const Lifespan& l = rp.lifespan(id);
        if (l.kind != ObjKind::File && l.kind != ObjKind::Dlist) continue;
        if (l.freeSeq != kNever && l.freeSeq < enterSeq) continue;
        const Event* a = fileAlloc(rp, id);
        if (!a || a->seq > enterSeq || a->task != task) continue;
        // the open() that allocated it: the task's last call entered at or before the alloc
        const auto list = rp.syscallsOf(task);
        const auto it = syscallFrom(rp, list, a->seq + 1);
        if (it != list.begin()) {
            const SyscallSpan& c = rp.syscalls()[*(it - 1)];
            if (c.exitSeq != kNever && c.exitSeq > a->seq && c.ret == fd) found = a;
        }
    }
    return found;
}

// The cursor dentry dcache_dir_open gave the file: allocated by the same open() call.
ObjId cursorOf(const Replay& rp, const Event& fileAlloc) {
    const TaskId task = fileAlloc.task;
    for (uint32_t seq = fileAlloc.seq + 1; seq < rp.size(); ++seq) {
        const Event& e = rp.event(seq);
        if (e.task != task) continue;
        if (e.kind == EventKind::SyscallExit) break;
        if (e.kind == EventKind::Alloc && e.okind == ObjKind::Dentry &&
            (static_cast<uint32_t>(e.b) & kDentryCursor) != 0)
            return e.obj;
    }
    return 0;
}

const SyscallRecord* recordOf(const Run& run, uint32_t enterSeq) {
    // in execution order, so by entry where the tasks' calls do not interleave: search there
    // first, then the whole list (the order is not a promise)
    const auto it =
        std::partition_point(run.records.begin(), run.records.end(),
                             [&](const SyscallRecord& r) { return r.enterSeq < enterSeq; });
    if (it != run.records.end() && it->enterSeq == enterSeq) return &*it;
    for (const SyscallRecord& r : run.records)
        if (r.enterSeq == enterSeq) return &r;
    return nullptr;
}

} // namespace

GetdentsAt getdentsAt(const Run& run, const Replay& rp, const StateAt& s, TaskId task) {
    GetdentsAt g;
    g.step = s.step();
    g.task = task;
    if (task == kNoTask || task >= rp.taskCount()) return g;
    const SymId getdents = intern("getdents64");
    // the task's latest getdents64 entered before the step, searched backwards from there
    const SyscallSpan* sp = nullptr;
    const auto calls = rp.syscallsOf(task);
    for (auto it = syscallFrom(rp, calls, g.step); it != calls.begin() && !sp;) {
        const SyscallSpan& c = rp.syscalls()[*--it];
        if (c.name == getdents) sp = &c;
    }
    if (!sp) return g;
    g.found = true;
    g.fd = sp->arg;
    g.enterSeq = sp->enterSeq;
    g.exitSeq = sp->exitSeq;
    g.inCall = sp->exitSeq == kNever || g.step <= sp->exitSeq;
    g.count = rp.event(sp->enterSeq).b;
    if (sp->exitSeq != kNever) g.willReturn = rp.event(sp->exitSeq).a;
    const Event* alloc = fileOf(rp, task, g.fd, sp->enterSeq);
    if (!alloc) return g;
    g.file = alloc->obj;
    g.dir = static_cast<ObjId>(alloc->a);
    g.path = dentryPath(s, g.dir);

    // The calls on this file up to this one, from its own events.
    const auto fileEvents = rp.eventsOf(g.file);
    for (auto it = syscallFrom(rp, calls, alloc->seq); it != calls.end(); ++it) {
        const SyscallSpan& c = rp.syscalls()[*it];
        if (c.enterSeq > sp->enterSeq) break;
        if (c.name != getdents || c.arg != g.fd) continue;
        GetdentsCallAt call;
        call.enterSeq = c.enterSeq;
        call.exitSeq = c.exitSeq;
        call.count = rp.event(c.enterSeq).b;
        const uint32_t end = std::min(c.exitSeq, g.step); // events of the call folded so far
        for (const uint32_t seq : fileEvents) {
            const Event& e = rp.event(seq);
            if (e.kind == EventKind::FilePos && seq < c.enterSeq) call.startPos = e.b;
            if (seq <= c.enterSeq || seq >= end) continue;
            if (e.kind == EventKind::FilePos) call.endPos = e.b;
            if (e.kind == EventKind::DirEmit && dirEmitFits(e)) ++call.records;
        }
        bool moved = false;
        for (const uint32_t seq : fileEvents)
            moved |= rp.event(seq).kind == EventKind::FilePos && inSpan(seq, c.enterSeq, end);
        if (!moved) call.endPos = call.startPos;
        if (c.exitSeq != kNever && g.step > c.exitSeq) call.ret = rp.event(c.exitSeq).a;
        g.calls.push_back(call);
    }
    if (!g.calls.empty()) g.startPos = g.calls.back().startPos;
    const GetdentsCallAt* self = g.calls.empty() ? nullptr : &g.calls.back();

    // This call's records, as filldir64 wrote them up to the step.
    const SyscallRecord* rec = recordOf(run, sp->enterSeq);
    std::map<int64_t, SlotAt> seen;
    for (const uint32_t seq : fileEvents) {
        if (seq >= g.step) break;
        const Event& e = rp.event(seq);
        if (e.kind != EventKind::DirEmit && e.kind != EventKind::DirSkip) continue;
        const std::string name(symbol(e.sym));
        SlotAt& slot = seen[e.a];
        const bool fits = e.kind == EventKind::DirEmit && dirEmitFits(e);
        if (fits || slot.state != SlotAt::State::Emitted) {
            slot.pos = e.a;
            slot.name = name;
            slot.seq = seq;
            slot.state = e.kind == EventKind::DirSkip
                             ? (static_cast<DirSkipWhy>(e.aux) == DirSkipWhy::Hidden
                                    ? SlotAt::State::Hidden
                                    : SlotAt::State::Removed)
                             : (fits ? SlotAt::State::Emitted : SlotAt::State::NoRoom);
        }
        if (!inSpan(seq, sp->enterSeq, sp->exitSeq)) continue;
        g.ctxPos = e.a;
        if (e.kind == EventKind::DirSkip) continue;
        const int64_t reclen = dirent64Reclen(name.size());
        const bool current = seq + 1 == g.step;
        if (!fits) {
            g.noRoom = NoRoomAt{name, e.a, e.b, reclen, g.count - e.b, seq};
            g.noRoomIsCurrent = current;
            continue;
        }
        if (!g.records.empty()) g.records.back().dOff = e.a; // filldir64: prev->d_off = offset
        DirentAt d;
        d.name = name;
        d.bufOff = e.b;
        d.reclen = reclen;
        d.type = dirEmitType(e);
        d.pos = e.a;
        d.seq = seq;
        const size_t k = g.records.size();
        if (rec && k < rec->entries.size()) {
            d.ino = rec->entries[k].ino;
            d.finalOff = rec->entries[k].off;
        }
        if (current) g.current = static_cast<int>(k);
        g.written = d.bufOff + d.reclen;
        g.records.push_back(std::move(d));
    }
    // getdents64 puts ctx->pos into the last record's d_off once iterate_dir is done.
    const bool done = sp->exitSeq != kNever && g.step >= sp->exitSeq;
    if (done && self && !g.records.empty()) g.records.back().dOff = self->endPos;
    if (!g.inCall) g.ctxPos.reset(); // iterate_dir copied it into f_pos
    g.fPos = s.obj(g.file).alive() ? s.obj(g.file).pos : (self ? self->endPos : 0);

    // Positions never seen between the ones that were: slots iterate skipped without a word
    // (v6.8 bumps ctx->pos before each child directory).
    if (!seen.empty()) {
        const int64_t last = seen.rbegin()->first;
        for (int64_t p = 0; p <= last; ++p) {
            auto it = seen.find(p);
            g.positions.push_back(it != seen.end() ? it->second
                                                   : SlotAt{p, {}, SlotAt::State::Unused, kNever});
        }
    }

    // dcache_readdir: where the cursor stands among the directory's children.
    g.cursor = cursorOf(rp, *alloc);
    if (g.cursor) {
        g.cursorOnList = s.obj(g.cursor).has(ObjState::CursorOnList);
        s.forEachChild(g.dir, [&](ObjId c) {
            const ObjState& o = s.obj(c);
            ChildAt ch;
            ch.id = c;
            ch.name = std::string(symbol(o.name));
            ch.cursor = o.has(ObjState::Cursor);
            ch.ours = c == g.cursor;
            ch.positive = !ch.cursor && o.inode != 0 && o.has(ObjState::Hashed);
            g.children.push_back(std::move(ch));
        });
    }
    return g;
}

namespace {
std::string slotStateName(SlotAt::State st) {
    switch (st) {
    case SlotAt::State::Emitted:
        return "";
    case SlotAt::State::NoRoom:
        return " (no room)";
    case SlotAt::State::Hidden:
        return " (hidden)";
    case SlotAt::State::Removed:
        return " (removed)";
    case SlotAt::State::Unused:
        return "(unused)";
    }
    return "?";
}
} // namespace

std::string formatGetdents(const GetdentsAt& g) {
    if (!g.found) return "no getdents64 call\n";
    std::string out = "getdents64(" + std::to_string(g.fd) + ", " + std::to_string(g.count) + ") " +
                      g.path + " f_pos " + std::to_string(g.fPos);
    if (g.ctxPos) out += " ctx->pos " + std::to_string(*g.ctxPos);
    out += " written " + std::to_string(g.written);
    if (g.willReturn)
        out += (g.inCall ? " will return " : " returned ") + std::to_string(*g.willReturn);
    out += "\n";
    for (size_t i = 0; i < g.records.size(); ++i) {
        const DirentAt& d = g.records[i];
        out += "  +" + std::to_string(d.bufOff) +
               " d_ino=" + (d.ino ? std::to_string(*d.ino) : std::string("?")) +
               " d_off=" + (d.dOff ? std::to_string(*d.dOff) : std::string("0")) +
               " d_reclen=" + std::to_string(d.reclen) +
               " d_type=" + std::string(dtypeName(d.type)) + " \"" + d.name + "\" pad " +
               std::to_string(d.padding()) + " pos " + std::to_string(d.pos) +
               (static_cast<int>(i) == g.current ? " <" : "") + "\n";
    }
    if (g.noRoom)
        out += "  no room for \"" + g.noRoom->name + "\" (" + std::to_string(g.noRoom->reclen) +
               " bytes) at +" + std::to_string(g.noRoom->bufOff) + ", " +
               std::to_string(g.noRoom->left) + " left" + (g.noRoomIsCurrent ? " <" : "") + "\n";
    for (const GetdentsCallAt& c : g.calls)
        out += "  call count " + std::to_string(c.count) + " from " + std::to_string(c.startPos) +
               " records " + std::to_string(c.records) + " to " + std::to_string(c.endPos) +
               (c.ret ? " = " + std::to_string(*c.ret) : std::string()) + "\n";
    if (!g.positions.empty()) {
        out += "  slots:";
        for (const SlotAt& s : g.positions)
            out += " " + std::to_string(s.pos) + ":" + s.name + slotStateName(s.state);
        out += "\n";
    }
    if (g.cursor) {
        out += std::string("  children:");
        for (const ChildAt& c : g.children)
            out += " " + (c.ours ? std::string("[cursor]") : c.cursor ? "[other cursor]" : c.name);
        out += g.cursorOnList ? "\n" : " (cursor off the list)\n";
    }
    return out;
}

} // namespace ds
