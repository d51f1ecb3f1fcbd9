// Scenario parser: a hand-written, line-oriented recursive-descent parser. See parser.h for the
// language. Each line is checked for length and encoding first, then its comment is cut off and
// the statement parsed with a byte cursor; the first error on a line ends that line (so one typo
// does not produce a cascade), and the checks that need the whole file (schedule tokens, switch
// targets, "at least one call") run at the end.
#include "scenario/parser.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <set>

namespace ds::scenario {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isIdentChar(char c) {
    return isAlpha(c) || isDigit(c) || c == '_';
}

bool isIdentifier(std::string_view s) {
    if (s.empty() || !(isAlpha(s[0]) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), isIdentChar);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when it is invalid (truncated,
// overlong, surrogate, beyond U+10FFFF, stray continuation byte).
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0; // overlong
        if (b0 == 0xED) hi = 0x9F; // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90; // overlong
        if (b0 == 0xF4) hi = 0x8F; // > U+10FFFF
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < 0x80 || b > 0xBF) return 0;
    }
    return len;
}

// Index of the first byte that makes the line not text (NUL, other control characters except
// whitespace, invalid UTF-8), or npos.
std::size_t findBinary(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c < 0x20 && !isSpace(static_cast<char>(c))) return i;
            ++i;
            continue;
        }
        const std::size_t len = utf8SequenceLength(s, i);
        if (len == 0) return i;
        i += len;
    }
    return std::string_view::npos;
}

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
std::string_view truncateUtf8(std::string_view s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return s.substr(0, n);
}

// Per-task bookkeeping of fd names.
struct FdState {
    bool open = false;
    int boundLine = 0;
};

struct DeferredTask {
    std::string name;
    SourcePos pos;
    std::string lineText;
};

class Parser {
public:
    Parser(std::string_view text, const std::string& fileName, const ParserContext& ctx)
        : text_(text), fileName_(fileName), ctx_(ctx) {}

    ParseResult run();

private:
    // ---- per-line cursor ----
    std::string_view raw_; // the whole line (without '\n' / trailing '\r')
    std::string_view s_;   // the statement part: comment cut off, trailing space trimmed
    std::size_t p_ = 0;    // cursor into s_ (== byte offset into raw_)
    int lineNo_ = 0;

    bool atEnd() const { return p_ >= s_.size(); }
    char peek() const { return atEnd() ? '\0' : s_[p_]; }
    void skipWs() {
        while (!atEnd() && isSpace(s_[p_]))
            ++p_;
    }
    // A run of non-space characters starting at p_ (does not move).
    std::string_view wordAt(std::size_t at) const {
        std::size_t e = at;
        while (e < s_.size() && !isSpace(s_[e]))
            ++e;
        return s_.substr(at, e - at);
    }
    std::string_view readWord() {
        auto w = wordAt(p_);
        p_ += w.size();
        return w;
    }
    std::string_view readIdentChars() {
        std::size_t b = p_;
        while (!atEnd() && isIdentChar(s_[p_]))
            ++p_;
        return s_.substr(b, p_ - b);
    }
    // "'tok'" or "end of line", for "got ..." in messages.
    std::string describeAt(std::size_t at) const {
        if (at >= s_.size()) return "end of line";
        // A name or number (optionally negative), a whole string, or else one character.
        std::size_t e = at;
        if (s_[e] == '-' && e + 1 < s_.size() && isIdentChar(s_[e + 1])) ++e;
        if (e < s_.size() && isIdentChar(s_[e]))
            while (e < s_.size() && (isIdentChar(s_[e]) || s_[e] == '.' || s_[e] == '-'))
                ++e;
        if (e == at && s_[at] == '"') {
            const std::size_t close = s_.find('"', at + 1);
            e = close == std::string_view::npos ? s_.size() : close + 1;
        }
        if (e == at) e = at + std::max<std::size_t>(1, utf8SequenceLength(s_, at));
        const std::string_view w = s_.substr(at, e - at);
        std::string shown(truncateUtf8(w, 32));
        if (shown.size() < w.size()) shown += "...";
        return "'" + shown + "'";
    }

    // ---- errors ----
    void errorAt(int line, int column, std::string message, std::string_view lineText) {
        if (errors_.size() >= kMaxErrors) return;
        ParseError e;
        e.file = fileName_;
        e.line = line;
        e.column = column;
        e.message = std::move(message);
        e.lineText = std::string(truncateUtf8(lineText, kMaxLineBytes));
        errors_.push_back(std::move(e));
    }
    // at: 0-based byte offset in the current line.
    void error(std::size_t at, std::string message) {
        errorAt(lineNo_, static_cast<int>(at) + 1, std::move(message), raw_);
    }
    SourcePos posAt(std::size_t at) const { return {lineNo_, static_cast<int>(at) + 1}; }

    // Reports trailing junk; true when the line is over.
    bool expectEnd(std::string_view after) {
        skipWs();
        if (atEnd()) return true;
        error(p_, "unexpected " + describeAt(p_) + " after " + std::string(after) +
                      " (expected end of line)");
        return false;
    }

    // ---- lines and statements ----
    void processLine(std::string_view raw);
    void parseStatement();
    void parseDesignOrTree(bool design, std::size_t kwAt);
    void parseTasks(std::size_t kwAt);
    void parseTaskCall();
    bool parseCall(Call& call);
    bool parseArgs(Call& call, int task);
    bool parsePathToken(std::string& out, std::string_view callName);
    bool parseQuotedPath(std::string& out);
    bool parseFdArg(Call& call, int task);
    bool parseResult(Call& call);
    void parseSchedule(std::size_t kwAt);
    void parseSwitch();
    void parseExpect(std::size_t kwAt);
    void finish();

