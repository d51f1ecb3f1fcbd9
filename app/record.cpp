// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope-cli record [-o FILE] [--tracefs DIR] [--magic HEX] [--drop-caches] [--dry-run]
//                        -- COMMAND [ARGS...]
//
// Records what the live kernel does with dentries while COMMAND runs: checks what it needs
// (root, tracefs mounted or mountable, fprobe events, BTF), installs the probe set in its own
// group `dentryscope` (filtered on the traced filesystem's s_magic, tracefs by default, and on
// COMMAND's process tree through set_event_pid and event-fork), enables the syscall events,
// runs COMMAND, writes the `trace` file's text to FILE, and always removes its probes and
// restores the tracing state it changed, on failure and on Ctrl-C too.
#include "cli_real.h"
#include "cmdline.h"
#include "output.h"
#include "record_probes.h"

#include <QCommandLineParser>
#include <QFile>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace ds::app {

namespace {

const QString kRec = u"dentryscope-cli record"_s;
const std::string kGroup = "dentryscope";

std::atomic<pid_t> gChild{0};
std::atomic<int> gSignal{0}; // SIGINT or SIGTERM once one came

extern "C" void onSignal(int sig) {
    gSignal = sig;
    if (const pid_t c = gChild.load(); c > 0) kill(c, sig);
}

bool exists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0;
}

