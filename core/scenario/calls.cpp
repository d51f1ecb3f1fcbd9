// SPDX-License-Identifier: GPL-2.0-or-later
// The calls of `task NAME: ...` lines: the call name and an optional fd binding, the argument
// signature of each syscall and the checks on every argument (fd names, open flags, counts,
// offsets, paths under /sys/kernel/tracing), the helpers' path operands, the optional
// "= result", and callKindFromName().
#include "scenario/calls.h"

#include "scenario/lexer.h"
#include "scenario/parser.h"

#include <algorithm>
#include <set>
#include <vector>

namespace ds::scenario {

namespace {

// ---- call names and binding ----

// "open, getdents64, ...": every name callKindFromName() knows.
const std::string& knownCallNames() {
    static const std::string names = [] {
        std::string s;
        for (CallKind k : kAllCallKinds) {
            if (!s.empty()) s += ", ";
            s += callName(k);
        }
        return s;
    }();
    return names;
}

// The start of a call: `open` or, when it binds an fd, `r0 = open`.
struct CallHead {
    std::string_view bind; // empty when nothing is bound
    std::string_view name;
    std::size_t nameAt = 0;
};

std::optional<CallHead> readCallHead(LineReader& in) {
    CallHead head;
    head.nameAt = in.pos();
    head.name = in.readIdentChars();
    if (head.name.empty()) {
        in.error(head.nameAt, "expected a call name, got " + in.describeAt(head.nameAt));
        return std::nullopt;
    }
    // "r0 = open(...)" binds; "dentry_state = nr_dentry=1" is a call with a result.
    const std::size_t afterName = in.pos();
    in.skipWs();
    if (in.peek() != '=' || callKindFromName(head.name)) {
        in.seek(afterName);
        return head;
    }
    head.bind = head.name;
    in.advance();
    in.skipWs();
    head.nameAt = in.pos();
    head.name = in.readIdentChars();
    if (head.name.empty()) {
        in.error(head.nameAt, "expected a call after '" + std::string(head.bind) + " =', got " +
                                  in.describeAt(head.nameAt));
        return std::nullopt;
    }
    return head;
}

// "ls -R" and "ls -l" are spelt as ls with an option, never as names of their own.
std::optional<CallKind> callKindOf(LineReader& in, const CallHead& head) {
    const auto kind = callKindFromName(head.name);
    if (!kind || *kind == CallKind::LsRecursive || *kind == CallKind::LsLong) {
        in.error(head.nameAt, "unknown call '" + std::string(head.name) +
                                  "' (expected one of: " + knownCallNames() + ")");
        return std::nullopt;
    }
    return kind;
}

bool bindFd(LineReader& in, Call& call, FdTable& fds, const CallHead& head, std::size_t startAt) {
    const std::string bind(head.bind);
    if (call.kind != CallKind::Open) {
        in.error(startAt, "only open() returns a file descriptor; '" + std::string(head.name) +
                              "' cannot be bound to '" + bind + "'");
        return false;
    }
    if (!isIdentifier(bind)) {
        in.error(startAt, "invalid fd name '" + bind + "' (expected a name like 'r0')");
        return false;
    }
    const auto it = fds.find(bind);
    if (it != fds.end() && it->second.open) {
        in.error(startAt, "fd '" + bind + "' is already open in task " + call.task +
                              " (bound at line " + std::to_string(it->second.boundLine) +
                              "); close it first");
        return false;
    }
    // Bound as soon as it is named, so an error later on this line does not cascade into
    // "unknown fd" errors on the following lines.
    fds[bind] = FdState{true, in.lineNo()};
    call.bind = bind;
    return true;
}

} // namespace

namespace {

// ---- the arguments of the syscalls ----

enum class Arg { Path, Name, Flags, Fd, Count, Offset, Whence };

// What a syscall takes, in order; the first `required` arguments must be given.
struct Signature {
    std::vector<Arg> args;
    std::size_t required;
    const char* usage;
};

std::optional<Signature> signatureOf(CallKind kind) {
    switch (kind) {
    case CallKind::Open:
        return Signature{{Arg::Path, Arg::Flags}, 1, "open(path[, flags])"};
    case CallKind::Getdents64:
        return Signature{{Arg::Fd, Arg::Count}, 2, "getdents64(fd, count)"};
    case CallKind::Read:
        return Signature{{Arg::Fd, Arg::Count}, 2, "read(fd, count)"};
    case CallKind::Lseek:
        return Signature{{Arg::Fd, Arg::Offset, Arg::Whence}, 2, "lseek(fd, offset[, SEEK_SET])"};
    case CallKind::Close:
        return Signature{{Arg::Fd}, 1, "close(fd)"};
    case CallKind::Stat:
        return Signature{{Arg::Path}, 1, "stat(path)"};
    case CallKind::Statx:
        return Signature{{Arg::Path}, 1, "statx(path)"};
    case CallKind::Lstat:
        return Signature{{Arg::Path}, 1, "lstat(path)"};
    case CallKind::Fstat:
        return Signature{{Arg::Fd}, 1, "fstat(fd)"};
    case CallKind::Fstatat:
        return Signature{{Arg::Fd, Arg::Name}, 2, "fstatat(fd, name)"};
    case CallKind::Ls:
    case CallKind::LsRecursive:
    case CallKind::LsLong:
    case CallKind::Remove:
    case CallKind::Add:
    case CallKind::DropCaches:
    case CallKind::DentryState:
        return std::nullopt; // not written with parentheses
    }
    return std::nullopt;
}

// Flags as written, up to the next ',' or ')'; each '|'-separated part a name (O_RDONLY) or a
// number.
bool parseOpenFlags(LineReader& in, Call& call) {
    const std::string_view s = in.statement();
    const std::size_t from = in.pos();
    std::size_t e = from;
    while (e < s.size() && s[e] != ',' && s[e] != ')')
        ++e;
    const std::string_view flags = trim(s.substr(from, e - from));
    std::size_t partAt = from;
    for (std::size_t k = from; k <= e; ++k) {
        if (k != e && s[k] != '|') continue;
        std::size_t b = partAt;
        while (b < k && isSpace(s[b]))
            ++b;
        const std::string_view part = trim(s.substr(partAt, k - partAt));
        const bool number =
            !part.empty() && std::all_of(part.begin(), part.end(), isIdentChar) && isDigit(part[0]);
        if (!isIdentifier(part) && !number) {
            in.error(b, "bad open flags '" + std::string(flags) +
                            "' (expected names like O_RDONLY|O_DIRECTORY)");
            return false;
        }
        partAt = k + 1;
    }
    call.flags = std::string(flags);
    in.seek(e);
    return true;
}

// An fd name bound earlier in this task; close() unbinds it.
bool parseFdArg(LineReader& in, Call& call, FdTable& fds) {
    const std::size_t at = in.pos();
    const std::string_view fd = in.readIdentChars();
    if (fd.empty() || isDigit(fd[0])) {
        in.error(at, "expected a file descriptor name like 'r0', got " + in.describeAt(at) +
                         (fd.empty() ? "" : " (bind open() results: 'r0 = open(...)')"));
        return false;
    }
    if (fds.find(fd) == fds.end()) {
        in.error(at, "unknown fd '" + std::string(fd) + "' in task " + call.task);
        return false;
    }
    call.fd = std::string(fd);
    if (call.kind == CallKind::Close) fds[call.fd].open = false;
    return true;
}

bool parseCount(LineReader& in, Call& call, const std::string& name) {
    const std::size_t at = in.pos();
    if (in.peek() == '-') {
        in.error(at, "negative size " + in.describeAt(at) + " for " + name +
                         " count (expected 0.." + std::to_string(kMaxGetdentsCount) + ")");
        return false;
    }
    const auto n = in.readNumber("count");
    if (!n) return false;
    if (*n > kMaxGetdentsCount) {
        in.error(at, name + " count too large: " + std::to_string(*n) + " (expected 0.." +
                         std::to_string(kMaxGetdentsCount) + ")");
        return false;
    }
    call.number = *n;
    return true;
}

bool parseOffset(LineReader& in, Call& call) {
    const bool negative = in.peek() == '-';
    if (negative) in.advance();
    const auto n = in.readNumber("offset");
    if (!n) return false;
    call.number = negative ? -*n : *n;
    return true;
}

bool parseWhence(LineReader& in) {
    const std::size_t at = in.pos();
    if (in.readIdentChars() != "SEEK_SET") {
        in.error(at, "only SEEK_SET is supported, got " + in.describeAt(at));
        return false;
    }
    return true;
}

bool parseArg(LineReader& in, Call& call, FdTable& fds, Arg arg, const std::string& name) {
    switch (arg) {
    case Arg::Path:
        return parseQuotedPath(in, call.path);
    case Arg::Name:
        return parseRelativeName(in, call.path);
    case Arg::Flags:
        return parseOpenFlags(in, call);
    case Arg::Fd:
        return parseFdArg(in, call, fds);
    case Arg::Count:
        return parseCount(in, call, name);
    case Arg::Offset:
        return parseOffset(in, call);
    case Arg::Whence:
        return parseWhence(in);
    }
    return false;
}

// The arguments after '(' up to and including ')', checked against the call's signature.
bool parseArgs(LineReader& in, Call& call, FdTable& fds) {
    const auto sig = signatureOf(call.kind);
    if (!sig) return false;
    const std::string name(callName(call.kind));

    std::size_t i = 0;
    bool afterComma = false;
    while (true) {
        in.skipWs();
        if (in.atEnd()) {
            in.error(in.pos(), afterComma ? "expected an argument after ','"
                                          : "expected ')' after the arguments of " + name);
            return false;
        }
        if (in.peek() == ')') {
            if (afterComma) {
                in.error(in.pos(), "expected an argument after ','");
                return false;
            }
            if (i < sig->required) {
                in.error(in.pos(),
                         "too few arguments to " + name + " (expected " + sig->usage + ")");
                return false;
            }
            in.advance();
            return true;
        }
        if (i >= sig->args.size()) {
            in.error(in.pos(), "too many arguments to " + name + " (expected " + sig->usage + ")");
            return false;
        }
        if (!parseArg(in, call, fds, sig->args[i], name)) return false;
        ++i;
        afterComma = false;
        in.skipWs();
        if (in.peek() == ',') {
            in.advance();
            afterComma = true;
            continue;
        }
        if (in.peek() == ')' || in.atEnd()) continue; // handled at the top of the loop
        in.error(in.pos(), "expected ',' or ')' after argument, got " + in.describeAt(in.pos()));
        return false;
    }
}

// ---- what follows the call name ----

bool parseParenthesised(LineReader& in, Call& call, FdTable& fds, std::string_view name) {
    in.skipWs();
    if (in.peek() != '(') {
        in.error(in.pos(),
                 "expected '(' after '" + std::string(name) + "', got " + in.describeAt(in.pos()));
        return false;
    }
    in.advance();
    return parseArgs(in, call, fds);
}

// ls [-R|-l] PATH, remove PATH, add PATH.
bool parseHelperPath(LineReader& in, Call& call, std::string_view name) {
    in.skipWs();
    if (call.kind == CallKind::Ls && in.peek() == '-') {
        const std::size_t optAt = in.pos();
        const std::string_view opt = in.readWord();
        if (opt != "-R" && opt != "-l") {
            in.error(optAt, "unknown option '" + std::string(opt) + "' for ls (expected -R or -l)");
            return false;
        }
        call.kind = opt == "-R" ? CallKind::LsRecursive : CallKind::LsLong;
        in.skipWs();
    }
    return parsePathToken(in, call.path, name);
}

// drop_caches and dentry_state take nothing; "drop_caches()" is tolerated.
bool parseNoArgs(LineReader& in, std::string_view name) {
    in.skipWs();
    if (in.peek() != '(') return true;
    in.advance();
    in.skipWs();
    if (in.peek() != ')') {
        in.error(in.pos(), "too many arguments to " + std::string(name) + " (it takes none)");
        return false;
    }
    in.advance();
    return true;
}

bool parseOperands(LineReader& in, Call& call, FdTable& fds, std::string_view name) {
    switch (call.kind) {
    case CallKind::Open:
    case CallKind::Getdents64:
    case CallKind::Read:
    case CallKind::Lseek:
    case CallKind::Close:
    case CallKind::Stat:
    case CallKind::Statx:
    case CallKind::Lstat:
    case CallKind::Fstat:
    case CallKind::Fstatat:
        return parseParenthesised(in, call, fds, name);
    case CallKind::Ls:
    case CallKind::Remove:
    case CallKind::Add:
        return parseHelperPath(in, call, name);
    case CallKind::DropCaches:
    case CallKind::DentryState:
        return parseNoArgs(in, name);
    case CallKind::LsRecursive:
    case CallKind::LsLong:
        return true;
    }
    return true;
}

// ---- "= result" ----

// dentry_state's result: `nr_dentry=3 nr_unused=1`, each counter at most once.
bool parseCounterResult(LineReader& in, ExpectedResult& r) {
    std::set<std::string, std::less<>> seen;
    while (!in.atEnd()) {
        const std::size_t keyAt = in.pos();
        const std::string_view key = in.readIdentChars();
        if (key.empty() || !isIdentifier(key)) {
            in.seek(keyAt);
            in.error(keyAt,
                     "expected counters like 'nr_dentry=3' after '=', got " + in.describeAt(keyAt));
            return false;
        }
        if (std::find(kCounterNames.begin(), kCounterNames.end(), key) == kCounterNames.end()) {
            in.error(keyAt, "unknown counter '" + std::string(key) +
                                "' (expected one of: nr_dentry, nr_unused, nr_inodes, "
                                "nr_free_inodes)");
            return false;
        }
        if (!seen.insert(std::string(key)).second) {
            in.error(keyAt, "duplicate counter '" + std::string(key) + "'");
            return false;
        }
        in.skipWs();
        if (in.peek() != '=') {
            in.error(in.pos(), "expected '=' after '" + std::string(key) + "', got " +
                                   in.describeAt(in.pos()));
            return false;
        }
        in.advance();
        in.skipWs();
        if (in.peek() == '-') {
            in.error(in.pos(), "counter values are non-negative, got " + in.describeAt(in.pos()));
            return false;
        }
        const auto n = in.readNumber(key);
        if (!n) return false;
        r.counters.emplace_back(std::string(key), *n);
        in.skipWs();
    }
    r.present = true;
    return true;
}

// A syscall's result: a number, or a negative number or errno name (-22, -EINVAL).
bool parseReturnValue(LineReader& in, ExpectedResult& r) {
    const std::size_t at = in.pos();
    if (in.peek() == '-') {
        in.advance();
        if (isAlpha(in.peek())) {
            const std::string_view name = in.readIdentChars();
            const auto e = errnoFromName(name);
            if (!e) {
                in.error(at + 1,
                         "unknown errno '" + std::string(name) + "' (expected e.g. -ENOENT)");
                return false;
            }
            r.value = -*e;
        } else {
            const auto n = in.readNumber("result");
            if (!n) return false;
            r.value = -*n;
        }
    } else if (isDigit(in.peek())) {
        const auto n = in.readNumber("result");
        if (!n) return false;
        r.value = *n;
    } else if (isAlpha(in.peek())) {
        const std::string_view name = in.readIdentChars();
        if (errnoFromName(name))
            in.error(at, "errno results are negative: write '-" + std::string(name) + "'");
        else
            in.error(at, "expected a result (a number or -ERRNO), got " + in.describeAt(at));
        return false;
    } else {
        in.error(at, "expected a result (a number or -ERRNO), got " + in.describeAt(at));
        return false;
    }
    r.present = true;
    return true;
}

// After '='.
bool parseResult(LineReader& in, Call& call) {
    in.skipWs();
    if (in.atEnd()) {
        in.error(in.pos(), "expected a result after '='");
        return false;
    }
    if (call.kind == CallKind::DentryState) return parseCounterResult(in, call.expect);
    return parseReturnValue(in, call.expect);
}

} // namespace

bool parseCall(LineReader& in, Call& call, FdTable& fds) {
    in.skipWs();
    if (in.atEnd()) {
        in.error(in.pos(), "expected a call after 'task " + call.task + ":'");
        return false;
    }
    const std::size_t startAt = in.pos();
    call.pos = in.posAt(startAt);
    const auto head = readCallHead(in);
    if (!head) return false;
    const auto kind = callKindOf(in, *head);
    if (!kind) return false;
    call.kind = *kind;
    if (!head->bind.empty() && !bindFd(in, call, fds, *head, startAt)) return false;
    if (!parseOperands(in, call, fds, head->name)) return false;

    in.skipWs();
    if (in.peek() == '=') {
        in.advance();
        if (!parseResult(in, call)) return false;
    }
    in.skipWs();
    if (!in.atEnd()) {
        in.error(in.pos(), "unexpected " + in.describeAt(in.pos()) + " after " +
                               std::string(head->name) + " (expected end of line or '= result')");
        return false;
    }
    return true;
}

std::optional<CallKind> callKindFromName(std::string_view name) {
    for (CallKind k : kAllCallKinds)
        if (callName(k) == name) return k;
    return std::nullopt;
}

} // namespace ds::scenario
