// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/runner.h"

#include "resources/resources.h"
#include "scenario/anchor.h"
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
#include <map>
#include <mutex>
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

// Scenario files are a few kilobytes; reading stops just past this so that a huge file or an
// endless one (`run /dev/zero`) is an error instead of a hang.
constexpr std::size_t kMaxScenarioBytes = std::size_t{64} << 20;

// Reads `fd` to its end, or to just past kMaxScenarioBytes; `what` names it in the errors
// ("file", "standard input").
std::optional<std::string> readAll(int fd, const char* what, std::string& out) {
    out.clear();
    char buf[1 << 16];
    while (out.size() <= kMaxScenarioBytes) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0) return std::nullopt;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::string("cannot read ") + what + ": " + std::strerror(errno);
        out.append(buf, static_cast<std::size_t>(n));
    }
    return std::string(what) + " too large (limit " + std::to_string(kMaxScenarioBytes >> 20) +
           " MiB)";
}

// `-` as the scenario: read it from standard input (a pipe or a redirected file), up to the same
// limit. A terminal is refused rather than waited on: nobody types a scenario blind. Standard
// input can be read only once, so the text is kept: the GUI loads a scenario twice (a parse
// check, then the window) and again when the design changes.
std::optional<std::string> readScenarioStdin(std::string& out) {
    static std::mutex mutex;
    static std::optional<std::string> text, error;
    std::lock_guard lock(mutex);
    if (!text && !error) {
        std::string in;
        if (::isatty(STDIN_FILENO))
            error = "standard input is a terminal; pipe a scenario into it";
        else
            error = readAll(STDIN_FILENO, "standard input", in);
        if (!error) text = std::move(in);
    }
    if (error) return error;
    out = *text;
    return std::nullopt;
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
    else
        error = readAll(fd, "file", out);
    ::close(fd);
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
    constexpr std::string_view dir = "scenarios/", ext = ".scn";
    std::vector<std::pair<std::string, std::string>> out;
    for (const resources::File& file : resources::files()) {
        if (!file.path.starts_with(dir) || !file.path.ends_with(ext)) continue;
        std::string name(file.path.substr(dir.size(), file.path.size() - dir.size() - ext.size()));
        std::string first;
        std::istringstream in{std::string(file.text)};
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with("# ")) {
                first = line.substr(2);
                break;
            }
        }
        out.emplace_back(std::move(name), std::move(first));
    }
    return out; // sorted: resources::files() is
}

std::optional<Scenario> loadScenario(const std::string& nameOrPath, std::vector<ParseError>& errors,
                                     std::string* textOut) {
    std::string text;
    std::string shown = nameOrPath;
    const resources::File* builtin =
        nameOrPath.find('/') == std::string::npos && !nameOrPath.ends_with(".scn")
            ? resources::find("scenarios/" + nameOrPath + ".scn")
            : nullptr;
    if (builtin) {
        text = builtin->text;
        shown = nameOrPath + ".scn";
    } else if (nameOrPath == "-") {
        shown = "<stdin>";
        if (const auto error = readScenarioStdin(text)) {
            errors.push_back(ParseError{shown, 0, 0, *error, ""});
            return std::nullopt;
        }
    } else if (const auto error = readScenarioFile(nameOrPath, text)) {
        errors.push_back(ParseError{nameOrPath, 0, 0, *error, ""});
        return std::nullopt;
    }
    if (textOut) *textOut = text;
    ParseResult r = parseScenario(text, shown, defaultParserContext());
    if (!r.ok()) {
        errors = std::move(r.errors);
        return std::nullopt;
    }
    return std::move(r.scenario);
}

namespace {

// Runs the scenario's tasks on the booted kernel `k` under res.schedule, filling `res`.
void runOn(System& k, const Scenario& sc, const RunOptions& opts, RunResult& res) {
    res.sizes = k.tracefs().design.sizes;     // what the memory counters weigh objects by
    res.eventfs = k.tracefs().design.eventfs; // what the views call its eventfs objects
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
                case CallKind::Read:
                    ret = k.sys_read(fd, c.number, rec);
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
                case CallKind::Statx:
                    ret = k.sys_statx(c.path, rec);
                    break;
                case CallKind::Lstat:
                    ret = k.sys_lstat(c.path, rec);
                    break;
                case CallKind::Fstatat:
                    ret = k.sys_fstatat(fd, c.path, rec);
                    break;
                case CallKind::Ls:
                    ret = k.ls(c.path, LsMode::Plain, rec);
                    break;
                case CallKind::LsRecursive:
                    ret = k.ls(c.path, LsMode::Recursive, rec);
                    break;
                case CallKind::LsLong:
                    ret = k.ls(c.path, LsMode::Long, rec);
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
        return;
    }
    k.machine().reportHang(blocked);
    if (opts.checkLeaks) k.reportLeaks();
    res.finalCounters = k.dentryState();
    res.points = sched.points();
    res.accesses = sched.accesses();
    res.impossibleSwitches = sched.impossibleSwitches();
    res.reports = k.machine().takeReports();
    res.records = std::move(k.records());
    res.events = k.machine().takeEvents();
    checkExpectations(sc, res, callRecord);
}

} // namespace

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
    if (opts.schedule) {
        res.schedule = *opts.schedule;
    } else {
        // Anchored switches are found in runs made with the switches before them.
        RunOptions probe = opts;
        probe.recordPoints = false;
        probe.checkLeaks = false;
        ResolvedSchedule resolved =
            resolveSchedule(sc, toEngineSchedule(sc.schedule), [&](const ds::Schedule& s) {
                probe.schedule = s;
                return runScenario(sc, probe);
            });
        res.schedule = std::move(resolved.schedule);
        res.anchorMisses = std::move(resolved.misses);
        res.switchPoints = std::move(resolved.points);
    }
    System k(*design, *layout);
    runOn(k, sc, opts, res);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    res.cpuSeconds = processCpuSeconds() - cpuStart;
    return res;
}

struct ScheduleRunner::Kept {
    std::unique_ptr<System> system;
    std::shared_ptr<const System::Booted> booted;
    bool used = false; // a run changed it since it was booted or put back
};

ScheduleRunner::ScheduleRunner(const Scenario& sc, const RunOptions& opts, bool keep)
    : sc_(sc), opts_(opts) {
    if (!keep) return;
    const Design* design =
        findDesign(opts.designOverride.empty() ? sc.design : opts.designOverride);
    const tracefs::Layout* layout = tracefs::builtinLayout(sc.tree);
    if (!design || !layout) return; // each run says why (runScenario's error)
    kept_ = std::make_unique<Kept>();
    kept_->system = std::make_unique<System>(*design, *layout);
    kept_->booted = kept_->system->save();
    if (!kept_->booted) kept_.reset();
}

ScheduleRunner::~ScheduleRunner() = default;

bool ScheduleRunner::restores() const {
    return kept_ != nullptr;
}

RunResult ScheduleRunner::run(const ds::Schedule& s) {
    RunOptions opts = opts_;
    opts.schedule = s;
    if (!kept_) return runScenario(sc_, opts);
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = processCpuSeconds();
    System& k = *kept_->system;
    Machine::Scope running(k.machine());
    if (kept_->used) k.restore(*kept_->booted);
    kept_->used = true;
    RunResult res;
    res.design = opts.designOverride.empty() ? sc_.design : opts.designOverride;
    res.tree = sc_.tree;
    res.taskNames = sc_.tasks;
    res.schedule = s;
    runOn(k, sc_, opts, res);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    res.cpuSeconds = processCpuSeconds() - cpuStart;
    return res;
}

} // namespace ds::scenario