std::string readText(const std::string& p) {
    QFile f(QString::fromStdString(p));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

// Writes `text` to a tracefs control file; on failure says which and why in `err`.
bool writeCtl(const std::string& path, const std::string& text, std::string& err,
              bool append = false) {
    const int fd = ::open(path.c_str(), O_WRONLY | (append ? O_APPEND : O_TRUNC) | O_CLOEXEC);
    if (fd < 0) {
        err = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    const ssize_t n = ::write(fd, text.data(), text.size());
    const int e = errno;
    const bool ok = n == static_cast<ssize_t>(text.size()) && ::close(fd) == 0;
    if (!ok)
        err = "cannot write '" + text + "' to " + path + ": " + std::strerror(n < 0 ? e : errno);
    return ok;
}

// Everything record changed, undone in its destructor whatever happened.
class Session {
public:
    explicit Session(std::string dir) : dir_(std::move(dir)) {}
    ~Session() { restore(); }
    std::string dir_;
    bool mounted = false;
    std::vector<std::string> probes;                        // installed probe names
    std::vector<std::string> enabled;                       // event enable files set to 1
    std::vector<std::pair<std::string, std::string>> saved; // control file -> old contents

    void save(const std::string& file) {
        std::string v = readText(dir_ + "/" + file);
        if (file == "set_event_pid" && v.empty()) v = "\n";
        saved.emplace_back(file, v);
    }
    void restore() {
        std::string err;
        if (!saved.empty()) writeCtl(dir_ + "/tracing_on", "0", err); // only once armed
        for (const std::string& e : enabled)
            writeCtl(e, "0", err);
        enabled.clear();
        for (const std::string& p : probes)
            if (!writeCtl(dir_ + "/dynamic_events", "-:" + kGroup + "/" + p + "\n", err, true))
                printError(kRec + u": cleanup: "_s + QString::fromStdString(err));
        probes.clear();
        for (auto it = saved.rbegin(); it != saved.rend(); ++it)
            writeCtl(dir_ + "/" + it->first, it->second.empty() ? "\n" : it->second, err);
        saved.clear();
        if (mounted && ::umount(dir_.c_str()) != 0)
            printError(kRec + u": cleanup: cannot unmount "_s + QString::fromStdString(dir_));
        mounted = false;
    }
};

// What is missing for recording, one line each; empty when all is there.
std::vector<std::string> checkRequirements(Session& s) {
    std::vector<std::string> missing;
    if (geteuid() != 0) missing.push_back("record needs root: it installs probes through tracefs");
    const std::string& dir = s.dir_;
    if (!exists(dir + "/trace")) {
        if (::mount("nodev", dir.c_str(), "tracefs", 0, nullptr) == 0) {
            s.mounted = true;
        } else {
            missing.push_back("tracefs is not mounted at " + dir + " and mounting it failed (" +
                              std::strerror(errno) +
                              "): the kernel needs CONFIG_TRACING; in a container, mount it on "
                              "the host or run with the tracefs mount");
            return missing;
        }
    }
    if (!exists(dir + "/dynamic_events"))
        missing.push_back(dir +
                          "/dynamic_events is missing: the kernel needs CONFIG_DYNAMIC_EVENTS "
                          "and CONFIG_FPROBE_EVENTS");
    else if (readText(dir + "/README").find("f[:[<group>/][<event>]]") == std::string::npos)
        missing.push_back("this kernel has no fprobe events (" + dir +
                          "/README does not list 'f[:[<group>/][<event>]]'): it needs "
                          "CONFIG_FPROBE_EVENTS=y");
    if (!exists("/sys/kernel/btf/vmlinux"))
        missing.push_back("no BTF at /sys/kernel/btf/vmlinux: the probes read typed arguments "
                          "(dentry->d_name.name ...); the kernel needs CONFIG_DEBUG_INFO_BTF=y");
    if (exists(dir + "/events/" + kGroup))
        missing.push_back("the event group '" + kGroup + "' already exists in " + dir +
                          "/events: another record is running, or one was killed; remove its "
                          "probes with: echo '-:" +
                          kGroup + "/*' >> " + dir + "/dynamic_events");
    return missing;
}

// The dynamic_events line of each probe and the filter it gets ("" for none).
std::vector<std::pair<std::string, std::string>> probeLines(const std::string& magic) {
    std::vector<std::pair<std::string, std::string>> lines;
    for (const char* p : probes::kFprobes) {
        const std::string def = p;
        lines.emplace_back("f:" + kGroup + "/" + def,
                           def.find(" mag=") != std::string::npos ? "mag == " + magic : "");
    }
    return lines;
}

// Installs and enables the probes and syscall events with tracing off; stops at the first
// failure or at Ctrl-C (the Session removes what was installed).
bool install(Session& s, const std::string& magic, std::string& err) {
    const std::string& dir = s.dir_;
    for (const auto& [line, filter] : probeLines(magic)) {
        if (gSignal) return false;
        const std::string name = line.substr(kGroup.size() + 3, line.find(' ') - kGroup.size() - 3);
        if (!writeCtl(dir + "/dynamic_events", line + "\n", err, true)) {
            err = "cannot install probe " + name + " (" + err + "); see " + dir + "/error_log";
            return false;
        }
        s.probes.push_back(name);
        const std::string ev = dir + "/events/" + kGroup + "/" + name;
        if (!filter.empty() && !writeCtl(ev + "/filter", filter, err)) return false;
        if (!writeCtl(ev + "/enable", "1", err)) return false;
        s.enabled.push_back(ev + "/enable");
    }
    if (!exists(dir + "/events/syscalls"))
        printError(kRec + u": warning: no syscall events (CONFIG_FTRACE_SYSCALLS): the trace "
                          u"will have no syscalls for conform to replay"_s);
    for (const char* sc : probes::kSyscalls) {
        for (const char* kind : {"sys_enter_", "sys_exit_"}) {
            const std::string en = dir + "/events/syscalls/" + kind + sc + "/enable";
            if (!exists(en)) continue; // not every architecture has every call
            if (!writeCtl(en, "1", err)) return false;
            s.enabled.push_back(en);
        }
    }
    return !gSignal;
}

// What ftrace's header says it dropped: "# entries-in-buffer/entries-written: 366/366".
long long lostEvents(const std::string& trace) {
    const std::string key = "entries-in-buffer/entries-written: ";
    const size_t at = trace.find(key);
    if (at == std::string::npos) return 0;
    long long inBuffer = 0, written = 0;
    if (std::sscanf(trace.c_str() + at + key.size(), "%lld/%lld", &inBuffer, &written) != 2)
        return 0;
    return written - inBuffer;
}

} // namespace

int recordCommand(const QString& name, const QStringList& arguments) {
    const QString program = u"dentryscope-cli "_s + name;
    // Everything after "--" is the command, untouched by option parsing.
    const qsizetype dash = arguments.indexOf(u"--"_s);
    const QStringList own = dash < 0 ? arguments : arguments.mid(0, dash);
    const QStringList command = dash < 0 ? QStringList() : arguments.mid(dash + 1);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Record a trace of the live kernel while COMMAND runs "
                                     u"(root; tracefs, fprobe events and BTF needed)."_s);
    parser.addHelpOption();
    const QCommandLineOption output({u"o"_s, u"output"_s}, u"Write the trace to FILE."_s, u"FILE"_s,
                                    u"dentryscope.trace.txt"_s);
    const QCommandLineOption tracefs(u"tracefs"_s, u"Where tracefs is (mounted there if not)."_s,
                                     u"DIR"_s, u"/sys/kernel/tracing"_s);
    const QCommandLineOption magic(u"magic"_s, u"s_magic of the filesystem to trace."_s, u"HEX"_s,
                                   u"0x74726163"_s);
    const QCommandLineOption drop(u"drop-caches"_s,
                                  u"Once the probes are in, free the unused dentries and inodes "
                                  u"(echo 2 > /proc/sys/vm/drop_caches): COMMAND starts from a "
                                  u"cold dcache, as after a boot."_s);
    const QCommandLineOption dryRun(
        u"dry-run"_s, u"Print, as a sh script, what would be written to tracefs to install the "
                      u"probes and their filters; record nothing, change nothing."_s);
    parser.addOptions({output, tracefs, magic, drop, dryRun});
    parser.addPositionalArgument(u"-- COMMAND"_s, u"The command to run and trace."_s);

    if (const int code = checkParse(parser, parser.parse(own), own, program)) return code;
    if (parser.isSet(u"help"_s)) {
        writeStdout(parser.helpText()
                        .replace(u"Usage: "_s + parser.helpText().section(u' ', 1, 1),
                                 u"Usage: "_s + program)
                        .toUtf8());
        return 0;
    }
    if (parser.isSet(dryRun) &&
        (parser.isSet(output) || parser.isSet(drop) || !command.isEmpty())) {
        printError(program + u": --dry-run only prints the probes: it takes no -o, --drop-caches "
                             u"or COMMAND"_s);
        return ExitUsage;
    }
    if ((command.isEmpty() && !parser.isSet(dryRun)) || !parser.positionalArguments().isEmpty()) {
        printError(program + u": expected -- COMMAND [ARGS...] (see --help)"_s);
        return ExitUsage;
    }
    bool hexOk = false;
    parser.value(magic).toULongLong(&hexOk, 16);
    if (!hexOk) {
        printError(program + u": --magic needs a hex number, not '"_s + parser.value(magic) +
                   u"'"_s);
        return ExitUsage;
    }
    const std::string mag = parser.value(magic).toStdString();
    const std::string dir = parser.value(tracefs).toStdString();
    if (parser.isSet(dryRun)) {
        std::string text;
        for (const auto& [line, filter] : probeLines(mag)) {
            text += "echo '" + line + "' >> " + dir + "/dynamic_events\n";
            if (!filter.empty())
                text += "echo '" + filter + "' > " + dir + "/events/" + kGroup + "/" +
                        line.substr(kGroup.size() + 3, line.find(' ') - kGroup.size() - 3) +
                        "/filter\n";
        }
        for (const char* sc : probes::kSyscalls)
            for (const char* kind : {"sys_enter_", "sys_exit_"}) { // where this kernel has it
                const std::string en = dir + "/events/syscalls/" + kind + sc + "/enable";
                text += "if [ -e " + en + " ]; then echo 1 > " + en + "; fi\n";
            }
        return writeStdout(QByteArray::fromStdString(text)) ? 0 : ExitFailure;
    }
    Session s(dir);
    const auto missing = checkRequirements(s);
    if (!missing.empty()) {
        for (const std::string& m : missing)
            printError(program + u": "_s + QString::fromStdString(m));
        return ExitFailure;
    }
    struct sigaction sa {};
    sa.sa_handler = onSignal; // no SA_RESTART: waitpid returns on Ctrl-C
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    const auto interrupted = [&] {
        printError(program + u": interrupted before COMMAND started: nothing recorded"_s);
        return 128 + gSignal;
    };
    std::string err;
    for (const char* f : {"tracing_on", "set_event_pid", "options/event-fork"})
        s.save(f);
    // Tracing stays off until COMMAND's pid filter is in: nothing of record itself is traced.
    if (!writeCtl(dir + "/tracing_on", "0", err) || !install(s, mag, err)) {
        if (gSignal) return interrupted();
        printError(program + u": "_s + QString::fromStdString(err));
        return ExitFailure;
    }
    int go[2];
    if (pipe2(go, O_CLOEXEC) != 0) {
        printError(program + u": pipe: "_s + QString::fromLocal8Bit(std::strerror(errno)));
        return ExitFailure;
    }
    std::vector<std::string> argv;
    for (const QString& a : command)
        argv.push_back(a.toStdString());
    std::vector<char*> cargv;
    for (std::string& a : argv)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    const pid_t child = fork();
    if (child == 0) {
        char c = 0;
        close(go[1]);
        if (read(go[0], &c, 1) != 1) _exit(126); // the recorder gave up before tracing
        execvp(cargv[0], cargv.data());
        std::fprintf(stderr, "dentryscope-cli record: cannot run %s: %s\n", cargv[0],
                     std::strerror(errno));
        _exit(127);
    }
    close(go[0]);
    if (child < 0) {
        close(go[1]);
        printError(program + u": fork: "_s + QString::fromLocal8Bit(std::strerror(errno)));
        return ExitFailure;
    }
    gChild = child;
    // The pid filter, an empty buffer, optionally a cold dcache; then tracing on and COMMAND goes.
    const bool armed = writeCtl(dir + "/set_event_pid", std::to_string(child), err) &&
                       writeCtl(dir + "/options/event-fork", "1", err) &&
                       writeCtl(dir + "/trace", "", err) &&
                       (!parser.isSet(drop) || writeCtl("/proc/sys/vm/drop_caches", "2", err)) &&
                       writeCtl(dir + "/tracing_on", "1", err) && !gSignal;
    if (armed) (void)!write(go[1], "g", 1);
    close(go[1]); // without the byte the child exits 126
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    gChild = 0;
    std::string e2;
    writeCtl(dir + "/tracing_on", "0", e2);
    if (!armed) {
        if (gSignal) return interrupted();
        printError(program + u": "_s + QString::fromStdString(err));
        return ExitFailure;
    }
    const std::string trace = readText(dir + "/trace");
    s.restore();
    if (!writeFileOrFail(program, parser.value(output),
                         QByteArrayView(trace.data(), static_cast<qsizetype>(trace.size()))))
        return ExitFailure;
    if (const long long lost = lostEvents(trace); lost > 0)
        printError(program + u": warning: the ring buffer overflowed, "_s + QString::number(lost) +
                   u" events were lost: raise "_s + QString::fromStdString(dir) +
                   u"/buffer_size_kb and record again"_s);
    if (gSignal)
        printError(program + u": interrupted; the trace so far was written to "_s +
                   parser.value(output));
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        printError(program + u": note: the command exited with "_s +
                   QString::number(WEXITSTATUS(status)));
    else if (WIFSIGNALED(status) && !gSignal)
        printError(program + u": note: the command was killed by signal "_s +
                   QString::number(WTERMSIG(status)));
    return gSignal ? 128 + gSignal : 0;
}

} // namespace ds::app
