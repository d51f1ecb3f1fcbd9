// SPDX-License-Identifier: GPL-2.0-or-later
// The statement grammar and parseScenario(): the file is read line by line; each line is checked
// for length and encoding first, then its comment is cut off and the statement parsed with a
// LineReader. The first error on a line ends that line (so one typo does not produce a
// cascade), and the checks that need the whole file (schedule tokens, switch targets, "at least
// one call") run at the end. Calls are in calls.cpp, schedules in schedule.cpp, tokens in
// lexer.cpp.
#include "scenario/calls.h"
#include "scenario/diagnostics.h"
#include "scenario/lexer.h"
#include "scenario/parser.h"
#include "scenario/schedule.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace ds::scenario {

namespace {

class Parser {
public:
    Parser(std::string_view text, const std::string& fileName, const ParserContext& ctx)
        : text_(stripByteOrderMark(text)), fileName_(fileName), ctx_(ctx), errors_(fileName) {}

    ParseResult run();

private:
    void processLine(int lineNo, std::string_view line);
    bool rejectUnreadable(int lineNo, std::string_view line);
    void noteBlankLine(std::string_view line, std::size_t commentAt);
    void parseStatement(LineReader& in);
    void parseDesignOrTree(LineReader& in, bool design, std::size_t kwAt);
    void parseTasks(LineReader& in, std::size_t kwAt);
    int addTask(std::string_view name);
    void parseTaskCall(LineReader& in);
    std::optional<int> taskForCall(LineReader& in, std::string_view name, std::size_t nameAt);
    void parseExpect(LineReader& in, std::size_t kwAt);
    bool parseExpectationKind(LineReader& in, Expectation& ex);
    bool parseOptionalWord(LineReader& in, Expectation& ex, std::string_view what);
    bool parseNegatedKind(LineReader& in, Expectation& ex);
    bool parseCounterComparison(LineReader& in, Expectation& ex);
    void finish();

    std::string_view text_; // without a byte order mark
    const std::string& fileName_;
    const ParserContext& ctx_;

    Scenario sc_;
    Diagnostics errors_;
    ScheduleParser schedule_{sc_.schedule};