    std::optional<std::int64_t> parseNumber(std::string_view what);
    bool checkTaskName(std::string_view name, std::size_t at);
    std::optional<std::string> normalisePath(std::string_view path, std::size_t tokenAt,
                                             std::size_t contentAt);
    int findTask(std::string_view name) const {
        for (std::size_t i = 0; i < sc_.tasks.size(); ++i)
            if (sc_.tasks[i] == name) return static_cast<int>(i);
        return -1;
    }

    std::string_view text_;
    const std::string& fileName_;
    const ParserContext& ctx_;

    Scenario sc_;
    std::vector<ParseError> errors_;

    bool sawStatement_ = false;
    bool sawCallLine_ = false;
    bool sawTooMany_ = false;
    int lastStatementLine_ = 0;
    std::string lastStatementText_;
    std::size_t lastStatementEnd_ = 0;
    int leadingState_ = 0; // 0: nothing yet, 1: in the leading comment block, 2: block over
    int designLine_ = 0, treeLine_ = 0, tasksLine_ = 0, scheduleLine_ = 0;
    int firstCallLine_ = 0;
    bool tasksDeclared_ = false;
    std::vector<std::map<std::string, FdState, std::less<>>> fds_; // per task
    std::vector<int> callLines_;                                   // per task: call lines seen
    std::vector<DeferredTask> fixedTokens_;
    std::vector<DeferredTask> switchTargets_;
    std::map<Expectation::Kind, int> firstExpect_; // kind -> line
};

// ------------------------------------------------------------------------------------------

ParseResult Parser::run() {
    sc_.fileName = fileName_;
    sc_.design = ctx_.defaultDesign;
    sc_.tree = ctx_.defaultTree;

    if (text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0)
        text_.remove_prefix(3); // a UTF-8 byte order mark is not part of line 1
    const std::string_view text = text_;

    std::size_t start = 0;
    while (true) {
        const void* nlp = std::memchr(text.data() + start, '\n', text.size() - start);
        const std::size_t end =
            nlp ? static_cast<std::size_t>(static_cast<const char*>(nlp) - text.data())
                : text.size();
        ++lineNo_;
        std::string_view raw = text.substr(start, end - start);
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        processLine(raw);
        if (errors_.size() >= kMaxErrors) {
            sawTooMany_ = true;
            break;
        }
        if (!nlp) break;
        start = end + 1;
    }

    if (!sawTooMany_) finish();

    std::stable_sort(errors_.begin(), errors_.end(), [](const ParseError& a, const ParseError& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    if (sawTooMany_) {
        ParseError e = errors_.back();
        e.message = "too many errors (stopped after " + std::to_string(kMaxErrors) + ")";
        errors_.push_back(std::move(e));
    }

    ParseResult result;
    result.errors = std::move(errors_);
    if (result.errors.empty()) result.scenario = std::move(sc_);
    return result;
}

void Parser::processLine(std::string_view raw) {
    raw_ = raw;
    s_ = {};
    p_ = 0;

    if (raw.size() > kMaxLineBytes) {
        error(kMaxLineBytes, "line too long (limit " + std::to_string(kMaxLineBytes) + " bytes)");
        leadingState_ = 2;
        sawStatement_ = true; // not an empty file, just a broken one
        return;
    }
    if (const std::size_t bad = findBinary(raw); bad != std::string_view::npos) {
        error(bad, "binary data: expected text");
        leadingState_ = 2;
        sawStatement_ = true;
        return;
    }

    // Cut the comment: the first '#' outside a string.
    std::size_t hash = std::string_view::npos;
    bool inString = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '"')
            inString = !inString;
        else if (raw[i] == '#' && !inString) {
            hash = i;
            break;
        }
    }
    std::string_view stmt = raw.substr(0, hash == std::string_view::npos ? raw.size() : hash);
    while (!stmt.empty() && isSpace(stmt.back()))
        stmt.remove_suffix(1);
    const bool blank = trim(stmt).empty();

    if (blank) {
        if (hash != std::string_view::npos) {
            if (leadingState_ <= 1) {
                leadingState_ = 1;
                std::string_view c = raw.substr(hash + 1);
                if (!c.empty() && c.front() == ' ') c.remove_prefix(1);
                while (!c.empty() && isSpace(c.back()))
                    c.remove_suffix(1);
                sc_.leadingComments.emplace_back(c);
            }
        } else if (leadingState_ == 1) {
            leadingState_ = 2;
        }
        return;
    }

    leadingState_ = 2;
    sawStatement_ = true;
    lastStatementLine_ = lineNo_;
    lastStatementText_ = std::string(raw);
    lastStatementEnd_ = stmt.size();
    s_ = stmt;
    parseStatement();
}

void Parser::parseStatement() {
    skipWs();
    const std::size_t kwAt = p_;
    std::size_t e = p_;
    while (e < s_.size() && (isIdentChar(s_[e]) || s_[e] == '-'))
        ++e;
    const std::string_view kw = s_.substr(p_, e - p_);
    static constexpr std::string_view kStatements =
        "design, tree, tasks, task, schedule, switch, expect";
    if (kw.empty()) {
        error(kwAt,
              "expected a statement (" + std::string(kStatements) + "), got " + describeAt(kwAt));
        return;
    }
    p_ = e;
    if (kw == "design" || kw == "tree") {
        parseDesignOrTree(kw == "design", kwAt);
    } else if (kw == "tasks") {
        parseTasks(kwAt);
    } else if (kw == "task") {
        sawCallLine_ = true; // even a broken one: no "expected at least one call" on top
        parseTaskCall();
    } else if (kw == "schedule") {
        parseSchedule(kwAt);
    } else if (kw == "switch") {
        parseSwitch();
    } else if (kw == "expect") {
        parseExpect(kwAt);
    } else if (callKindFromName(kw)) {
        sawCallLine_ = true;
        error(kwAt, "unknown statement '" + std::string(kw) +
                        "' (calls are written 'task NAME: " + std::string(kw) + "...')");
    } else {
        error(kwAt, "unknown statement '" + std::string(kw) +
                        "' (expected one of: " + std::string(kStatements) + ")");
    }
}

