#include "scenario/runner.h"

#include "scenario/parser.h"
#include "scenario/system.h"
#include "tracefs/design.h"
#include "tracefs/layout.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace ds::scenario {

namespace {

// CPU time of the whole process: the engine's tasks take turns on threads, so this is the
// time of the one core the run occupies, unaffected by other work on the machine.
double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

std::string scenariosDir() {
    return std::string(DENTRYSCOPE_RESOURCES_DIR) + "/scenarios";
}

// Scenario files are a few kilobytes; reading stops just past this so that a huge file or an
// endless one (`run /dev/zero`) is an error instead of a hang.
constexpr std::size_t kMaxScenarioBytes = std::size_t{64} << 20;

// Reads at most `limit` + 1 bytes (a result longer than `limit` means "too large").
bool readFile(const std::string& path, std::string& out, std::size_t limit = kMaxScenarioBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.clear();
    char buf[1 << 16];
    while (out.size() <= limit) {
        in.read(buf, sizeof buf);
        if (in.gcount() <= 0) break;
        out.append(buf, static_cast<std::size_t>(in.gcount()));
    }
    return !in.bad();
}

// A scenario file: only a regular file, read without blocking, so that a FIFO, a device or a
// file that never ends (/proc/kmsg) is refused at once instead of hanging. Returns the error.
std::optional<std::string> readScenarioFile(const std::string& path, std::string& out) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return "cannot read file (not a file and not a built-in scenario name)";
    struct stat st {};
    std::optional<std::string> error;
    if (::fstat(fd, &st) != 0)
        error = std::string("cannot read file: ") + std::strerror(errno);
    else if (S_ISDIR(st.st_mode))
        error = "is a directory, not a scenario file";
    else if (!S_ISREG(st.st_mode))
        error = "is not a regular file (a FIFO, device or socket), not a scenario file";
    out.clear();
    char buf[1 << 16];
    while (!error && out.size() <= kMaxScenarioBytes) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            error = std::string("cannot read file: ") + std::strerror(errno);
        else
            out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (!error && out.size() > kMaxScenarioBytes)
        error = "file too large (limit " + std::to_string(kMaxScenarioBytes >> 20) + " MiB)";
    return error;
}

} // namespace

ds::Schedule toEngineSchedule(const Schedule& s) {
    ds::Schedule out;
    switch (s.kind) {
    case Schedule::Kind::RoundRobin:
        out.base = ds::Schedule::Base::RoundRobin;
        break;
    case Schedule::Kind::Fixed:
        out.base = ds::Schedule::Base::Fixed;
        break;
    default:
        out.base = ds::Schedule::Base::Sequential;
        break;
    }
    out.fixed = s.fixed;
    for (const auto& sw : s.switches)
        out.switches.push_back({static_cast<uint32_t>(sw.afterEvent), sw.task});
    return out;
}

