// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/chrome.h"

#include "export/common.h"
#include "export/fast_json.h"
#include "export/padded_texts.h"
#include "replay/end_paths.h"
#include "trace/symbols.h"

#include <tuple>
#include <unordered_map>

namespace ds::exporter {

namespace {

constexpr int kTasksPid = 1;
constexpr int kDcachePid = 2;

struct DentryLane {
    int tid = 0;
    uint32_t alloc = 0;
    uint32_t free = 0;
    bool freed = false;
    SymId name = 0;               // d_name
    std::string path;             // lane name as JSON text: the path, " #n" when it comes back
    std::string_view counterOpen; // padded: its refcount counter's start, up to the ts
};

// The keys of a dentry instant's two numbers, if any.
enum class InstantArgs { None, BeforeAfter, AB };

// A trace event's name: pieces of a JSON string, escaped already (fast_json.h).
using Name = std::initializer_list<std::string_view>;

// One end of a flow: an event on a task's lane, inside a running function.
struct FlowEnd {
    uint32_t seq = 0;
    int tid = 0;
    bool bound = false;  // a function was running there: the flow can bind to it
    bool flowed = false; // a flow starts here already
};

// An open span of a task lane.
struct Frame {
    SymId sym = 0;
    uint32_t enter = 0;
    bool syscall = false;
    int fd = -1;
    SrcId src = 0;
};

class ChromeWriter {
public:
    ChromeWriter(const Run& run, Sink& sink) : run_(run), sink_(sink), j_(sink), texts_(run) {}
    bool write();

private:
    // Inlined, so that the literal cat and ph of most calls are copied as constants.
    [[gnu::always_inline]] void start(Name name, std::string_view cat, std::string_view ph,
                                      uint64_t ts, int pid, int tid);
    void finish() { j_.end(); }
    int taskTid(TaskId t) const {
        return t == kNoTask || t >= run_.taskNames.size() ? bootTid_ : int(t) + 1;
    }
    void dentryLanes();
    void metadata();
    void metaName(std::string_view what, int pid, int tid, std::string_view nameText);
    void metaSortIndex(std::string_view what, int pid, int tid, int sortIndex);
    void event(const Event& e);
    void dentryEvent(const Event& e);
    void taskEvent(const Event& e, int tid);
    void closeFrame(int tid, uint32_t endSeq, bool unwound, const int32_t* ret);
    void dentryInstant(const Event& e, std::string_view open, InstantArgs args = InstantArgs::None,
                       int64_t v1 = 0, int64_t v2 = 0);
    // The cached start of a trace event, padded (PaddedTexts), up to its ts: a span of function
    // `sym`; a dentry instant of `kind` (and the symbol in its name); the end of an args object
    // with the source position, from its comma.
    std::string_view spanOpen(SymId sym, bool syscall);
    std::string_view instantOpen(EventKind kind, SymId sym, Name name);
    std::string_view srcClose(SrcId src);
    std::string_view keepOpen(Name name, std::string_view cat, std::string_view ph);
    template <size_t N> [[gnu::always_inline]] void lit(const char (&s)[N]) {
        sink_.put(std::string_view(s, N - 1));
    }
    void counters(uint32_t seq);
    void refcount(const Event& e, int64_t value);
    void flow(std::string_view name, const FlowEnd& from, Name fromLabel, const FlowEnd& to,
              Name toLabel);
    // The lane's d_name, escaped, to splice into a name ("" for an object with no lane).
    std::string_view laneName(const DentryLane& l) { return unquoted(texts_.symbol(l.name)); }
    FlowEnd here(const Event& e) {
        const int tid = taskTid(e.task);
        return {e.seq, tid, !stacks_[tid].empty()};
    }