void Parser::parseDesignOrTree(bool design, std::size_t kwAt) {
    const std::string kw = design ? "design" : "tree";
    int& seenLine = design ? designLine_ : treeLine_;
    if (seenLine) {
        error(kwAt, "duplicate '" + kw + "' line (first at line " + std::to_string(seenLine) + ")");
        return;
    }
    skipWs();
    if (atEnd()) {
        error(p_, "expected a " + kw + " name after '" + kw + "'");
        return;
    }
    const std::size_t nameAt = p_;
    const std::string name(readWord());
    const auto& known = design ? ctx_.designs : ctx_.trees;
    if (!known.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
        error(nameAt, "unknown " + kw + " '" + name + "' (known: " + joinNames(known) + ")");
        return;
    }
    if (!expectEnd(kw + " name")) return;
    seenLine = lineNo_;
    (design ? sc_.design : sc_.tree) = name;
    (design ? sc_.designPos : sc_.treePos) = posAt(nameAt);
}

bool Parser::checkTaskName(std::string_view name, std::size_t at) {
    const bool charsOk =
        !name.empty() && isAlpha(name[0]) && std::all_of(name.begin(), name.end(), isIdentChar);
    if (!charsOk) {
        error(at, "invalid task name '" + std::string(truncateUtf8(name, 32)) +
                      "' (expected a letter followed by letters, digits or '_')");
        return false;
    }
    if (name.size() > kMaxTaskNameLength) {
        error(at, "task name too long: '" + std::string(name) + "' (limit " +
                      std::to_string(kMaxTaskNameLength) + " characters)");
        return false;
    }
    return true;
}

void Parser::parseTasks(std::size_t kwAt) {
    if (tasksLine_) {
        error(kwAt, "duplicate 'tasks' line (first at line " + std::to_string(tasksLine_) + ")");
        return;
    }
    if (firstCallLine_) {
        error(kwAt, "'tasks' must come before the first task call (line " +
                        std::to_string(firstCallLine_) + ")");
        return;
    }
    tasksLine_ = lineNo_;
    tasksDeclared_ = true;
    skipWs();
    if (atEnd()) {
        error(p_, "expected task names after 'tasks'");
        return;
    }
    while (!atEnd()) {
        const std::size_t at = p_;
        const std::string_view name = readWord();
        if (!checkTaskName(name, at)) return;
        if (findTask(name) >= 0) {
            error(at, "duplicate task '" + std::string(name) + "'");
            return;
        }
        if (sc_.tasks.size() >= kMaxTasks) {
            error(at, "too many tasks (limit " + std::to_string(kMaxTasks) + ")");
            return;
        }
        sc_.tasks.emplace_back(name);
        fds_.emplace_back();
        callLines_.push_back(0);
        skipWs();
    }
}

void Parser::parseTaskCall() {
    skipWs();
    const std::size_t nameAt = p_;
    std::size_t e = p_;
    while (e < s_.size() && !isSpace(s_[e]) && s_[e] != ':')
        ++e;
    const std::string_view name = s_.substr(p_, e - p_);
    if (name.empty()) {
        error(p_, "expected a task name after 'task', got " + describeAt(p_));
        return;
    }
    p_ = e;
    if (!checkTaskName(name, nameAt)) return;
    skipWs();
    if (peek() != ':') {
        error(p_,
              "expected ':' after task name '" + std::string(name) + "', got " + describeAt(p_));
        return;
    }
    ++p_;
    if (!firstCallLine_) firstCallLine_ = lineNo_;

    int task = findTask(name);
    if (task < 0) {
        if (tasksDeclared_) {
            error(nameAt, "undeclared task '" + std::string(name) +
                              "' (declared: " + joinNames(sc_.tasks) + ")");
            return;
        }
        if (sc_.tasks.size() >= kMaxTasks) {
            error(nameAt, "too many tasks (limit " + std::to_string(kMaxTasks) + ")");
            return;
        }
        task = static_cast<int>(sc_.tasks.size());
        sc_.tasks.emplace_back(name);
        fds_.emplace_back();
        callLines_.push_back(0);
    }
    ++callLines_[static_cast<std::size_t>(task)];

    Call call;
    call.task = std::string(name);
    call.taskIndex = task;
    call.text = std::string(trim(s_));
    if (parseCall(call)) sc_.calls.push_back(std::move(call));
}

