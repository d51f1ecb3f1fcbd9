#include "export/strace.h"

#include "export/common.h"
#include "trace/symbols.h"
#include "trace/uapi.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace ds::exporter {

namespace {

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\%o",
                              static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string modeText(uint32_t mode) {
    std::string type;
    switch (mode & S_IFMT_) {
    case S_IFDIR_:
        type = "S_IFDIR";
        break;
    case S_IFREG_:
        type = "S_IFREG";
        break;
    default: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%#o", mode & S_IFMT_);
        type = buf;
    }
    }
    char perm[16];
    std::snprintf(perm, sizeof perm, "%04o", mode & 07777);
    return type + "|" + perm;
}

std::string retText(int64_t ret) {
    if (ret < 0 && ret >= -4095) {
        const int err = static_cast<int>(-ret);
        return "-1 " + errnoLabel(err) + " (" + std::string(errnoDescription(err)) + ")";
    }
    return std::to_string(ret);
}

// "3, 4096" -> {"3", "4096"}
std::pair<std::string, std::string> splitFirstArg(const std::string& args) {
    const size_t comma = args.find(", ");
    if (comma == std::string::npos) return {args, ""};
    return {args.substr(0, comma), args.substr(comma + 2)};
}

std::string countersText(const DentryState& s) {
    return "{nr_dentry=" + std::to_string(s.nrDentry) +
           ", nr_unused=" + std::to_string(s.nrUnused) +
           ", nr_inodes=" + std::to_string(s.nrInodes) +
           ", nr_free_inodes=" + std::to_string(s.nrFreeInodes) + "}";
}

std::string statText(const StatResult& st) {
    return "{st_ino=" + std::to_string(st.ino) + ", st_mode=" + modeText(st.mode) +
           ", st_nlink=" + std::to_string(st.nlink) + "}";
}

} // namespace

std::string formatSyscall(const SyscallRecord& rec) {
    std::string call;
    std::string comment; // strace-style, after the result
    const std::string& n = rec.name;
    if (n == "getdents64") {
        auto [fd, count] = splitFirstArg(rec.args);
        std::string list = "[";
        for (size_t i = 0; i < rec.entries.size(); ++i) {
            const DirEntry& e = rec.entries[i];
            if (i) list += ", ";
            list += "{d_ino=" + std::to_string(e.ino) + ", d_off=" + std::to_string(e.off) +
                    ", d_reclen=" + std::to_string(e.reclen) + ", d_type=" + dtypeLabel(e.type) +
                    ", d_name=" + quote(e.name) + "}";
        }
        list += "]";
        call = "getdents64(" + fd + ", " + list + (count.empty() ? "" : ", " + count) + ")";
    } else if (n == "stat" || n == "statx" || n == "lstat") {
        call = n + "(" + rec.args + (rec.stat ? ", " + statText(*rec.stat) : "") + ")";
    } else if (n == "fstat") {
        call = "fstat(" + rec.args + (rec.stat ? ", " + statText(*rec.stat) : "") + ")";
    } else if (n == "dentry_state") {
        call = "dentry_state(" + (rec.counters ? countersText(*rec.counters) : rec.args) + ")";
        if (rec.counters) // the memory those objects cost
            comment =
                " /* " + std::to_string(rec.counters->bytes()) + " bytes in dentries and inodes */";
    } else if (n == "remove" || n == "add" || n == "ls" || n == "ls -R" || n == "ls -l") {
        call = n + " " + quote(rec.args);
    } else {
        call = n + "(" + rec.args + ")";
    }
    return call + " = " + retText(rec.ret) + comment;
}

std::string formatStrace(const Run& run) {
    std::string out;
    if (!run.error.empty()) out += "error: " + run.error + "\n";

    struct Line {
        uint32_t seq;
        int rank; // at equal seq: reports after the syscall that raised them
        size_t order;
        std::string text;
    };
    std::vector<Line> lines;
    auto prefix = [&](TaskId t) {
        const std::string name = taskName(run, t);
        return "[" + (name.empty() ? std::string("boot") : name) + "] ";
    };

    const std::vector<SyscallAt> calls = syscallsInOrder(run);
    for (size_t i = 0; i < calls.size(); ++i) {
        const SyscallAt& c = calls[i];
        std::string text;
        if (c.rec) {
            text = prefix(c.rec->task) + formatSyscall(*c.rec) + "\n";
            for (const std::string& l : c.rec->lines)
                text += prefix(c.rec->task) + "    " + l + "\n";
        } else {
            const Event& e = *c.enter;
            text = prefix(e.task) + std::string(symbol(e.sym)) + "(" +
                   (e.a >= 0 ? std::to_string(e.a) + ", " : "") + "<unfinished ...>\n";
        }
        lines.push_back({c.seq, 0, i, std::move(text)});
    }
    for (size_t i = 0; i < run.reports.size(); ++i) {
        const Report& r = run.reports[i];
        std::string text;
        std::istringstream in(r.text);
        for (std::string l; std::getline(in, l);)
            text += "[  sim] " + l + "\n";
        lines.push_back({r.seq, 1, i, std::move(text)});
    }
    for (const Event& e : run.events) {
        if (e.kind == EventKind::TaskExit && e.a == 1 && e.obj < run.taskNames.size())
            lines.push_back({e.seq, 2, e.seq,
                             prefix(static_cast<TaskId>(e.obj)) + "+++ killed by SIGSEGV +++\n"});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        if (a.seq != b.seq) return a.seq < b.seq;
        if (a.rank != b.rank) return a.rank < b.rank;
        return a.order < b.order;
    });
    for (const Line& l : lines)
        out += l.text;

    if (run.impossibleSwitches > 0)
        out +=
            "# " + std::to_string(run.impossibleSwitches) +
            " switch(es) of the schedule could not be taken (task not runnable, or a boot event)\n";
    for (const ExpectationResult& x : run.expectations)
        out += x.text + ": " + (x.ok ? std::string("ok") : "FAILED: " + x.detail) + "\n";
    return out;
}

} // namespace ds::exporter