    const Run& run_;
    Sink& sink_;
    FastJson j_;
    PaddedTexts texts_;
    std::vector<std::string_view> spanOpen_;                 // by sym * 2 + syscall
    std::vector<std::vector<std::string_view>> instantOpen_; // by kind, then sym
    std::vector<std::string_view> srcClose_;                 // by SrcId
    bool first_ = true;
    int bootTid_ = 1;
    uint32_t endSeq_ = 1;
    std::unordered_map<ObjId, DentryLane> lanes_;
    std::vector<ObjId> laneOrder_;
    std::vector<std::vector<Frame>> stacks_; // by task tid
    std::unordered_map<ObjId, std::vector<FlowEnd>> openGets_;
    std::unordered_map<ObjId, FlowEnd> instantiated_;
    uint64_t flowId_ = 0;
    int64_t liveDentries_ = 0, liveInodes_ = 0;
};

inline void ChromeWriter::start(Name name, std::string_view cat, std::string_view ph, uint64_t ts,
                                int pid, int tid) {
    if (!first_) sink_.put(",\n");
    first_ = false;
    j_.begin();
    j_.string("name", name);
    j_.name("cat", cat);
    j_.name("ph", ph);
    j_.field("ts", ts);
    j_.field("pid", pid);
    j_.field("tid", tid);
}

void ChromeWriter::dentryLanes() {
    // Dentry lanes and lifetimes; paths as the end of the run links them, below the mount.
    const EndPaths end(run_.events);
    for (const Event& e : run_.events) {
        if (e.okind != ObjKind::Dentry) continue;
        if (e.kind == EventKind::Alloc) {
            DentryLane l;
            l.tid = static_cast<int>(laneOrder_.size()) + 1;
            l.alloc = e.seq;
            l.name = e.sym;
            lanes_.emplace(e.obj, std::move(l));
            laneOrder_.push_back(e.obj);
        } else if (e.kind == EventKind::Free) {
            if (auto it = lanes_.find(e.obj); it != lanes_.end()) {
                it->second.freed = true;
                it->second.free = e.seq;
            }
        }
    }
    std::unordered_map<std::string, int> pathUses;
    for (ObjId id : laneOrder_) {
        std::string p = end.path(id);
        if (p == "/")
            p = kTracefsRoot;
        else if (p.starts_with('/'))
            p = std::string(kTracefsRoot) + p;
        const int n = ++pathUses[p];
        DentryLane& l = lanes_[id];
        l.path = jsonText(n == 1 ? p : p + " #" + std::to_string(n));
        l.counterOpen = keepOpen({unquoted(l.path)}, "dentry", "C");
    }
}

void ChromeWriter::metaName(std::string_view what, int pid, int tid, std::string_view nameText) {
    start({what}, "__metadata", "M", 0, pid, tid);
    j_.open("args");
    j_.json("name", nameText);
    j_.close();
    finish();
}

void ChromeWriter::metaSortIndex(std::string_view what, int pid, int tid, int sortIndex) {
    start({what}, "__metadata", "M", 0, pid, tid);
    j_.open("args");
    j_.field("sort_index", sortIndex);
    j_.close();
    finish();
}

void ChromeWriter::metadata() {
    metaName("process_name", kTasksPid, 0, "\"tasks\"");
    metaSortIndex("process_sort_index", kTasksPid, 0, 1);
    metaName("process_name", kDcachePid, 0, "\"dcache\"");
    metaSortIndex("process_sort_index", kDcachePid, 0, 2);
    for (int t = 0; t < static_cast<int>(run_.taskNames.size()); ++t) {
        metaName("thread_name", kTasksPid, t + 1, texts_.taskName(static_cast<TaskId>(t)));
        metaSortIndex("thread_sort_index", kTasksPid, t + 1, t + 1);
    }
    metaName("thread_name", kTasksPid, bootTid_, "\"boot\"");
    metaSortIndex("thread_sort_index", kTasksPid, bootTid_, bootTid_);
    for (ObjId id : laneOrder_) {
        const DentryLane& l = lanes_[id];
        metaName("thread_name", kDcachePid, l.tid, l.path);
        metaSortIndex("thread_sort_index", kDcachePid, l.tid, l.tid);
    }
}

// The span of the innermost open frame of `tid`, as one complete event.
void ChromeWriter::closeFrame(int tid, uint32_t endSeq, bool unwound, const int32_t* ret) {
    std::vector<Frame>& st = stacks_[tid];
    const Frame f = st.back();
    st.pop_back();
    // As start(name, cat, "X", enter, kTasksPid, tid), field("dur"), the args and finish().
    static_assert(kTasksPid == 1);
    sink_.putPadded(spanOpen(f.sym, f.syscall));
    sink_.number(f.enter);
    lit(",\"pid\":1,\"tid\":");
    sink_.number(tid);
    lit(",\"dur\":");
    sink_.number(endSeq > f.enter ? endSeq - f.enter : 0);
    lit(",\"args\":{");
    bool comma = false;
    if (f.syscall && f.fd >= 0) {
        lit("\"fd\":");
        sink_.number(f.fd);
        comma = true;
    }
    if (ret) {
        if (comma) sink_.put(',');
        lit("\"ret\":");
        sink_.number(*ret);
        comma = true;
    }
    if (unwound) {
        if (comma) sink_.put(',');
        lit("\"unwound\":true");
        comma = true;
    }
    const std::string_view close = srcClose(f.src); // ,"src":...}}
    sink_.putPadded(comma ? close : close.substr(1));
}

std::string_view ChromeWriter::keepOpen(Name name, std::string_view cat, std::string_view ph) {
    std::string text = ",\n{\"name\":\"";
    for (const std::string_view piece : name)
        text += piece;
    text += "\",\"cat\":\"";
    text += cat;
    text += "\",\"ph\":\"";
    text += ph;
    text += "\",\"ts\":";
    return texts_.keep(text);
}

std::string_view ChromeWriter::spanOpen(SymId sym, bool syscall) {
    const size_t i = size_t(sym) * 2 + syscall;
    if (i < spanOpen_.size() && spanOpen_[i].data()) return spanOpen_[i];
    if (i >= spanOpen_.size()) spanOpen_.resize(i + 1);
    return spanOpen_[i] =
               keepOpen({unquoted(texts_.symbol(sym))}, syscall ? "syscall" : "function", "X");
}

std::string_view ChromeWriter::instantOpen(EventKind kind, SymId sym, Name name) {
    const size_t k = static_cast<size_t>(kind);
    if (k >= instantOpen_.size()) instantOpen_.resize(k + 1);
    auto& bySym = instantOpen_[k];
    if (sym < bySym.size() && bySym[sym].data()) return bySym[sym];
    if (sym >= bySym.size()) bySym.resize(size_t(sym) + 1);
    return bySym[sym] = keepOpen(name, "dentry", "i");
}

std::string_view ChromeWriter::srcClose(SrcId src) {
    if (src < srcClose_.size() && srcClose_[src].data()) return srcClose_[src];
    if (src >= srcClose_.size()) srcClose_.resize(size_t(src) + 1);
    std::string text = ",\"src\":";
    text += texts_.source(src);
    text += "}}";
    return srcClose_[src] = texts_.keep(text);
}

void ChromeWriter::dentryInstant(const Event& e, std::string_view open, InstantArgs args,
                                 int64_t v1, int64_t v2) {
    auto it = lanes_.find(e.obj);
    if (it == lanes_.end()) return;
    // As start(name, "dentry", "i", e.seq, kDcachePid, tid), "s", the args and finish().
    static_assert(kDcachePid == 2);
    sink_.putPadded(open);
    sink_.number(e.seq);
    lit(",\"pid\":2,\"tid\":");
    sink_.number(it->second.tid);
    lit(",\"s\":\"t\",\"args\":{");
    if (args == InstantArgs::BeforeAfter) {
        lit("\"before\":");
        sink_.number(v1);
        lit(",\"after\":");
        sink_.number(v2);
        sink_.put(',');
    } else if (args == InstantArgs::AB) {
        lit("\"a\":");
        sink_.number(v1);
        lit(",\"b\":");
        sink_.number(v2);
        sink_.put(',');
    }
    lit("\"task\":");
    sink_.putPadded(texts_.taskName(e.task));
    const auto& st = stacks_[taskTid(e.task)];
    if (!st.empty()) {
        lit(",\"caller\":");
        sink_.putPadded(texts_.symbol(st.back().sym));
    }
    sink_.putPadded(srcClose(e.src));
}

void ChromeWriter::counters(uint32_t seq) {
    // As start({"dcache"}, "dcache", "C", seq, kDcachePid, 0), the args and finish().
    lit(",\n{\"name\":\"dcache\",\"cat\":\"dcache\",\"ph\":\"C\",\"ts\":");
    sink_.number(seq);
    lit(",\"pid\":2,\"tid\":0,\"args\":{\"dentries\":");
    sink_.number(liveDentries_);
    lit(",\"inodes\":");
    sink_.number(liveInodes_);
    lit("}}");
}

void ChromeWriter::refcount(const Event& e, int64_t value) {
    auto it = lanes_.find(e.obj);
    if (it == lanes_.end()) return;
    // As start(path, "dentry", "C", e.seq, kDcachePid, 0), the args and finish().
    sink_.putPadded(it->second.counterOpen);
    sink_.number(e.seq);
    lit(",\"pid\":2,\"tid\":0,\"args\":{\"d_lockref.count\":");
    sink_.number(value);
    lit("}}");
}

// Both ends get an instant of cat "dentry" on their task's lane, where the flow binds: the
// DevTools trace engine binds a flow event to the event of the same ts, pid, tid and cat;
// Perfetto to the slice around it (the instant, in the function running there).
void ChromeWriter::flow(std::string_view name, const FlowEnd& from, Name fromLabel,
                        const FlowEnd& to, Name toLabel) {
    if (!from.bound || !to.bound) return; // nothing to bind an end to
    const uint64_t id = ++flowId_;
    for (const auto& [end, label, ph] :
         {std::tuple(from, fromLabel, "s"), std::tuple(to, toLabel, "f")}) {
        start(label, "dentry", "i", end.seq, kTasksPid, end.tid);
        j_.name("s", "t");
        finish();
        start({name}, "dentry", ph, end.seq, kTasksPid, end.tid);
        if (*ph == 'f') j_.name("bp", "e");
        j_.field("id", id);
        finish();
    }
}

void ChromeWriter::taskEvent(const Event& e, int tid) {
    switch (e.kind) {
    case EventKind::SyscallEnter:
    case EventKind::FuncEnter: {
        const bool sys = e.kind == EventKind::SyscallEnter;
        stacks_[tid].push_back({e.sym, e.seq, sys, sys ? e.a : -1, e.src});
        break;
    }
    case EventKind::SyscallExit:
    case EventKind::FuncExit:
        if (stacks_[tid].empty()) break; // unbalanced input: no span to close
        closeFrame(tid, e.seq, false, e.kind == EventKind::SyscallExit ? &e.a : nullptr);
        break;
    case EventKind::TaskExit: {
        const int t = taskTid(static_cast<TaskId>(e.obj));
        start({e.a ? "killed" : "exit"}, "task", "i", e.seq, kTasksPid, t);
        j_.name("s", "t");
        finish();
        while (e.a && !stacks_[t].empty()) // a killed task's frames end where it died
            closeFrame(t, e.seq, true, nullptr);
        break;
    }
    case EventKind::Report: {
        if (e.a < 0 || static_cast<size_t>(e.a) >= run_.reports.size()) break;
        const Report& r = run_.reports[e.a];
        const std::string headline = jsonText(r.headline), function = jsonText(r.function);
        start({unquoted(headline)}, "report", "i", e.seq, kTasksPid, tid);
        j_.name("s", r.task == kNoTask ? "g" : "t");
        j_.open("args");
        j_.name("kind", reportKindName(r.kind));
        j_.json("function", function);
        j_.json("text", jsonText(r.text));
        j_.close();
        finish();
        if (e.okind != ObjKind::Dentry) break;
        dentryInstant(e, keepOpen({unquoted(headline)}, "dentry", "i")); // once per report
        if (auto it = instantiated_.find(e.obj);
            it != instantiated_.end() && it->second.tid != tid && !it->second.flowed) {
            it->second.flowed = true; // one flow from it, however many reports follow
            const auto lane = lanes_.find(e.obj);
            const std::string_view name = lane == lanes_.end() ? "" : laneName(lane->second);
            // (the arrow is UTF-8 with nothing to escape)
            flow("d_instantiate → report", it->second, {"d_instantiate ", name}, here(e),
                 {unquoted(function), " on ", name});
        }
        break;
    }
    case EventKind::LockBlock:
    case EventKind::Wait:
    case EventKind::Wake: {
        start({eventKindName(e.kind), e.sym ? " " : "", unquoted(texts_.symbol(e.sym))}, "lock",
              "i", e.seq, kTasksPid, tid);
        j_.name("s", "t");
        j_.open("args");
        j_.name("obj_kind", objKindName(e.okind));
        j_.field("obj", e.obj);
        j_.close();
        finish();
        break;
    }
    case EventKind::DirEmit:
    case EventKind::DirSkip: {
        // One instant per getdents64 slot on the task's track: the record or the gap.
        start({eventKindName(e.kind), " ", unquoted(texts_.symbol(e.sym))}, "getdents", "i", e.seq,
              kTasksPid, tid);
        j_.name("s", "t");
        j_.open("args");
        j_.field("pos", e.a);
        if (e.kind == EventKind::DirEmit) {
            j_.field("buf_off", e.b);
            j_.field("d_reclen", dirent64Reclen(symbol(e.sym).size()));
            j_.name("d_type", dtypeLabel(dirEmitType(e)));
            j_.field("fits", dirEmitFits(e));
        } else {
            j_.name("why", dirSkipWhyName(static_cast<DirSkipWhy>(e.aux)));
        }
        j_.close();
        finish();
        break;
    }
    default:
        break;
    }
}

void ChromeWriter::dentryEvent(const Event& e) {
    switch (e.kind) {
    case EventKind::Alloc: {
        const DentryLane& l = lanes_[e.obj];
        start({laneName(l)}, "dentry", "X", e.seq, kDcachePid, l.tid);
        j_.field("dur", (l.freed ? l.free : endSeq_) - l.alloc);
        j_.open("args");
        j_.json("path", l.path);
        j_.field("id", e.obj);
        j_.field("freed", l.freed);
        j_.json("task", e.task == kNoTask ? "\"\"" : texts_.taskName(e.task));
        j_.close();
        finish();
        refcount(e, 1);
        ++liveDentries_;
        counters(e.seq);
        break;
    }
    case EventKind::Free:
        refcount(e, 0);
        --liveDentries_;
        counters(e.seq);
        dentryInstant(e, instantOpen(e.kind, 0, {"free"}));
        openGets_.erase(e.obj);
        instantiated_.erase(e.obj);
        break;
    case EventKind::Get:
    case EventKind::Put: {
        const bool get = e.kind == EventKind::Get;
        refcount(e, e.b);
        dentryInstant(e,
                      instantOpen(e.kind, e.sym,
                                  {get ? "dget" : "dput", e.sym ? " (" : "",
                                   unquoted(texts_.symbol(e.sym)), e.sym ? ")" : ""}),
                      InstantArgs::BeforeAfter, e.a, e.b);
        auto& open = openGets_[e.obj];
        const FlowEnd at = here(e);
        if (get) {
            open.push_back(at);
        } else if (!open.empty()) {
            auto match = open.end() - 1; // the latest get of the same task, else the latest
            for (auto it = open.rbegin(); it != open.rend(); ++it)
                if (it->tid == at.tid) {
                    match = std::next(it).base();
                    break;
                }
            const std::string_view name = laneName(lanes_[e.obj]);
            flow("dget → dput", *match, {"dget ", name}, at, {"dput ", name});
            open.erase(match);
        }
        break;
    }
    case EventKind::Instantiate:
        instantiated_[e.obj] = here(e);
        [[fallthrough]];
    case EventKind::Add:
    case EventKind::Hash:
    case EventKind::Unhash:
    case EventKind::LruAdd:
    case EventKind::LruDel:
    case EventKind::InLookup:
    case EventKind::Revalidate:
    case EventKind::SetFlag:
    case EventKind::CursorMove:
    case EventKind::DDelete:
    case EventKind::MarkDead:
    case EventKind::ShrinkList:
    case EventKind::DentryOpen:
        dentryInstant(e, instantOpen(e.kind, 0, {eventKindName(e.kind)}), InstantArgs::AB, e.a,
                      e.b);
        break;
    default:
        break;
    }
}

void ChromeWriter::event(const Event& e) {
    taskEvent(e, taskTid(e.task));
    if (e.okind == ObjKind::Inode && (e.kind == EventKind::Alloc || e.kind == EventKind::Free)) {
        liveInodes_ += e.kind == EventKind::Alloc ? 1 : -1;
        counters(e.seq);
    }
    if (e.okind == ObjKind::Dentry && e.kind != EventKind::Report) dentryEvent(e);
}

bool ChromeWriter::write() {
    bootTid_ = static_cast<int>(run_.taskNames.size()) + 1;
    stacks_.resize(static_cast<size_t>(bootTid_) + 1);
    endSeq_ = run_.events.empty() ? 1 : run_.events.back().seq + 1;
    dentryLanes();
    sink_.put("{\"traceEvents\":[\n");
    metadata();
    for (const Event& e : run_.events) {
        event(e);
        if (!sink_.ok()) return false; // the output is gone: stop formatting
    }
    for (int t = 1; t <= bootTid_; ++t) // what is still running ends with the run
        while (!stacks_[t].empty())
            closeFrame(t, endSeq_, true, nullptr);
    sink_.put("\n]}\n");
    return sink_.flush();
}

} // namespace

bool writeChromeTrace(const Run& run, Sink& sink) {
    ChromeWriter w(run, sink);
    return w.write();
}

void writeChromeTrace(const Run& run, std::ostream& out) {
    Sink sink(toStream(out));
    writeChromeTrace(run, sink);
}

std::string formatChromeTrace(const Run& run) {
    std::string out;
    {
        Sink sink(toString(out));
        writeChromeTrace(run, sink);
    }
    return out;
}

} // namespace ds::exporter