bool Parser::parseCall(Call& call) {
    const int task = call.taskIndex;
    const auto taskIdx = static_cast<std::size_t>(task);
    skipWs();
    if (atEnd()) {
        error(p_, "expected a call after 'task " + call.task + ":'");
        return false;
    }
    const std::size_t startAt = p_;
    call.pos = posAt(startAt);
    std::string_view name = readIdentChars();
    if (name.empty()) {
        error(startAt, "expected a call name, got " + describeAt(startAt));
        return false;
    }
    std::size_t nameAt = startAt;
    std::string_view bind;
    {
        const std::size_t save = p_;
        skipWs();
        // "r0 = open(...)" binds; "dentry_state = nr_dentry=1" is a call with a result.
        if (peek() == '=' && !callKindFromName(name)) {
            bind = name;
            ++p_;
            skipWs();
            nameAt = p_;
            name = readIdentChars();
            if (name.empty()) {
                error(nameAt, "expected a call after '" + std::string(bind) + " =', got " +
                                  describeAt(nameAt));
                return false;
            }
        } else {
            p_ = save;
        }
    }

    static const std::string kKnownCalls = [] {
        std::string s;
        for (CallKind k : kAllCallKinds) {
            if (!s.empty()) s += ", ";
            s += callName(k);
        }
        return s;
    }();
    auto kind = callKindFromName(name);
    if (!kind || *kind == CallKind::LsRecursive) {
        error(nameAt,
              "unknown call '" + std::string(name) + "' (expected one of: " + kKnownCalls + ")");
        return false;
    }
    call.kind = *kind;

    if (!bind.empty()) {
        if (call.kind != CallKind::Open) {
            error(startAt, "only open() returns a file descriptor; '" + std::string(name) +
                               "' cannot be bound to '" + std::string(bind) + "'");
            return false;
        }
        if (!isIdentifier(bind)) {
            error(startAt,
                  "invalid fd name '" + std::string(bind) + "' (expected a name like 'r0')");
            return false;
        }
        auto& fds = fds_[taskIdx];
        auto it = fds.find(bind);
        if (it != fds.end() && it->second.open) {
            error(startAt, "fd '" + std::string(bind) + "' is already open in task " + call.task +
                               " (bound at line " + std::to_string(it->second.boundLine) +
                               "); close it first");
            return false;
        }
        // Bound as soon as it is named, so an error later on this line does not cascade into
        // "unknown fd" errors on the following lines.
        fds[std::string(bind)] = FdState{true, lineNo_};
        call.bind = std::string(bind);
    }

    switch (call.kind) {
    case CallKind::Open:
    case CallKind::Getdents64:
    case CallKind::Lseek:
    case CallKind::Close:
    case CallKind::Stat:
    case CallKind::Fstat:
        skipWs();
        if (peek() != '(') {
            error(p_, "expected '(' after '" + std::string(name) + "', got " + describeAt(p_));
            return false;
        }
        ++p_;
        if (!parseArgs(call, task)) return false;
        break;
    case CallKind::Ls:
    case CallKind::Remove:
    case CallKind::Add: {
        skipWs();
        if (call.kind == CallKind::Ls && peek() == '-') {
            const std::size_t optAt = p_;
            const std::string_view opt = readWord();
            if (opt != "-R") {
                error(optAt, "unknown option '" + std::string(opt) + "' for ls (expected -R)");
                return false;
            }
            call.kind = CallKind::LsRecursive;
            skipWs();
        }
        if (!parsePathToken(call.path, name)) return false;
        break;
    }
    case CallKind::DropCaches:
    case CallKind::DentryState:
        skipWs();
        if (peek() == '(') { // tolerate "drop_caches()"
            ++p_;
            skipWs();
            if (peek() != ')') {
                error(p_, "too many arguments to " + std::string(name) + " (it takes none)");
                return false;
            }
            ++p_;
        }
        break;
    case CallKind::LsRecursive:
        break;
    }

    skipWs();
    if (peek() == '=') {
        ++p_;
        if (!parseResult(call)) return false;
    }
    skipWs();
    if (!atEnd()) {
        error(p_, "unexpected " + describeAt(p_) + " after " + std::string(name) +
                      " (expected end of line or '= result')");
        return false;
    }
    return true;
}

bool Parser::parseArgs(Call& call, int task) {
    enum class Arg { Path, Flags, Fd, Count, Offset, Whence };
    struct Sig {
        std::vector<Arg> args;
        std::size_t required;
        const char* usage;
    };
    Sig sig;
    switch (call.kind) {
    case CallKind::Open:
        sig = {{Arg::Path, Arg::Flags}, 1, "open(path[, flags])"};
        break;
    case CallKind::Getdents64:
        sig = {{Arg::Fd, Arg::Count}, 2, "getdents64(fd, count)"};
        break;
    case CallKind::Lseek:
        sig = {{Arg::Fd, Arg::Offset, Arg::Whence}, 2, "lseek(fd, offset[, SEEK_SET])"};
        break;
    case CallKind::Close:
        sig = {{Arg::Fd}, 1, "close(fd)"};
        break;
    case CallKind::Stat:
        sig = {{Arg::Path}, 1, "stat(path)"};
        break;
    case CallKind::Fstat:
        sig = {{Arg::Fd}, 1, "fstat(fd)"};
        break;
    default:
        return false;
    }
    const std::string name(callName(call.kind));

    std::size_t i = 0;
    bool afterComma = false;
    while (true) {
        skipWs();
        if (atEnd()) {
            error(p_, afterComma ? "expected an argument after ','"
                                 : "expected ')' after the arguments of " + name);
            return false;
        }
        if (peek() == ')') {
            if (afterComma) {
                error(p_, "expected an argument after ','");
                return false;
            }
            if (i < sig.required) {
                error(p_, "too few arguments to " + name + " (expected " + sig.usage + ")");
                return false;
            }
            ++p_;
            return true;
        }
        if (i >= sig.args.size()) {
            error(p_, "too many arguments to " + name + " (expected " + sig.usage + ")");
            return false;
        }
        const std::size_t argAt = p_;
        switch (sig.args[i]) {
        case Arg::Path:
            if (!parseQuotedPath(call.path)) return false;
            break;
        case Arg::Flags: {
            std::size_t e = p_;
            while (e < s_.size() && s_[e] != ',' && s_[e] != ')')
                ++e;
            const std::string_view flags = trim(s_.substr(p_, e - p_));
            // Each '|'-separated part must be a name (O_RDONLY) or a number.
            std::size_t partAt = p_;
            for (std::size_t k = p_; k <= e; ++k) {
                if (k == e || s_[k] == '|') {
                    std::size_t b = partAt;
                    while (b < k && isSpace(s_[b]))
                        ++b;
                    const std::string_view part = trim(s_.substr(partAt, k - partAt));
                    const bool number = !part.empty() &&
                                        std::all_of(part.begin(), part.end(), isIdentChar) &&
                                        isDigit(part[0]);
                    if (!isIdentifier(part) && !number) {
                        error(b, "bad open flags '" + std::string(flags) +
                                     "' (expected names like O_RDONLY|O_DIRECTORY)");
                        return false;
                    }
                    partAt = k + 1;
                }
            }
            call.flags = std::string(flags);
            p_ = e;
            break;
        }
        case Arg::Fd:
            if (!parseFdArg(call, task)) return false;
            break;
        case Arg::Count: {
            if (peek() == '-') {
                error(argAt, "negative size " + describeAt(argAt) + " for " + name +
                                 " count (expected 0.." + std::to_string(kMaxGetdentsCount) + ")");
                return false;
            }
            auto n = parseNumber("count");
            if (!n) return false;
            if (*n > kMaxGetdentsCount) {
                error(argAt, name + " count too large: " + std::to_string(*n) + " (expected 0.." +
                                 std::to_string(kMaxGetdentsCount) + ")");
                return false;
            }
            call.number = *n;
            break;
        }
        case Arg::Offset: {
            bool neg = false;
            if (peek() == '-') {
                neg = true;
                ++p_;
            }
            auto n = parseNumber("offset");
            if (!n) return false;
            call.number = neg ? -*n : *n;
            break;
        }
        case Arg::Whence: {
            const std::string_view w = readIdentChars();
            if (w != "SEEK_SET") {
                error(argAt, "only SEEK_SET is supported, got " + describeAt(argAt));
                return false;
            }
            break;
        }
        }
        ++i;
        afterComma = false;
        skipWs();
        if (peek() == ',') {
            ++p_;
            afterComma = true;
            continue;
        }
        if (peek() == ')' || atEnd()) continue; // handled at the top of the loop
        error(p_, "expected ',' or ')' after argument, got " + describeAt(p_));
        return false;
    }
}