    bool sawStatement_ = false;
    bool sawCallLine_ = false;
    int lastStatementLine_ = 0;
    std::string lastStatementText_;
    std::size_t lastStatementEnd_ = 0;
    enum class Leading { NothingYet, InComments, Over } leading_ = Leading::NothingYet;
    int designLine_ = 0, treeLine_ = 0, tasksLine_ = 0;
    int firstCallLine_ = 0;
    bool tasksDeclared_ = false;
    std::vector<FdTable> fds_;                     // per task
    std::vector<int> callLines_;                   // per task: call lines seen
    std::map<Expectation::Kind, int> firstExpect_; // kind -> line
};

// ---- the file and its lines ----

ParseResult Parser::run() {
    sc_.fileName = fileName_;
    sc_.design = ctx_.defaultDesign;
    sc_.tree = ctx_.defaultTree;

    LineSplitter lines(text_);
    std::string_view line;
    int lineNo = 0;
    bool stoppedEarly = false;
    while (lines.next(line)) {
        processLine(++lineNo, line);
        if (errors_.full()) {
            stoppedEarly = true;
            break;
        }
    }
    if (!stoppedEarly) finish();

    ParseResult result;
    result.errors = errors_.take(stoppedEarly);
    if (result.errors.empty()) result.scenario = std::move(sc_);
    return result;
}

void Parser::processLine(int lineNo, std::string_view line) {
    if (rejectUnreadable(lineNo, line)) {
        leading_ = Leading::Over;
        sawStatement_ = true; // not an empty file, just a broken one
        return;
    }
    const std::size_t commentAt = findComment(line);
    const std::string_view stmt = statementPart(line, commentAt);
    if (trim(stmt).empty()) {
        noteBlankLine(line, commentAt);
        return;
    }
    leading_ = Leading::Over;
    sawStatement_ = true;
    lastStatementLine_ = lineNo;
    lastStatementText_ = std::string(line);
    lastStatementEnd_ = stmt.size();
    LineReader in(errors_, lineNo, line, stmt);
    parseStatement(in);
}

// Too long or not text: reported, and nothing else on the line is looked at.
bool Parser::rejectUnreadable(int lineNo, std::string_view line) {
    if (line.size() > kMaxLineBytes) {
        errors_.add(lineNo, static_cast<int>(kMaxLineBytes) + 1,
                    "line too long (limit " + std::to_string(kMaxLineBytes) + " bytes)", line);
        return true;
    }
    if (const std::size_t bad = findBinary(line); bad != std::string_view::npos) {
        errors_.add(lineNo, static_cast<int>(bad) + 1, "binary data: expected text", line);
        return true;
    }
    return false;
}

// Blank and comment-only lines; the comments before the first statement or blank line are kept.
void Parser::noteBlankLine(std::string_view line, std::size_t commentAt) {
    if (commentAt == std::string_view::npos) {
        if (leading_ == Leading::InComments) leading_ = Leading::Over;
        return;
    }
    if (leading_ == Leading::Over) return;
    leading_ = Leading::InComments;
    sc_.leadingComments.emplace_back(commentText(line, commentAt));
}

// ---- statements ----

void Parser::parseStatement(LineReader& in) {
    in.skipWs();
    const std::size_t kwAt = in.pos();
    const std::string_view s = in.statement();
    std::size_t e = kwAt;
    while (e < s.size() && (isIdentChar(s[e]) || s[e] == '-'))
        ++e;
    const std::string_view kw = s.substr(kwAt, e - kwAt);
    static constexpr std::string_view kStatements =
        "design, tree, tasks, task, schedule, switch, expect";
    if (kw.empty()) {
        in.error(kwAt, "expected a statement (" + std::string(kStatements) + "), got " +
                           in.describeAt(kwAt));
        return;
    }
    in.seek(e);
    if (kw == "design" || kw == "tree") {
        parseDesignOrTree(in, kw == "design", kwAt);
    } else if (kw == "tasks") {
        parseTasks(in, kwAt);
    } else if (kw == "task") {
        sawCallLine_ = true; // even a broken one: no "expected at least one call" on top
        parseTaskCall(in);
    } else if (kw == "schedule") {
        schedule_.parseSchedule(in, kwAt);
    } else if (kw == "switch") {
        schedule_.parseSwitch(in);
    } else if (kw == "expect") {
        parseExpect(in, kwAt);
    } else if (callKindFromName(kw)) {
        sawCallLine_ = true;
        in.error(kwAt, "unknown statement '" + std::string(kw) +
                           "' (calls are written 'task NAME: " + std::string(kw) + "...')");
    } else {
        in.error(kwAt, "unknown statement '" + std::string(kw) +
                           "' (expected one of: " + std::string(kStatements) + ")");
    }
}

void Parser::parseDesignOrTree(LineReader& in, bool design, std::size_t kwAt) {
    const std::string kw = design ? "design" : "tree";
    int& seenLine = design ? designLine_ : treeLine_;
    if (seenLine) {
        in.error(kwAt,
                 "duplicate '" + kw + "' line (first at line " + std::to_string(seenLine) + ")");
        return;
    }
    in.skipWs();
    if (in.atEnd()) {
        in.error(in.pos(), "expected a " + kw + " name after '" + kw + "'");
        return;
    }
    const std::size_t nameAt = in.pos();
    const std::string name(in.readWord());
    const auto& known = design ? ctx_.designs : ctx_.trees;
    if (!known.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
        in.error(nameAt, "unknown " + kw + " '" + name + "' (known: " + joinNames(known) + ")");
        return;
    }
    if (!in.expectEnd(kw + " name")) return;
    seenLine = in.lineNo();
    (design ? sc_.design : sc_.tree) = name;
    (design ? sc_.designPos : sc_.treePos) = in.posAt(nameAt);
}

void Parser::parseTasks(LineReader& in, std::size_t kwAt) {
    if (tasksLine_) {
        in.error(kwAt, "duplicate 'tasks' line (first at line " + std::to_string(tasksLine_) + ")");
        return;
    }
    if (firstCallLine_) {
        in.error(kwAt, "'tasks' must come before the first task call (line " +
                           std::to_string(firstCallLine_) + ")");
        return;
    }
    tasksLine_ = in.lineNo();
    tasksDeclared_ = true;
    in.skipWs();
    if (in.atEnd()) {
        in.error(in.pos(), "expected task names after 'tasks'");
        return;
    }
    while (!in.atEnd()) {
        const std::size_t at = in.pos();
        const std::string_view name = in.readWord();
        if (!checkTaskName(in, name, at)) return;
        if (findTask(sc_.tasks, name) >= 0) {
            in.error(at, "duplicate task '" + std::string(name) + "'");
            return;
        }
        if (sc_.tasks.size() >= kMaxTasks) {
            in.error(at, "too many tasks (limit " + std::to_string(kMaxTasks) + ")");
            return;
        }
        addTask(name);
        in.skipWs();
    }
}

int Parser::addTask(std::string_view name) {
    sc_.tasks.emplace_back(name);
    fds_.emplace_back();
    callLines_.push_back(0);
    return static_cast<int>(sc_.tasks.size()) - 1;
}

void Parser::parseTaskCall(LineReader& in) {
    in.skipWs();
    const std::size_t nameAt = in.pos();
    const std::string_view s = in.statement();
    std::size_t e = nameAt;
    while (e < s.size() && !isSpace(s[e]) && s[e] != ':')
        ++e;
    const std::string_view name = s.substr(nameAt, e - nameAt);
    if (name.empty()) {
        in.error(nameAt, "expected a task name after 'task', got " + in.describeAt(nameAt));
        return;
    }
    in.seek(e);
    if (!checkTaskName(in, name, nameAt)) return;
    in.skipWs();
    if (in.peek() != ':') {
        in.error(in.pos(), "expected ':' after task name '" + std::string(name) + "', got " +
                               in.describeAt(in.pos()));
        return;
    }
    in.advance();
    if (!firstCallLine_) firstCallLine_ = in.lineNo();

    const auto task = taskForCall(in, name, nameAt);
    if (!task) return;
    const auto taskIdx = static_cast<std::size_t>(*task);
    ++callLines_[taskIdx];

    Call call;
    call.task = std::string(name);
    call.taskIndex = *task;
    call.text = std::string(trim(s));
    if (parseCall(in, call, fds_[taskIdx])) sc_.calls.push_back(std::move(call));
}

// The index of the task a call line names; a new task on its first call unless `tasks`
// declared them all.
std::optional<int> Parser::taskForCall(LineReader& in, std::string_view name, std::size_t nameAt) {
    if (const int task = findTask(sc_.tasks, name); task >= 0) return task;
    if (tasksDeclared_) {
        in.error(nameAt, "undeclared task '" + std::string(name) +
                             "' (declared: " + joinNames(sc_.tasks) + ")");
        return std::nullopt;
    }
    if (sc_.tasks.size() >= kMaxTasks) {
        in.error(nameAt, "too many tasks (limit " + std::to_string(kMaxTasks) + ")");
        return std::nullopt;
    }
    return addTask(name);
}

// ---- expectations ----

std::optional<Expectation::Kind> oppositeOf(Expectation::Kind kind) {
    using K = Expectation::Kind;
    switch (kind) {
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
}

constexpr std::string_view kExpectationKinds =
    "bug, no bug, warn, no warn, kasan, no kasan, leak, no leak, or a counter: nr_dentry, "
    "nr_unused, nr_inodes, nr_free_inodes";

void Parser::parseExpect(LineReader& in, std::size_t kwAt) {
    Expectation ex;
    ex.pos = in.posAt(kwAt);
    ex.text = std::string(trim(in.statement()));
    if (!parseExpectationKind(in, ex)) return;

    // 'expect bug' and 'expect no bug' cannot both hold.
    if (auto o = oppositeOf(ex.kind); o && firstExpect_.count(*o)) {
        in.error(kwAt, "'" + ex.text + "' contradicts the expectation at line " +
                           std::to_string(firstExpect_[*o]));
        return;
    }
    firstExpect_.emplace(ex.kind, in.lineNo());
    sc_.expectations.push_back(std::move(ex));
}

bool Parser::parseExpectationKind(LineReader& in, Expectation& ex) {
    using K = Expectation::Kind;
    in.skipWs();
    const std::size_t wAt = in.pos();
    const std::string_view w = in.readIdentChars();
    if (w.empty()) {
        in.error(wAt, "expected an expectation (" + std::string(kExpectationKinds) + "), got " +
                          in.describeAt(wAt));
        return false;
    }
    if (w == "bug" || w == "warn" || w == "kasan" || w == "leak") {
        ex.kind = w == "bug" ? K::Bug : w == "warn" ? K::Warn : w == "kasan" ? K::Kasan : K::Leak;
        return parseOptionalWord(in, ex, w == "bug" ? "function" : "word");
    }
    if (w == "no") return parseNegatedKind(in, ex);
    if (std::find(kCounterNames.begin(), kCounterNames.end(), w) != kCounterNames.end()) {
        ex.kind = K::Counter;
        ex.what = std::string(w);
        return parseCounterComparison(in, ex);
    }
    if (w.substr(0, 3) == "nr_") {
        in.error(wAt, "unknown counter '" + std::string(w) +
                          "' (expected one of: nr_dentry, nr_unused, nr_inodes, nr_free_inodes)");
        return false;
    }
    in.error(wAt, "unknown expectation '" + std::string(w) +
                      "' (expected one of: " + std::string(kExpectationKinds) + ")");
    return false;
}

// `expect bug [FUNC]`, `expect warn [WORD]`, ...: what may be "function" or "word".
bool Parser::parseOptionalWord(LineReader& in, Expectation& ex, std::string_view what) {
    in.skipWs();
    if (in.atEnd()) return true;
    const std::size_t at = in.pos();
    const std::string_view word = in.readWord();
    // Function names as in a call trace: d_instantiate, __dentry_kill, d_alloc.part.0
    const bool ok =
        what != "function" ||
        ((isAlpha(word[0]) || word[0] == '_') &&
         std::all_of(word.begin(), word.end(), [](char c) { return isIdentChar(c) || c == '.'; }));
    if (!ok) {
        in.error(at, "expected a " + std::string(what) + " name, got '" + std::string(word) + "'");
        return false;
    }
    ex.what = std::string(word);
    return in.expectEnd("'expect'");
}

bool Parser::parseNegatedKind(LineReader& in, Expectation& ex) {
    using K = Expectation::Kind;
    in.skipWs();
    const std::size_t at = in.pos();
    const std::string_view what = in.readIdentChars();
    if (what == "bug")
        ex.kind = K::NoBug;
    else if (what == "warn")
        ex.kind = K::NoWarn;
    else if (what == "kasan")
        ex.kind = K::NoKasan;
    else if (what == "leak")
        ex.kind = K::NoLeak;
    else {
        in.error(at, "expected 'bug', 'warn', 'kasan' or 'leak' after 'expect no', got " +
                         in.describeAt(at));
        return false;
    }
    return in.expectEnd("'expect no " + std::string(what) + "'");
}

// `expect nr_dentry OP N`
bool Parser::parseCounterComparison(LineReader& in, Expectation& ex) {
    in.skipWs();
    const std::string_view s = in.statement();
    const std::size_t opAt = in.pos();
    std::size_t e = opAt;
    while (e < s.size() && s[e] != '\0' && std::strchr("=!<>", s[e]))
        ++e;
    const std::string_view op = s.substr(opAt, e - opAt);
    if (op != "==" && op != "!=" && op != "<" && op != "<=" && op != ">" && op != ">=") {
        in.error(opAt, "expected a comparison operator (==, !=, <, <=, >, >=), got " +
                           (op.empty() ? in.describeAt(opAt) : "'" + std::string(op) + "'"));
        return false;
    }
    in.seek(e);
    ex.op = std::string(op);
    in.skipWs();
    if (in.peek() == '-') {
        in.error(in.pos(), "counter values are non-negative, got " + in.describeAt(in.pos()));
        return false;
    }
    const auto n = in.readNumber(ex.what);
    if (!n) return false;
    ex.value = *n;
    return in.expectEnd("the counter value");
}

// ---- the whole file ----

void Parser::finish() {
    if (!sawStatement_) {
        const std::size_t nl = text_.find('\n');
        errors_.add(1, 1, "empty scenario: expected 'task NAME: call' lines",
                    text_.substr(0, nl == std::string_view::npos ? text_.size() : nl));
        return;
    }
    if (!sawCallLine_ && lastStatementLine_ > 0) {
        errors_.add(lastStatementLine_, static_cast<int>(lastStatementEnd_) + 1,
                    "expected at least one 'task NAME: call' line", lastStatementText_);
    }
    schedule_.resolveTasks(sc_.tasks, callLines_, errors_);
}

} // namespace

ParseResult parseScenario(std::string_view text, const std::string& fileName,
                          const ParserContext& ctx) {
    return Parser(text, fileName, ctx).run();
}

} // namespace ds::scenario
