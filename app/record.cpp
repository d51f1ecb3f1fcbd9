// SPDX-License-Identifier: GPL-2.0-or-later
// dentryscope-cli record [-o FILE] [--tracefs DIR] [--magic HEX] -- COMMAND [ARGS...]
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

// The probe set (fprobe events with BTF-typed arguments); `mag` is the dentry's s_magic.
const char* const kProbes[] = {
    "d_alloc __d_alloc%return d=$retval:x64 n=$retval->d_name.name:string "
    "cnt=$retval->d_lockref.count fl=$retval->d_flags:x32 mag=$retval->d_sb->s_magic:x32",
    "d_alloc_parallel d_alloc_parallel%return d=$retval:x64 n=$retval->d_name.name:string "
    "par=$retval->d_parent->d_name.name:string cnt=$retval->d_lockref.count "
    "fl=$retval->d_flags:x32 mag=$retval->d_sb->s_magic:x32",
    "d_add d_add d=entry:x64 n=entry->d_name.name:string par=entry->d_parent->d_name.name:string "
    "cnt=entry->d_lockref.count fl=entry->d_flags:x32 fs=entry->d_fsdata:x64 inode=inode:x64 "
    "ino_nr=inode->i_ino mode=inode->i_mode:x16 icnt=inode->i_count.counter "
    "mag=entry->d_sb->s_magic:x32",
#define DS_DENTRY_ARGS                                                                             \
    " d=dentry:x64 n=dentry->d_name.name:string par=dentry->d_parent->d_name.name:string "         \
    "cnt=dentry->d_lockref.count fl=dentry->d_flags:x32 fs=dentry->d_fsdata:x64 "                  \
    "ino=dentry->d_inode:x64 mag=dentry->d_sb->s_magic:x32"
    "revalidate tracefs_d_revalidate" DS_DENTRY_ARGS,
    "dput dput" DS_DENTRY_ARGS,
    "d_delete tracefs_d_delete" DS_DENTRY_ARGS,
    "d_delete_ret tracefs_d_delete%return ret=$retval",
    "d_lru_add d_lru_add" DS_DENTRY_ARGS,
    "d_lru_del d_lru_del" DS_DENTRY_ARGS,
    "dentry_kill __dentry_kill" DS_DENTRY_ARGS,
    "ev_lookup eventfs_root_lookup" DS_DENTRY_ARGS,
    "ev_lookup_ret eventfs_root_lookup%return ret=$retval:x64",
#undef DS_DENTRY_ARGS
    "dentry_free dentry_free d=dentry:x64 n=dentry->d_name.name:string "
    "cnt=dentry->d_lockref.count fl=dentry->d_flags:x32 mag=dentry->d_sb->s_magic:x32",
    "tr_alloc_inode_ret tracefs_alloc_inode%return inode=$retval:x64",
    "iput iput inode=inode:x64 ino_nr=inode->i_ino icnt=inode->i_count.counter "
    "mag=inode->i_sb->s_magic:x32",
    "free_inode tracefs_free_inode inode=inode:x64 ino_nr=inode->i_ino",
    "ev_iterate eventfs_iterate d=file->f_path.dentry:x64 "
    "n=file->f_path.dentry->d_name.name:string cnt=file->f_path.dentry->d_lockref.count "
    "pos=ctx->pos",
    "ev_iterate_ret eventfs_iterate%return ret=$retval",
    "getname getname_flags%return path=$retval->name:string",
    "getname2 getname%return path=$retval->name:string",
};
const char* const kSyscalls[] = {"openat", "getdents64", "close", "newfstatat", "statx", "fstat"};

std::atomic<pid_t> gChild{0};
std::atomic<bool> gInterrupted{false};

extern "C" void onSignal(int sig) {
    gInterrupted = true;
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

bool install(Session& s, const std::string& magic, std::string& err) {
    const std::string& dir = s.dir_;
    for (const char* p : kProbes) {
        const std::string def = p;
        const std::string name = def.substr(0, def.find(' '));
        if (!writeCtl(dir + "/dynamic_events", "f:" + kGroup + "/" + def + "\n", err, true)) {
            err = "cannot install probe " + name + " (" + err + "); see " + dir + "/error_log";
            return false;
        }
        s.probes.push_back(name);
        const std::string ev = dir + "/events/" + kGroup + "/" + name;
        if (def.find(" mag=") != std::string::npos &&
            !writeCtl(ev + "/filter", "mag == " + magic, err))
            return false;
        if (!writeCtl(ev + "/enable", "1", err)) return false;
        s.enabled.push_back(ev + "/enable");
    }
    for (const char* sc : kSyscalls) {
        for (const char* kind : {"sys_enter_", "sys_exit_"}) {
            const std::string en = dir + "/events/syscalls/" + kind + sc + "/enable";
            if (!exists(en)) continue; // not every architecture has every call
            if (!writeCtl(en, "1", err)) return false;
            s.enabled.push_back(en);
        }
    }
    if (!exists(dir + "/events/syscalls"))
        printError(kRec + u": warning: no syscall events (CONFIG_FTRACE_SYSCALLS): the trace "
                          u"will have no syscalls for conform to replay"_s);
    return writeCtl(dir + "/trace", "", err); // start from an empty buffer
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
    parser.addOptions({output, tracefs, magic});
    parser.addPositionalArgument(u"-- COMMAND"_s, u"The command to run and trace."_s);

    if (const int code = checkParse(parser, parser.parse(own), own, program)) return code;
    if (parser.isSet(u"help"_s)) {
        writeStdout(parser.helpText()
                        .replace(u"Usage: "_s + parser.helpText().section(u' ', 1, 1),
                                 u"Usage: "_s + program)
                        .toUtf8());
        return 0;
    }
    if (command.isEmpty() || !parser.positionalArguments().isEmpty()) {
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
    Session s(parser.value(tracefs).toStdString());
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
    std::string err;
    for (const char* f : {"tracing_on", "set_event_pid", "options/event-fork"})
        s.save(f);
    if (!install(s, parser.value(magic).toStdString(), err)) {
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
    const bool armed = writeCtl(s.dir_ + "/set_event_pid", std::to_string(child), err) &&
                       writeCtl(s.dir_ + "/options/event-fork", "1", err) &&
                       writeCtl(s.dir_ + "/tracing_on", "1", err) && !gInterrupted;
    if (armed) (void)!write(go[1], "g", 1);
    close(go[1]); // without the byte the child exits 126
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    gChild = 0;
    std::string e2;
    writeCtl(s.dir_ + "/tracing_on", "0", e2);
    if (!armed) {
        printError(program + u": "_s +
                   (gInterrupted ? u"interrupted"_s : QString::fromStdString(err)));
        return ExitFailure;
    }
    const std::string trace = readText(s.dir_ + "/trace");
    s.restore();
    if (!writeFileOrFail(program, parser.value(output),
                         QByteArrayView(trace.data(), static_cast<qsizetype>(trace.size()))))
        return ExitFailure;
    if (gInterrupted) printError(program + u": interrupted; the trace so far was written"_s);
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        printError(program + u": note: the command exited with "_s +
                   QString::number(WEXITSTATUS(status)));
    return gInterrupted ? 128 + SIGINT : 0;
}

} // namespace ds::app