bool Parser::parseFdArg(Call& call, int task) {
    const std::size_t at = p_;
    const std::string_view fd = readIdentChars();
    if (fd.empty() || isDigit(fd[0])) {
        error(at, "expected a file descriptor name like 'r0', got " + describeAt(at) +
                      (fd.empty() ? "" : " (bind open() results: 'r0 = open(...)')"));
        return false;
    }
    const auto& fds = fds_[static_cast<std::size_t>(task)];
    if (fds.find(fd) == fds.end()) {
        error(at, "unknown fd '" + std::string(fd) + "' in task " + call.task);
        return false;
    }
    call.fd = std::string(fd);
    if (call.kind == CallKind::Close) fds_[static_cast<std::size_t>(task)][call.fd].open = false;
    return true;
}

bool Parser::parseQuotedPath(std::string& out) {
    const std::size_t at = p_;
    if (peek() != '"') {
        error(at,
              "expected a quoted path like \"/sys/kernel/tracing/events\", got " + describeAt(at));
        return false;
    }
    const std::size_t close = s_.find('"', at + 1);
    if (close == std::string_view::npos) {
        error(at, "unterminated string");
        return false;
    }
    p_ = close + 1;
    auto norm = normalisePath(s_.substr(at + 1, close - at - 1), at, at + 1);
    if (!norm) return false;
    out = std::move(*norm);
    return true;
}

bool Parser::parsePathToken(std::string& out, std::string_view callName) {
    if (atEnd()) {
        error(p_, "expected a path after '" + std::string(callName) + "'");
        return false;
    }
    if (peek() == '"') return parseQuotedPath(out);
    if (peek() == '(') {
        error(p_, "'" + std::string(callName) + "' takes a path without parentheses, e.g. '" +
                      std::string(callName) + " /sys/kernel/tracing/events'");
        return false;
    }
    const std::size_t at = p_;
    const std::string_view path = readWord();
    auto norm = normalisePath(path, at, at);
    if (!norm) return false;
    out = std::move(*norm);
    return true;
}

std::optional<std::string> Parser::normalisePath(std::string_view path, std::size_t tokenAt,
                                                 std::size_t contentAt) {
    if (path.empty()) {
        error(tokenAt, "empty path");
        return std::nullopt;
    }
    std::vector<std::string_view> comps;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t e = path.find('/', i);
        if (e == std::string_view::npos) e = path.size();
        const std::string_view c = path.substr(i, e - i);
        if (c == "..") {
            error(contentAt + i, "path contains '..': '" + std::string(path) + "'");
            return std::nullopt;
        }
        if (!c.empty() && c != ".") comps.push_back(c);
        i = e + 1;
    }
    std::string out;
    if (path.front() == '/') {
        static constexpr std::string_view kRootComps[] = {"sys", "kernel", "tracing"};
        bool inside = comps.size() >= 3;
        for (std::size_t k = 0; inside && k < 3; ++k)
            inside = comps[k] == kRootComps[k];
        if (!inside) {
            error(tokenAt,
                  "path outside " + std::string(kTracefsRoot) + ": '" + std::string(path) + "'");
            return std::nullopt;
        }
        comps.erase(comps.begin(), comps.begin() + 3);
    }
    out = std::string(kTracefsRoot);
    for (auto c : comps) {
        out += '/';
        out += c;
    }
    return out;
}

std::optional<std::int64_t> Parser::parseNumber(std::string_view what) {
    const std::size_t at = p_;
    if (!isDigit(peek())) {
        error(at, "expected a number for " + std::string(what) + ", got " + describeAt(at));
        return std::nullopt;
    }
    const std::string_view tok = readIdentChars();
    const bool hex = tok.size() >= 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X');
    std::string_view digits = hex ? tok.substr(2) : tok;
    const unsigned base = hex ? 16 : 10;
    auto digitValue = [](char c) -> int {
        if (isDigit(c)) return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return 99;
    };
    bool ok = !digits.empty();
    for (char c : digits)
        ok = ok && digitValue(c) < static_cast<int>(base);
    if (!ok) {
        error(at, (hex ? "bad hex number '" : "bad number '") + std::string(tok) + "'");
        return std::nullopt;
    }
    std::uint64_t v = 0;
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    for (char c : digits) {
        const auto d = static_cast<std::uint64_t>(digitValue(c));
        if (v > (kMax - d) / base) {
            error(at, "number too large: '" + std::string(tok) + "'");
            return std::nullopt;
        }
        v = v * base + d;
    }
    return static_cast<std::int64_t>(v);
}