namespace {

bool compare(int64_t a, const std::string& op, int64_t b) {
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    if (op == ">=") return a >= b;
    return false;
}

int64_t counterValue(const DentryState& s, std::string_view name) {
    if (name == "nr_dentry") return s.nrDentry;
    if (name == "nr_unused") return s.nrUnused;
    if (name == "nr_inodes") return s.nrInodes;
    if (name == "nr_free_inodes") return s.nrFreeInodes;
    return -1;
}

bool reportMatches(const Report& r, Report::Kind kind, const std::string& what) {
    if (r.kind != kind) return false;
    if (what.empty()) return true;
    return r.function == what || r.headline.find(what) != std::string::npos ||
           r.text.find(what) != std::string::npos;
}

void checkExpectations(const Scenario& sc, RunResult& res, const std::vector<int>& callRecord) {
    auto add = [&](std::string text, SourcePos pos, bool ok, std::string detail) {
        res.expectations.push_back({std::move(text), pos, ok, std::move(detail)});
        res.expectationsOk &= ok;
    };
    for (const Expectation& e : sc.expectations) {
        using K = Expectation::Kind;
        auto count = [&](Report::Kind kind, const std::string& what) {
            return std::count_if(res.reports.begin(), res.reports.end(),
                                 [&](const Report& r) { return reportMatches(r, kind, what); });
        };
        auto found = [&](Report::Kind kind) {
            std::string s;
            for (const Report& r : res.reports)
                if (r.kind == kind) s += (s.empty() ? "" : "; ") + r.headline;
            return s.empty() ? std::string("none") : s;
        };
        switch (e.kind) {
        case K::Bug:
            add(e.text, e.pos, count(Report::Kind::Bug, e.what) > 0,
                "BUGs: " + found(Report::Kind::Bug));
            break;
        case K::NoBug:
            add(e.text, e.pos, count(Report::Kind::Bug, "") == 0,
                "BUGs: " + found(Report::Kind::Bug));
            break;
        case K::Warn:
            add(e.text, e.pos, count(Report::Kind::Warn, e.what) > 0,
                "WARNs: " + found(Report::Kind::Warn));
            break;
        case K::NoWarn:
            add(e.text, e.pos, count(Report::Kind::Warn, "") == 0,
                "WARNs: " + found(Report::Kind::Warn));
            break;
        case K::Kasan:
            add(e.text, e.pos, count(Report::Kind::Kasan, e.what) > 0,
                "KASAN: " + found(Report::Kind::Kasan));
            break;
        case K::NoKasan:
            add(e.text, e.pos, count(Report::Kind::Kasan, "") == 0,
                "KASAN: " + found(Report::Kind::Kasan));
            break;
        case K::Leak:
            add(e.text, e.pos, count(Report::Kind::Leak, e.what) > 0,
                "leaks: " + found(Report::Kind::Leak));
            break;
        case K::NoLeak:
            add(e.text, e.pos, count(Report::Kind::Leak, "") == 0,
                "leaks: " + found(Report::Kind::Leak));
            break;
        case K::Counter: {
            const int64_t v = counterValue(res.finalCounters, e.what);
            add(e.text, e.pos, compare(v, e.op, e.value), e.what + " is " + std::to_string(v));
            break;
        }
        }
    }
    for (size_t i = 0; i < sc.calls.size(); ++i) {
        const Call& c = sc.calls[i];
        if (!c.expect.present) continue;
        const int ri = callRecord[i];
        if (ri < 0) {
            add(c.text, c.pos, false, "the call did not run (its task died or blocked)");
            continue;
        }
        const SyscallRecord& r = res.records[ri];
        if (c.kind == CallKind::DentryState && !c.expect.counters.empty()) {
            bool ok = r.counters.has_value();
            std::string detail;
            for (const auto& [name, want] : c.expect.counters) {
                const int64_t got = r.counters ? counterValue(*r.counters, name) : -1;
                ok &= got == want;
                detail += (detail.empty() ? "" : " ") + name + "=" + std::to_string(got);
            }
            add(c.text, c.pos, ok, "got " + detail);
        } else {
            add(c.text, c.pos, r.ret == c.expect.value, "returned " + std::to_string(r.ret));
        }
    }
}

} // namespace

ParserContext defaultParserContext() {
    ParserContext ctx;
    for (const Design* d : allDesigns())
        ctx.designs.emplace_back(d->name);
    for (const auto& [name, desc] : tracefs::builtinLayoutNames())
        ctx.trees.push_back(name);
    return ctx;
}

std::vector<std::pair<std::string, std::string>> builtinScenarios() {
    std::vector<std::pair<std::string, std::string>> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(scenariosDir(), ec)) {
        if (entry.path().extension() != ".scn") continue;
        std::string text, first;
        readFile(entry.path().string(), text);
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with("# ")) {
                first = line.substr(2);
                break;
            }
        }
        out.emplace_back(entry.path().stem().string(), first);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<Scenario> loadScenario(const std::string& nameOrPath, std::vector<ParseError>& errors,
                                     std::string* textOut) {
    std::string path = nameOrPath;
    std::string text;
    const std::string builtin = scenariosDir() + "/" + nameOrPath + ".scn";
    if (nameOrPath.find('/') == std::string::npos && !nameOrPath.ends_with(".scn") &&
        std::filesystem::exists(builtin))
        path = builtin;
    if (const auto error = readScenarioFile(path, text)) {
        errors.push_back(ParseError{nameOrPath, 0, 0, *error, ""});
        return std::nullopt;
    }
    if (textOut) *textOut = text;
    const std::string shown = path == builtin ? nameOrPath + ".scn" : path;
    ParseResult r = parseScenario(text, shown, defaultParserContext());
    if (!r.ok()) {
        errors = std::move(r.errors);
        return std::nullopt;
    }
    return std::move(r.scenario);
}

