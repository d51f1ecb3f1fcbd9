// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/jsonl.h"

#include "export/common.h"
#include "export/fast_json.h"
#include "export/json_out.h"
#include "trace/symbols.h"

namespace ds::exporter {

namespace {

void taskField(JsonOut& j, const Run& run, std::string_view key, TaskId t) {
    j.fieldOrNull(key, t < run.taskNames.size() ? std::string_view(run.taskNames[t]) : "");
}

// a and b (and sym, aux) of each kind under names that say what they are; trace/event.h has
// their meaning, docs/jsonl-schema.md the fields.
void kindFields(FastJson& j, JsonTexts& texts, const Event& e) {
    const std::string_view sym = texts.symbol(e.sym); // as JSON text
    const bool hasSym = sym != "\"\"";
    switch (e.kind) {
    case EventKind::SyscallEnter:
        j.json("syscall", sym);
        if (e.a >= 0) j.field("fd", e.a);
        if (sym == "\"getdents64\"" || sym == "\"read\"") j.field("count", e.b);
        return;
    case EventKind::SyscallExit:
        j.json("syscall", sym);
        j.field("ret", e.a);
        return;
    case EventKind::FuncEnter:
    case EventKind::FuncExit:
        j.json("function", sym);
        return;
    case EventKind::Alloc:
        switch (e.okind) {
        case ObjKind::Dentry:
            j.json("name", sym);
            j.field("parent", e.a);
            j.field("cursor", (static_cast<uint32_t>(e.b) & kDentryCursor) != 0);
            return;
        case ObjKind::Inode:
            j.field("i_ino", e.a);
            j.field("i_mode", e.b);
            return;
        case ObjKind::File:
            j.field("dentry", e.a);
            j.field("fd", e.b);
            return;
        case ObjKind::Eventfs:
            j.json("name", sym);
            j.field("parent", e.a);
            return;
        case ObjKind::Dlist:
            j.field("file", e.a);
            return;
        default:
            break;
        }
        break;
    case EventKind::Get:
    case EventKind::Put:
        j.field("count_before", e.a);
        j.field("count_after", e.b);
        if (hasSym) j.json("note", sym);
        return;
    case EventKind::Nlink:
        j.field("nlink_before", e.a);
        j.field("nlink_after", e.b);
        return;
    case EventKind::FilePos:
        j.field("pos_before", e.a);
        j.field("pos_after", e.b);
        return;
    case EventKind::InLookup:
        j.field("in_lookup", e.a != 0);
        return;
    case EventKind::LinkChild:
    case EventKind::UnlinkChild:
        j.field("parent", e.a);
        return;
    case EventKind::Instantiate:
    case EventKind::Add:
        j.field("inode", e.a);
        return;
    case EventKind::Revalidate:
        j.field("valid", e.a != 0);
        return;
    case EventKind::SetFsdata:
        j.field("eventfs_inode", e.a);
        return;
    case EventKind::SetFlag:
        j.name("flag", flagName(static_cast<Flag>(e.a)));
        j.field("set", e.b != 0);
        return;
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockBlock:
        j.name("mode", e.a == static_cast<int>(LockMode::Exclusive) ? "exclusive" : "shared");
        if (hasSym) j.json("lock", sym);
        return;
    case EventKind::DirEmit:
        j.json("d_name", sym);
        j.field("pos", e.a);
        j.field("buf_off", e.b);
        j.field("d_reclen", dirent64Reclen(e.sym ? symbol(e.sym).size() : 0));
        j.name("d_type", dtypeLabel(dirEmitType(e)));
        j.field("fits", dirEmitFits(e));
        return;
    case EventKind::DirSkip:
        j.json("d_name", sym);
        j.field("pos", e.a);
        j.name("why", dirSkipWhyName(static_cast<DirSkipWhy>(e.aux)));
        return;
    case EventKind::CursorMove:
        j.field("before_child", e.a);
        j.field("parent", e.b);
        return;
    case EventKind::Report:
        j.field("report", e.a);
        j.json("headline", sym);
        return;
    case EventKind::TaskExit:
        j.json("exited", texts.task(static_cast<TaskId>(e.obj)));
        j.field("killed", e.a != 0);
        return;
    case EventKind::DDelete:
        j.field("delete", e.a != 0);
        if (hasSym) j.json("operation", sym);
        return;
    case EventKind::DropInode:
        j.field("evict", e.a != 0);
        if (hasSym) j.json("operation", sym);
        return;
    case EventKind::DestroyInode:
        if (hasSym) j.json("operation", sym);
        return;
    case EventKind::MarkDead:
        j.field("count_before", e.a);
        j.field("count_after", e.b);
        return;
    case EventKind::ShrinkList:
        j.field("on_list", e.a != 0);
        return;
    case EventKind::DentryOpen:
        j.field("file", e.a);
        return;
    case EventKind::Getattr:
        j.field("dentry", e.a);
        return;
    default:
        break;
    }
    // kinds with no a and b of their own (hash, unhash, lru_add, lru_del, free, wait, wake)
    if (hasSym) j.json("note", sym);
}

// The bulk of a run: written by FastJson, its strings from JsonTexts.
void writeEvent(FastJson& j, JsonTexts& texts, const Event& e) {
    j.begin();
    j.name("type", "event");
    j.field("seq", e.seq);
    j.name("kind", eventKindName(e.kind));
    j.json("task", texts.task(e.task));
    j.name("object_kind", objKindName(e.okind));
    j.field("object", e.obj);
    kindFields(j, texts, e);
    j.json("source", texts.source(e.src));
    j.end();
}

void writeSyscall(JsonOut& j, const Run& run, const SyscallAt& c) {
    j.begin();
    j.field("type", "syscall");
    if (!c.rec) {
        taskField(j, run, "task", c.enter->task);
        j.field("call", symbol(c.enter->sym));
        j.field("unfinished", true);
        j.field("enter_seq", c.enter->seq);
        j.end();
        return;
    }
    const SyscallRecord& r = *c.rec;
    taskField(j, run, "task", r.task);
    j.field("call", r.name);
    j.field("args", r.args);
    j.field("ret", r.ret);
    j.field("enter_seq", r.enterSeq);
    j.field("exit_seq", r.exitSeq);
    if (r.ret < 0 && r.ret >= -4095) j.field("errno", errnoLabel(static_cast<int>(-r.ret)));
    if (r.name == "getdents64") {
        j.beginArray("entries");
        for (const DirEntry& e : r.entries) {
            j.begin();
            j.field("d_ino", e.ino);
            j.field("d_off", e.off);
            j.field("d_reclen", e.reclen);
            j.field("d_type", dtypeLabel(e.type));
            j.field("d_name", e.name);
            j.end();
        }
        j.endArray();
    }
    if (r.stat) {
        j.field("st_ino", r.stat->ino);
        j.field("st_mode", r.stat->mode);
        j.field("st_nlink", r.stat->nlink);
    }
    if (r.name == "read" && r.ret >= 0) {
        // the bytes read, or null where the file's contents are not simulated
        j.key("data");
        if (r.data)
            j.str(*r.data);
        else
            j.null();
    }
    if (r.counters) {
        j.field("nr_dentry", r.counters->nrDentry);
        j.field("nr_unused", r.counters->nrUnused);
        j.field("nr_inodes", r.counters->nrInodes);
        j.field("nr_free_inodes", r.counters->nrFreeInodes);
        j.field("bytes", r.counters->bytes()); // at the design's object sizes
    }
    if (!r.lines.empty()) {
        j.beginArray("lines");
        for (const std::string& l : r.lines)
            j.str(l);
        j.endArray();
    }
    j.end();
}

void writeReport(JsonOut& j, const Run& run, const Report& r) {
    j.begin();
    j.field("type", "report");
    j.field("kind", reportKindName(r.kind));
    j.field("seq", r.seq);
    taskField(j, run, "task", r.task);
    j.field("function", r.function);
    j.field("headline", r.headline);
    j.field("text", r.text);
    j.beginArray("stack");
    for (const std::string& f : r.stack)
        j.str(f);
    j.endArray();
    j.end();
}

void writeHeader(JsonOut& j, const Run& run) {
    j.begin();
    j.field("schema", kJsonlSchema);
    j.field("type", "run");
    j.field("design", run.design);
    j.field("tree", run.tree);
    j.beginArray("tasks");
    for (const std::string& t : run.taskNames)
        j.str(t);
    j.endArray();
    j.field("event_count", run.events.size());
    j.field("boot_event_count", run.bootEvents);
    if (!run.error.empty()) j.field("error", run.error);
    j.end();
}

} // namespace

bool writeJsonl(const Run& run, Sink& sink) {
    JsonOut j(sink);
    auto line = [&](auto&& write) {
        j.reset();
        write();
        sink.put('\n');
    };
    line([&] { writeHeader(j, run); });
    FastJson flat(sink);
    JsonTexts texts(run);
    const std::vector<SyscallAt> calls = syscallsInOrder(run);
    size_t c = 0;
    std::vector<bool> reportDone(run.reports.size(), false);
    auto flushCalls = [&](uint32_t upTo) {
        // Unfinished calls sit at their enter (printed after that event); finished ones at their
        // exit.
        while (c < calls.size() && calls[c].seq <= upTo) {
            const SyscallAt& at = calls[c++];
            line([&] { writeSyscall(j, run, at); });
        }
    };
    for (const Event& e : run.events) {
        writeEvent(flat, texts, e);
        sink.put('\n');
        flushCalls(e.seq);
        if (e.kind == EventKind::Report && e.a >= 0 &&
            static_cast<size_t>(e.a) < run.reports.size()) {
            line([&] { writeReport(j, run, run.reports[e.a]); });
            reportDone[e.a] = true;
        }
        if (!sink.ok()) return false; // the output is gone: stop formatting
    }
    flushCalls(UINT32_MAX);
    for (size_t i = 0; i < run.reports.size(); ++i)
        if (!reportDone[i]) line([&] { writeReport(j, run, run.reports[i]); });
    for (const ExpectationResult& x : run.expectations) {
        line([&] {
            j.begin();
            j.field("type", "expectation");
            j.field("text", x.text);
            j.field("line", x.pos.line);
            j.field("ok", x.ok);
            j.field("detail", x.detail);
            j.end();
        });
    }
    return sink.flush();
}

void writeJsonl(const Run& run, std::ostream& out) {
    Sink sink(toStream(out));
    writeJsonl(run, sink);
}

std::string formatJsonl(const Run& run) {
    std::string out;
    {
        Sink sink(toString(out));
        writeJsonl(run, sink);
    }
    return out;
}

} // namespace ds::exporter
