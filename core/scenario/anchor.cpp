// SPDX-License-Identifier: GPL-2.0-or-later
// The anchored `switch` line: parsing (a part of ScheduleParser) and writing it back.
#include "scenario/anchor.h"

#include "scenario/calls.h"
#include "scenario/lexer.h"
#include "scenario/parser.h"
#include "scenario/schedule.h"

#include <array>

namespace ds::scenario {

namespace {

constexpr std::array<EventKind, 18> kAnchorEventKinds = {
    EventKind::Alloc,      EventKind::Free,      EventKind::Get,         EventKind::Put,
    EventKind::Hash,       EventKind::Unhash,    EventKind::LruAdd,      EventKind::LruDel,
    EventKind::InLookup,   EventKind::LinkChild, EventKind::UnlinkChild, EventKind::Instantiate,
    EventKind::Revalidate, EventKind::SetFsdata, EventKind::LockAcquire, EventKind::LockRelease,
    EventKind::LockBlock,  EventKind::CursorMove};

bool isLockKind(std::string_view what) {
    return what == "lock_acquire" || what == "lock_release" || what == "lock_block";
}

// "1st", "2nd", "3rd", "4th" ... "21st": the suffix English gives the number.
std::string ordinal(int n) {
    const int tens = n % 100, ones = n % 10;
    const char* suffix = "th";
    if (tens < 11 || tens > 13) {
        if (ones == 1) suffix = "st";
        if (ones == 2) suffix = "nd";
        if (ones == 3) suffix = "rd";
    }
    return std::to_string(n) + suffix;
}

// "2nd" -> 2; nullopt when the word is not an ordinal.
std::optional<int> parseOrdinal(std::string_view w) {
    std::size_t i = 0;
    while (i < w.size() && isDigit(w[i]))
        ++i;
    if (i == 0 || i > 9 || w.size() != i + 2) return std::nullopt;
    const int n = std::stoi(std::string(w.substr(0, i)));
    if (n < 1 || w.substr(i) != ordinal(n).substr(i)) return std::nullopt;
    return n;
}

} // namespace

bool isAnchorEventKind(std::string_view what) {
    for (EventKind k : kAnchorEventKinds)
        if (eventKindName(k) == what) return true;
    return false;
}

std::string anchorObjectText(const Anchor& a) {
    std::string obj = a.object;
    const std::string root(kTracefsRoot);
    // A lock's object is a name unless it has a '/': an i_rwsem keeps its absolute path.
    if (obj.starts_with(root + "/") && !isLockKind(a.what)) obj = obj.substr(root.size() + 1);
    return obj;
}

std::string formatAnchor(const Anchor& a, const std::vector<std::string>& taskNames) {
    std::string owner = a.task >= 0 && static_cast<std::size_t>(a.task) < taskNames.size()
                            ? taskNames[static_cast<std::size_t>(a.task)]
                            : "?" + std::to_string(a.task); // not a name: re-parsing fails loudly
    std::string out = a.when == Anchor::When::After ? "after " : "before ";
    out += owner + "'s ";
    if (a.occurrence != 1) out += ordinal(a.occurrence) + " ";
    out += a.what;
    if (!a.object.empty()) out += " of " + anchorObjectText(a);
    return out;
}

std::string formatMiss(const std::string& file, const std::string& design, const AnchorMiss& m) {
    return file + ":" + std::to_string(m.pos.line) + ":" + std::to_string(m.pos.column) +
           ": warning: switch not taken under " + design + ": " + m.why + "\n    " + m.line + "\n";
}

// to TASK after|before OWNER's [Nth] WHAT [of OBJECT]
void ScheduleParser::parseAnchoredSwitch(LineReader& in) {
    in.advance(2); // "to"
    in.skipWs();
    if (in.atEnd()) {
        in.error(in.pos(), "expected a task name after 'switch to'");
        return;
    }
    const std::size_t taskAt = in.pos();
    const std::string_view target = in.readWord();
    if (!checkTaskName(in, target, taskAt)) return;
    in.skipWs();
    Anchor a;
    const std::size_t whenAt = in.pos();
    const std::string_view when = in.readWord();
    if (when != "after" && when != "before") {
        in.error(whenAt, "expected 'after' or 'before' (as in 'switch to " + std::string(target) +
                             " after A's getdents64'), got " + in.describeAt(whenAt));
        return;
    }
    a.when = when == "after" ? Anchor::When::After : Anchor::When::Before;
    in.skipWs();
    const std::size_t ownerAt = in.pos();
    const std::string_view ownerWord = in.readWord();
    if (!ownerWord.ends_with("'s") || ownerWord.size() < 3) {
        in.error(ownerAt, "expected the task whose call or function anchors the switch, as in "
                          "\"A's\", got " +
                              in.describeAt(ownerAt));
        return;
    }
    const std::string_view owner = ownerWord.substr(0, ownerWord.size() - 2);
    if (!checkTaskName(in, owner, ownerAt)) return;
    in.skipWs();
    std::size_t whatAt = in.pos();
    std::string_view what = in.readWord();
    if (const auto n = parseOrdinal(what)) {
        a.occurrence = *n;
        in.skipWs();
        whatAt = in.pos();
        what = in.readWord();
    } else if (!what.empty() && isDigit(what.front())) {
        in.error(whatAt,
                 "expected an ordinal such as 1st, 2nd, 3rd or 4th, got " + in.describeAt(whatAt));
        return;
    }
    if (what.empty()) {
        in.error(whatAt, "expected a call, kernel function or event kind after \"" +
                             std::string(ownerWord) + "\"");
        return;
    }
    a.what = std::string(what);
    if (what == "ls" && in.wordAt((in.skipWs(), in.pos())) == "-R") {
        in.readWord();
        a.what = "ls -R";
    }
    if (callKindFromName(a.what)) {
        a.kind = Anchor::Kind::Syscall;
    } else if (isAnchorEventKind(a.what)) {
        a.kind = Anchor::Kind::Event;
    } else if (isIdentifier(a.what)) {
        a.kind = Anchor::Kind::Function;
    } else {
        in.error(whatAt, "expected a call (open, getdents64, close ...), a kernel function "
                         "(d_add, d_instantiate ...) or an event kind (hash, alloc ...), got " +
                             in.describeAt(whatAt));
        return;
    }
    if (a.when == Anchor::When::Before && a.kind != Anchor::Kind::Syscall) {
        in.error(whenAt, "'before' anchors on a call (as in 'before A's close'); for a function "
                         "or an event, use 'after'");
        return;
    }
    in.skipWs();
    if (!in.atEnd()) {
        const std::size_t ofAt = in.pos();
        if (in.readWord() != "of") {
            in.error(ofAt,
                     "expected 'of OBJECT' or the end of the line, got " + in.describeAt(ofAt));
            return;
        }
        in.skipWs();
        if (a.kind == Anchor::Kind::Syscall) {
            in.error(ofAt, "an anchor on a call takes no object: the call line names it");
            return;
        }
        if (isLockKind(a.what) && in.statement().substr(in.pos()).find('/') == std::string::npos &&
            in.peek() != '"') {
            const std::size_t lockAt = in.pos();
            a.object = std::string(in.readWord()); // a lock's name, e.g. eventfs_mutex
            if (!isIdentifier(a.object)) {
                in.error(lockAt, "expected a lock name or a path, got " + in.describeAt(lockAt));
                return;
            }
        } else if (!parsePathToken(in, a.object, "of")) {
            return;
        }
    }
    if (!in.expectEnd("the anchor")) return;
    auto& switches = schedule_.switches;
    if (!switches.empty() && switchTargets_.back().name == target) {
        in.error(taskAt, "cyclic schedule: consecutive switches to " + std::string(target));
        return;
    }
    switches.push_back({0, -1, std::move(a), in.posAt(0)});
    switchTargets_.push_back({std::string(target), in.posAt(taskAt), std::string(in.line())});
    anchorTasks_.push_back({std::string(owner), in.posAt(ownerAt), std::string(in.line())});
}

} // namespace ds::scenario