bool Parser::parseResult(Call& call) {
    skipWs();
    if (atEnd()) {
        error(p_, "expected a result after '='");
        return false;
    }
    ExpectedResult& r = call.expect;
    if (call.kind == CallKind::DentryState) {
        std::set<std::string, std::less<>> seen;
        while (!atEnd()) {
            const std::size_t keyAt = p_;
            const std::string_view key = readIdentChars();
            if (key.empty() || !isIdentifier(key)) {
                p_ = keyAt;
                error(keyAt,
                      "expected counters like 'nr_dentry=3' after '=', got " + describeAt(keyAt));
                return false;
            }
            if (std::find(kCounterNames.begin(), kCounterNames.end(), key) == kCounterNames.end()) {
                error(keyAt, "unknown counter '" + std::string(key) +
                                 "' (expected one of: nr_dentry, nr_unused, nr_inodes, "
                                 "nr_free_inodes)");
                return false;
            }
            if (!seen.insert(std::string(key)).second) {
                error(keyAt, "duplicate counter '" + std::string(key) + "'");
                return false;
            }
            skipWs();
            if (peek() != '=') {
                error(p_, "expected '=' after '" + std::string(key) + "', got " + describeAt(p_));
                return false;
            }
            ++p_;
            skipWs();
            if (peek() == '-') {
                error(p_, "counter values are non-negative, got " + describeAt(p_));
                return false;
            }
            auto n = parseNumber(key);
            if (!n) return false;
            r.counters.emplace_back(std::string(key), *n);
            skipWs();
        }
        r.present = true;
        return true;
    }

    const std::size_t at = p_;
    if (peek() == '-') {
        ++p_;
        if (isAlpha(peek())) {
            const std::string_view name = readIdentChars();
            auto e = errnoFromName(name);
            if (!e) {
                error(at + 1, "unknown errno '" + std::string(name) + "' (expected e.g. -ENOENT)");
                return false;
            }
            r.value = -*e;
        } else {
            auto n = parseNumber("result");
            if (!n) return false;
            r.value = -*n;
        }
    } else if (isDigit(peek())) {
        auto n = parseNumber("result");
        if (!n) return false;
        r.value = *n;
    } else if (isAlpha(peek())) {
        const std::string_view name = readIdentChars();
        if (errnoFromName(name))
            error(at, "errno results are negative: write '-" + std::string(name) + "'");
        else
            error(at, "expected a result (a number or -ERRNO), got " + describeAt(at));
        return false;
    } else {
        error(at, "expected a result (a number or -ERRNO), got " + describeAt(at));
        return false;
    }
    r.present = true;
    return true;
}

void Parser::parseSchedule(std::size_t kwAt) {
    if (scheduleLine_) {
        error(kwAt,
              "duplicate 'schedule' line (first at line " + std::to_string(scheduleLine_) + ")");
        return;
    }
    scheduleLine_ = lineNo_;
    Schedule& sch = sc_.schedule;
    skipWs();
    if (atEnd()) {
        error(p_, "expected 'sequential', 'round-robin', 'explore' or task names after "
                  "'schedule'");
        return;
    }
    const std::size_t firstAt = p_;
    const std::string_view first = readWord();
    if (first == "sequential") {
        sch.kind = Schedule::Kind::Sequential;
        expectEnd("'schedule sequential'");
        return;
    }
    if (first == "round-robin") {
        sch.kind = Schedule::Kind::RoundRobin;
        expectEnd("'schedule round-robin'");
        return;
    }
    if (first == "explore") {
        sch.kind = Schedule::Kind::Explore;
        bool havePre = false, haveMax = false;
        skipWs();
        while (!atEnd()) {
            const std::size_t optAt = p_;
            const std::string_view opt = readWord();
            const bool pre = opt == "preemptions";
            if (!pre && opt != "max-schedules") {
                error(optAt, "unknown explore option '" + std::string(opt) +
                                 "' (expected 'preemptions K' or 'max-schedules N')");
                return;
            }
            if (pre ? havePre : haveMax) {
                error(optAt, "duplicate explore option '" + std::string(opt) + "'");
                return;
            }
            (pre ? havePre : haveMax) = true;
            skipWs();
            const std::size_t numAt = p_;
            auto n = parseNumber(opt);
            if (!n) return;
            const std::int64_t lo = pre ? 0 : 1, hi = pre ? 64 : 1000000000;
            if (*n < lo || *n > hi) {
                error(numAt, std::string(opt) + " out of range: " + std::to_string(*n) +
                                 " (expected " + std::to_string(lo) + ".." + std::to_string(hi) +
                                 ")");
                return;
            }
            (pre ? sch.preemptions : sch.maxSchedules) = static_cast<int>(*n);
            skipWs();
        }
        return;
    }
    // A fixed interleaving: task names, checked against the tasks at the end of the file.
    sch.kind = Schedule::Kind::Fixed;
    p_ = firstAt;
    while (!atEnd()) {
        const std::size_t at = p_;
        const std::string_view name = readWord();
        if (!checkTaskName(name, at)) return;
        fixedTokens_.push_back({std::string(name), posAt(at), std::string(raw_)});
        skipWs();
    }
}

