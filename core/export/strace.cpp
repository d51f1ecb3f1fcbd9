// SPDX-License-Identifier: GPL-2.0-or-later
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
    } else if (n == "stat" || n == "statx" || n == "lstat" || n == "fstatat") {
        call = n + "(" + rec.args + (rec.stat ? ", " + statText(*rec.stat) : "") + ")";
    } else if (n == "read") {
        // strace shows the bytes read; where the contents are not simulated, it says so
        auto [fd, count] = splitFirstArg(rec.args);
        call = "read(" + fd + ", " +
               (rec.data ? quote(*rec.data)
                         : std::string(rec.ret > 0 ? "/* contents not simulated */" : "\"\"")) +
               (count.empty() ? "" : ", " + count) + ")";
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

bool writeStrace(const Run& run, Sink& out) {
    if (!run.error.empty()) {
        out.put("error: ");
        out.put(run.error);
        out.put('\n');
    }
    auto prefix = [&](TaskId t) {
        const std::string name = taskName(run, t);
        out.put('[');
        out.put(name.empty() ? std::string_view("boot") : std::string_view(name));
        out.put("] ");
    };

    // Three streams in seq order, merged as they are written: the syscalls, the reports (after
    // the syscall that raised them at the same seq) and the kills (after both).
    const std::vector<SyscallAt> calls = syscallsInOrder(run);
    std::vector<size_t> reports(run.reports.size());
    for (size_t i = 0; i < reports.size(); ++i)
        reports[i] = i;
    std::stable_sort(reports.begin(), reports.end(),
                     [&](size_t a, size_t b) { return run.reports[a].seq < run.reports[b].seq; });
    std::vector<const Event*> kills;
    for (const Event& e : run.events)
        if (e.kind == EventKind::TaskExit && e.a == 1 && e.obj < run.taskNames.size())
            kills.push_back(&e);

    size_t c = 0, r = 0, k = 0;
    while (c < calls.size() || r < reports.size() || k < kills.size()) {
        const uint64_t cs = c < calls.size() ? calls[c].seq : UINT64_MAX;
        const uint64_t rs = r < reports.size() ? run.reports[reports[r]].seq : UINT64_MAX;
        const uint64_t ks = k < kills.size() ? kills[k]->seq : UINT64_MAX;
        if (cs <= rs && cs <= ks) {
            const SyscallAt& at = calls[c++];
            if (at.rec) {
                prefix(at.rec->task);
                out.put(formatSyscall(*at.rec));
                out.put('\n');
                for (const std::string& l : at.rec->lines) {
                    prefix(at.rec->task);
                    out.put("    ");
                    out.put(l);
                    out.put('\n');
                }
            } else {
                const Event& e = *at.enter;
                prefix(e.task);
                out.put(symbol(e.sym));
                out.put('(');
                if (e.a >= 0) {
                    out.number(e.a);
                    out.put(", ");
                }
                out.put("<unfinished ...>\n");
            }
        } else if (rs <= ks) {
            std::istringstream in(run.reports[reports[r++]].text);
            for (std::string l; std::getline(in, l);) {
                out.put("[  sim] ");
                out.put(l);
                out.put('\n');
            }
        } else {
            prefix(static_cast<TaskId>(kills[k++]->obj));
            out.put("+++ killed by SIGSEGV +++\n");
        }
        if (!out.ok()) return false; // the output is gone: stop formatting
    }

    if (run.impossibleSwitches > 0) {
        out.put("# ");
        out.number(run.impossibleSwitches);
        out.put(" switch(es) of the schedule could not be taken (task not runnable, or a boot "
                "event)\n");
    }
    for (const ExpectationResult& x : run.expectations) {
        out.put(x.text);
        out.put(": ");
        out.put(x.ok ? std::string("ok") : "FAILED: " + x.detail);
        out.put('\n');
    }
    return out.flush();
}

std::string formatStrace(const Run& run) {
    std::string text;
    {
        Sink sink(toString(text));
        writeStrace(run, sink);
    }
    return text;
}

} // namespace ds::exporter