RunResult runScenario(const Scenario& sc, const RunOptions& opts) {
    RunResult res;
    res.design = opts.designOverride.empty() ? sc.design : opts.designOverride;
    res.tree = sc.tree;
    res.taskNames = sc.tasks;
    const Design* design = findDesign(res.design);
    if (!design) {
        res.error = "unknown design '" + res.design + "'";
        res.expectationsOk = false;
        return res;
    }
    const tracefs::Layout* layout = tracefs::builtinLayout(sc.tree);
    if (!layout) {
        res.error =
            "unknown tree '" + sc.tree + "'" +
            (tracefs::builtinLayoutError().empty() ? ""
                                                   : " (" + tracefs::builtinLayoutError() + ")");
        res.expectationsOk = false;
        return res;
    }
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = processCpuSeconds();
    res.schedule = opts.schedule ? *opts.schedule : toEngineSchedule(sc.schedule);
    System k(*design, *layout);
    res.bootEvents = k.machine().nextSeq();
    k.machine().setEventLimit(opts.maxEvents);
    Scheduler sched(res.schedule);
    sched.setRecordPoints(opts.recordPoints);
    k.machine().setScheduler(&sched);
    std::vector<int> callRecord(sc.calls.size(), -1);
    for (size_t t = 0; t < sc.tasks.size(); ++t) {
        k.machine().addTask(sc.tasks[t]);
        sched.addTask([&, t] {
            std::map<std::string, int64_t> fds;
            for (size_t i = 0; i < sc.calls.size(); ++i) {
                const Call& c = sc.calls[i];
                if (c.taskIndex != static_cast<int>(t)) continue;
                SyscallRecord rec;
                const int fd =
                    c.fd.empty() ? -1 : static_cast<int>(fds.count(c.fd) ? fds[c.fd] : -EBADF_);
                int64_t ret = 0;
                switch (c.kind) {
                case CallKind::Open:
                    ret = k.sys_open(c.path, rec);
                    break;
                case CallKind::Getdents64:
                    ret = k.sys_getdents64(fd, c.number, rec);
                    break;
                case CallKind::Lseek:
                    ret = k.sys_lseek(fd, c.number, rec);
                    break;
                case CallKind::Close:
                    ret = k.sys_close(fd, rec);
                    break;
                case CallKind::Stat:
                    ret = k.sys_stat(c.path, rec);
                    break;
                case CallKind::Fstat:
                    ret = k.sys_fstat(fd, rec);
                    break;
                case CallKind::Ls:
                    ret = k.ls(c.path, false, rec);
                    break;
                case CallKind::LsRecursive:
                    ret = k.ls(c.path, true, rec);
                    break;
                case CallKind::Remove:
                    ret = k.sys_remove(c.path, rec);
                    break;
                case CallKind::Add:
                    ret = k.sys_add(c.path, rec);
                    break;
                case CallKind::DropCaches:
                    ret = k.sys_drop_caches(rec);
                    break;
                case CallKind::DentryState:
                    ret = k.sys_dentry_state(rec);
                    break;
                }
                if (!c.bind.empty()) fds[c.bind] = ret;
                rec.task = static_cast<TaskId>(t);
                rec.callIndex = static_cast<int>(i);
                k.records().push_back(std::move(rec));
                callRecord[i] = static_cast<int>(k.records().size() - 1);
            }
            emit(EventKind::TaskExit, ObjKind::Task, static_cast<ObjId>(t), 0, 0, 0, DS_HERE);
        });
    }
    const std::vector<int> blocked = sched.run();
    k.machine().setScheduler(nullptr);
    if (k.machine().eventLimitReached() || res.bootEvents >= opts.maxEvents) {
        res.eventLimitReached = true;
        res.expectationsOk = false;
        res.error = "the run reached the limit of " + std::to_string(opts.maxEvents) +
                    " events (it had " + std::to_string(k.machine().nextSeq()) + ")";
        return res;
    }
    k.machine().reportHang(blocked);
    if (opts.checkLeaks) k.reportLeaks();
    res.finalCounters = k.dentryState();
    res.points = sched.points();
    res.impossibleSwitches = sched.impossibleSwitches();
    res.reports = k.machine().takeReports();
    res.records = std::move(k.records());
    res.events = k.machine().takeEvents();
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    res.cpuSeconds = processCpuSeconds() - cpuStart;
    checkExpectations(sc, res, callRecord);
    return res;
}

} // namespace ds::scenario