void Parser::parseSwitch() {
    skipWs();
    if (wordAt(p_) != "at") {
        error(p_, "expected 'at' after 'switch', got " + describeAt(p_));
        return;
    }
    p_ += 2;
    skipWs();
    const std::size_t numAt = p_;
    if (peek() == '-') {
        error(numAt, "switch points are event numbers (non-negative), got " + describeAt(numAt));
        return;
    }
    auto n = parseNumber("the event number");
    if (!n) return;
    skipWs();
    if (wordAt(p_) != "to") {
        error(p_, "expected 'to' after the event number, got " + describeAt(p_));
        return;
    }
    p_ += 2;
    skipWs();
    if (atEnd()) {
        error(p_, "expected a task name after 'to'");
        return;
    }
    const std::size_t taskAt = p_;
    const std::string_view name = readWord();
    if (!checkTaskName(name, taskAt)) return;
    if (!expectEnd("the task name")) return;

    auto& sw = sc_.schedule.switches;
    if (!sw.empty()) {
        if (static_cast<std::uint64_t>(*n) <= sw.back().afterEvent) {
            error(numAt, "switch points must increase: " + std::to_string(*n) + " is not after " +
                             std::to_string(sw.back().afterEvent) + " (line " +
                             std::to_string(switchTargets_.back().pos.line) + ")");
            return;
        }
        if (switchTargets_.back().name == name) {
            error(taskAt, "cyclic schedule: consecutive switches to " + std::string(name));
            return;
        }
    }
    sw.push_back({static_cast<std::uint64_t>(*n), -1});
    switchTargets_.push_back({std::string(name), posAt(taskAt), std::string(raw_)});
}

void Parser::parseExpect(std::size_t kwAt) {
    using K = Expectation::Kind;
    Expectation ex;
    ex.pos = posAt(kwAt);
    ex.text = std::string(trim(s_));
    skipWs();
    const std::size_t wAt = p_;
    const std::string_view w = readIdentChars();
    static constexpr std::string_view kKinds =
        "bug, no bug, warn, no warn, kasan, no kasan, leak, no leak, or a counter: nr_dentry, "
        "nr_unused, nr_inodes, nr_free_inodes";
    if (w.empty()) {
        error(wAt, "expected an expectation (" + std::string(kKinds) + "), got " + describeAt(wAt));
        return;
    }
    auto optionalWord = [&](std::string_view what) -> bool {
        skipWs();
        if (atEnd()) return true;
        const std::size_t at = p_;
        const std::string_view word = readWord();
        // Function names as in a call trace: d_instantiate, __dentry_kill, d_alloc.part.0
        const bool ok = what != "function" || ((isAlpha(word[0]) || word[0] == '_') &&
                                               std::all_of(word.begin(), word.end(), [](char c) {
                                                   return isIdentChar(c) || c == '.';
                                               }));
        if (!ok) {
            error(at, "expected a " + std::string(what) + " name, got '" + std::string(word) + "'");
            return false;
        }
        ex.what = std::string(word);
        return expectEnd("'expect'");
    };
    if (w == "bug" || w == "warn" || w == "kasan" || w == "leak") {
        ex.kind = w == "bug" ? K::Bug : w == "warn" ? K::Warn : w == "kasan" ? K::Kasan : K::Leak;
        if (!optionalWord(w == "bug" ? "function" : "word")) return;
    } else if (w == "no") {
        skipWs();
        const std::size_t at = p_;
        const std::string_view what = readIdentChars();
        if (what == "bug")
            ex.kind = K::NoBug;
        else if (what == "warn")
            ex.kind = K::NoWarn;
        else if (what == "kasan")
            ex.kind = K::NoKasan;
        else if (what == "leak")
            ex.kind = K::NoLeak;
        else {
            error(at, "expected 'bug', 'warn', 'kasan' or 'leak' after 'expect no', got " +
                          describeAt(at));
            return;
        }
        if (!expectEnd("'expect no " + std::string(what) + "'")) return;
    } else if (std::find(kCounterNames.begin(), kCounterNames.end(), w) != kCounterNames.end()) {
        ex.kind = K::Counter;
        ex.what = std::string(w);
        skipWs();
        const std::size_t opAt = p_;
        std::size_t e = p_;
        while (e < s_.size() && s_[e] != '\0' && std::strchr("=!<>", s_[e]))
            ++e;
        const std::string_view op = s_.substr(p_, e - p_);
        if (op != "==" && op != "!=" && op != "<" && op != "<=" && op != ">" && op != ">=") {
            error(opAt, "expected a comparison operator (==, !=, <, <=, >, >=), got " +
                            (op.empty() ? describeAt(opAt) : "'" + std::string(op) + "'"));
            return;
        }
        p_ = e;
        ex.op = std::string(op);
        skipWs();
        if (peek() == '-') {
            error(p_, "counter values are non-negative, got " + describeAt(p_));
            return;
        }
        auto n = parseNumber(w);
        if (!n) return;
        ex.value = *n;
        if (!expectEnd("the counter value")) return;
    } else if (w.substr(0, 3) == "nr_") {
        error(wAt, "unknown counter '" + std::string(w) +
                       "' (expected one of: nr_dentry, nr_unused, nr_inodes, nr_free_inodes)");
        return;
    } else {
        error(wAt, "unknown expectation '" + std::string(w) +
                       "' (expected one of: " + std::string(kKinds) + ")");
        return;
    }

    // 'expect bug' and 'expect no bug' cannot both hold.
    auto opposite = [](K k) -> std::optional<K> {
        switch (k) {
        case K::Bug:
            return K::NoBug;
        case K::NoBug:
            return K::Bug;
        case K::Warn:
            return K::NoWarn;
        case K::NoWarn:
            return K::Warn;
        case K::Kasan:
            return K::NoKasan;
        case K::NoKasan:
            return K::Kasan;
        case K::Leak:
            return K::NoLeak;
        case K::NoLeak:
            return K::Leak;
        case K::Counter:
            return std::nullopt;
        }
        return std::nullopt;
    };
    if (auto o = opposite(ex.kind); o && firstExpect_.count(*o)) {
        error(kwAt, "'" + ex.text + "' contradicts the expectation at line " +
                        std::to_string(firstExpect_[*o]));
        return;
    }
    firstExpect_.emplace(ex.kind, lineNo_);
    sc_.expectations.push_back(std::move(ex));
}

void Parser::finish() {
    if (!sawStatement_) {
        const std::size_t nl = text_.find('\n');
        errorAt(1, 1, "empty scenario: expected 'task NAME: call' lines",
                text_.substr(0, nl == std::string_view::npos ? text_.size() : nl));
        return;
    }
    if (!sawCallLine_ && lastStatementLine_ > 0) {
        errorAt(lastStatementLine_, static_cast<int>(lastStatementEnd_) + 1,
                "expected at least one 'task NAME: call' line", lastStatementText_);
    }

    const std::string known = joinNames(sc_.tasks);
    // Fixed schedule: every token a task, no task scheduled more often than it has calls.
    std::vector<int> scheduled(sc_.tasks.size(), 0);
    std::vector<bool> reported(sc_.tasks.size(), false);
    for (const auto& tok : fixedTokens_) {
        const int t = findTask(tok.name);
        if (t < 0) {
            errorAt(tok.pos.line, tok.pos.column,
                    "unknown task '" + tok.name + "' in schedule (known: " + known + ")",
                    tok.lineText);
            continue;
        }
        const auto ti = static_cast<std::size_t>(t);
        sc_.schedule.fixed.push_back(t);
        if (++scheduled[ti] > callLines_[ti] && !reported[ti]) {
            reported[ti] = true;
            int total = 0;
            for (const auto& other : fixedTokens_)
                total += other.name == tok.name;
            errorAt(tok.pos.line, tok.pos.column,
                    "impossible schedule: task " + tok.name + " has " +
                        std::to_string(callLines_[ti]) +
                        (callLines_[ti] == 1 ? " call" : " calls") + " but is scheduled " +
                        std::to_string(total) + (total == 1 ? " time" : " times"),
                    tok.lineText);
        }
    }
    for (std::size_t i = 0; i < switchTargets_.size(); ++i) {
        const auto& tok = switchTargets_[i];
        const int t = findTask(tok.name);
        if (t < 0) {
            errorAt(tok.pos.line, tok.pos.column,
                    "switch to unknown task '" + tok.name + "' (known: " + known + ")",
                    tok.lineText);
            continue;
        }
        sc_.schedule.switches[i].task = t;
    }
    if (sc_.schedule.kind == Schedule::Kind::Explore && !switchTargets_.empty()) {
        const auto& tok = switchTargets_.front();
        errorAt(tok.pos.line, 1, "'switch at' cannot be combined with 'schedule explore'",
                tok.lineText);
    }
}

} // namespace

// ------------------------------------------------------------------------------------------

std::string ParseError::format() const {
    std::string out = (file.empty() ? std::string("<input>") : file) + ":" + std::to_string(line) +
                      ":" + std::to_string(column) + ": error: " + message;
    if (line <= 0) return out;

    // Split lineText into display units (one per character), so the caret lines up with
    // multi-byte UTF-8 and tabs; control characters and invalid bytes are shown as '?'.
    struct Unit {
        std::size_t offset;
        std::string_view shown;
    };
    std::vector<Unit> units;
    const std::string_view t = lineText;
    for (std::size_t i = 0; i < t.size();) {
        const auto c = static_cast<unsigned char>(t[i]);
        std::size_t len = c < 0x80 ? 1 : utf8SequenceLength(t, i);
        if (c == '\t')
            units.push_back({i, "\t"});
        else if ((c < 0x20 || c == 0x7f) || len == 0)
            units.push_back({i, "?"});
        else
            units.push_back({i, t.substr(i, len)});
        i += len == 0 ? 1 : len;
    }
    const auto caretOffset = static_cast<std::size_t>(std::max(column, 1) - 1);
    std::size_t caret = 0;
    while (caret < units.size() && units[caret].offset < caretOffset)
        ++caret;

    constexpr std::size_t kWidth = 120;
    std::size_t begin = 0, end = units.size();
    if (units.size() > kWidth) {
        if (caret >= kWidth - 20) begin = std::min(caret - kWidth / 2, units.size() - kWidth / 2);
        end = std::min(units.size(), begin + kWidth);
    }
    std::string shown = begin > 0 ? "..." : "";
    std::string pad = begin > 0 ? "   " : "";
    for (std::size_t i = begin; i < end; ++i) {
        shown += units[i].shown;
        if (i < caret) pad += units[i].shown == "\t" ? '\t' : ' ';
    }
    if (end < units.size()) shown += "...";
    out += "\n    " + shown + "\n    " + pad + "^";
    return out;
}

ParseResult parseScenario(std::string_view text, const std::string& fileName,
                          const ParserContext& ctx) {
    return Parser(text, fileName, ctx).run();
}

std::string formatSchedule(const Schedule& schedule, const std::vector<std::string>& taskNames) {
    auto nameOf = [&](int i) {
        if (i >= 0 && static_cast<std::size_t>(i) < taskNames.size())
            return taskNames[static_cast<std::size_t>(i)];
        return "?" + std::to_string(i); // not a valid name: re-parsing fails loudly
    };
    std::string out;
    switch (schedule.kind) {
    case Schedule::Kind::Sequential:
        out = "schedule sequential\n";
        break;
    case Schedule::Kind::RoundRobin:
        out = "schedule round-robin\n";
        break;
    case Schedule::Kind::Fixed:
        if (schedule.fixed.empty()) {
            out = "schedule sequential\n";
        } else {
            out = "schedule";
            for (int t : schedule.fixed)
                out += " " + nameOf(t);
            out += "\n";
        }
        break;
    case Schedule::Kind::Explore:
        out = "schedule explore preemptions " + std::to_string(schedule.preemptions) +
              " max-schedules " + std::to_string(schedule.maxSchedules) + "\n";
        break;
    }
    for (const auto& sw : schedule.switches)
        out += "switch at " + std::to_string(sw.afterEvent) + " to " + nameOf(sw.task) + "\n";
    return out;
}

std::optional<CallKind> callKindFromName(std::string_view name) {
    for (CallKind k : kAllCallKinds)
        if (callName(k) == name) return k;
    return std::nullopt;
}

} // namespace ds::scenario
