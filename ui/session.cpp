// SPDX-License-Identifier: GPL-2.0-or-later
#include "session.h"

#include "scenario/parser.h"
#include "trace/symbols.h"

#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
} // namespace

std::unique_ptr<Session> Session::load(const QString& nameOrPath, const QString& design,
                                       QString* error, bool* unknown, QString* text,
                                       std::uint64_t maxEvents) {
    if (unknown) *unknown = false;
    if (isTraceFile(nameOrPath)) return loadTrace(nameOrPath, error, text);
    std::vector<scenario::ParseError> errors;
    std::string source;
    auto sc = scenario::loadScenario(nameOrPath.toStdString(), errors, &source);
    if (text) *text = QString::fromStdString(source);
    if (!sc) {
        QStringList lines;
        for (const auto& e : errors)
            lines << QString::fromStdString(e.line == 0 ? e.file + ": " + e.message : e.format());
        if (error) *error = lines.join(u'\n');
        if (unknown) *unknown = !errors.empty() && errors.front().line == 0;
        return nullptr;
    }
    auto s = std::make_unique<Session>();
    s->name = nameOrPath;
    s->design = design;
    s->maxEvents = maxEvents;
    s->text = QString::fromStdString(source);
    s->scenario = *sc;
    scenario::RunOptions opts;
    opts.designOverride = design.toStdString();
    opts.recordPoints = true;
    opts.maxEvents = maxEvents;
    s->run = scenario::runScenario(s->scenario, opts);
    if (!s->run.error.empty()) {
        if (error)
            *error = QString::fromStdString(s->run.error) +
                     (s->run.eventLimitReached ? u"; raise it with --max-events"_s : QString());
        return nullptr;
    }
    s->replay = std::make_unique<Replay>(s->run.events);
    return s;
}

std::unique_ptr<Session> Session::branch(uint32_t step, TaskId task, QString* error) const {
    const auto choice = choiceAt(step);
    if (!choice || !choice->canRun(task)) {
        if (error) *error = u"%1 cannot run next at step %2"_s.arg(taskName(task)).arg(step);
        return nullptr;
    }
    auto s = std::make_unique<Session>();
    s->name = name;
    s->design = design;
    s->maxEvents = maxEvents;
    s->text = text;
    s->scenario = scenario;
    s->branches = branches;
    s->branches.push_back({step, task});
    scenario::RunOptions opts;
    opts.designOverride = design.toStdString();
    opts.recordPoints = true;
    opts.schedule = scenario::branchSchedule(run.schedule, *choice, task);
    opts.maxEvents = maxEvents;
    s->run = scenario::runScenario(s->scenario, opts);
    const auto sameEvent = [](const Event& a, const Event& b) {
        return a.seq == b.seq && a.kind == b.kind && a.task == b.task && a.okind == b.okind &&
               a.obj == b.obj && a.a == b.a && a.b == b.b && a.sym == b.sym && a.src == b.src;
    };
    QString why;
    if (!s->run.error.empty())
        why = QString::fromStdString(s->run.error);
    else if (s->run.events.size() <= step || s->run.events[step].task != task)
        why = u"the branched run does not go on with %1"_s.arg(taskName(task));
    else if (!std::equal(run.events.begin(), run.events.begin() + step, s->run.events.begin(),
                         sameEvent))
        why = u"the branched run differs before step %1"_s.arg(step);
    if (!why.isEmpty()) {
        if (error) *error = why;
        return nullptr;
    }
    s->replay = std::make_unique<Replay>(s->run.events);
    return s;
}

QString Session::scheduleText() const {
    return QString::fromStdString(
        scenario::formatSchedule(scenario::toScenarioSchedule(run.schedule), scenario.tasks));
}

QString Session::scenarioWithSchedule() const {
    std::string comment;
    if (!branches.empty()) {
        comment = "Branched in dentryscope:";
        for (const Branch& b : branches)
            comment += " at step " + std::to_string(b.step) + " " + taskName(b.task).toStdString() +
                       " runs;";
        comment.pop_back();
    }
    return QString::fromStdString(scenario::scenarioWithSchedule(
        text.toStdString(), scenario.tasks, run.schedule, design.toStdString(), comment));
}

QString Session::branchSummary() const {
    if (branches.empty()) return {};
    const Branch& b = branches.back();
    return u"branched at step %1: %2 runs"_s.arg(b.step).arg(taskName(b.task));
}

QString Session::taskName(TaskId t) const {
    if (t == kNoTask) return u"boot"_s;
    if (t < run.taskNames.size()) return QString::fromStdString(run.taskNames[t]);
    return u"task %1"_s.arg(t);
}

QString Session::symbolText(SymId s) const {
    return qs(symbol(s));
}

QString Session::objectName(ObjId id) const {
    if (!replay || id == 0) return {};
    const auto evs = replay->eventsOf(id);
    if (evs.empty()) return {};
    const Event& e = replay->event(evs.front());
    if (e.kind == EventKind::Alloc && (e.okind == ObjKind::Dentry || e.okind == ObjKind::Eventfs))
        return symbolText(e.sym);
    return {};
}

QString Session::objectLabel(ObjId id) const {
    if (!replay || id == 0) return u"-"_s;
    const Lifespan& sp = replay->lifespan(id);
    const QString kind = qs(objKindName(sp.kind));
    const auto evs = replay->eventsOf(id);
    QString extra;
    if (!evs.empty()) {
        const Event& e = replay->event(evs.front());
        if (e.kind == EventKind::Alloc) {
            switch (e.okind) {
            case ObjKind::Dentry:
            case ObjKind::Eventfs:
                extra = u" '"_s + symbolText(e.sym) + u"'"_s;
                break;
            case ObjKind::Inode:
                extra = u" (i_ino %1)"_s.arg(e.a);
                break;
            case ObjKind::File:
                extra = u" (dentry #%1)"_s.arg(e.a);
                break;
            default:
                break;
            }
        }
    }
    return kind + u" #"_s + QString::number(id) + extra;
}

QString Session::dentryPath(ObjId id, const StateAt& s) const {
    if (s.obj(id).kind == ObjKind::None) return objectName(id); // not allocated at this step
    return qs(ds::dentryPath(s, id));
}

QString Session::sourceText(SrcId src) const {
    if (!src) return {};
    const SourceLoc& l = sourceLoc(src);
    return QString::fromStdString(l.file) + u':' + QString::number(l.line);
}

const Report* Session::reportAt(uint32_t seq) const {
    if (!replay || seq >= replay->size()) return nullptr;
    const Event& e = replay->event(seq);
    if (e.kind != EventKind::Report || e.a < 0 || size_t(e.a) >= run.reports.size()) return nullptr;
    return &run.reports[size_t(e.a)];
}

QString Session::eventText(const Event& e) const {
    const QString kind = qs(eventKindName(e.kind));
    switch (e.kind) {
    case EventKind::SyscallEnter:
        return symbolText(e.sym) + u"() enter"_s;
    case EventKind::SyscallExit:
        return symbolText(e.sym) + u"() = "_s + QString::number(e.a);
    case EventKind::FuncEnter:
        return symbolText(e.sym) + u"() {"_s;
    case EventKind::FuncExit:
        return u"} /* "_s + symbolText(e.sym) + u" */"_s;
    case EventKind::Get:
    case EventKind::Put:
        return kind + u' ' + objectLabel(e.obj) + u"  "_s + QString::number(e.a) + u" \u2192 "_s +
               QString::number(e.b) + (symbol(e.sym) == "pin" ? u" (pin)"_s : QString()) +
               (real && e.aux == import::kInferred ? u" (inferred)"_s : QString());
    case EventKind::Instantiate:
    case EventKind::Add:
        return kind + u' ' + objectLabel(e.obj) + u" inode "_s +
               (e.a ? u"#"_s + QString::number(e.a) : u"NULL"_s);
    case EventKind::LinkChild:
    case EventKind::UnlinkChild:
        return kind + u' ' + objectLabel(e.obj) + u" parent #"_s + QString::number(e.a);
    case EventKind::SetFlag:
        return kind + u' ' + objectLabel(e.obj) + u' ' + qs(flagName(static_cast<Flag>(e.a))) +
               u'=' + QString::number(e.b);
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockBlock:
        return kind + u' ' +
               (e.okind == ObjKind::Lock ? symbolText(e.sym)
                                         : u"i_rwsem of "_s + objectLabel(e.obj)) +
               (e.a == 1 ? u" exclusive"_s : u" shared"_s);
    case EventKind::Report:
        return u"REPORT: "_s + symbolText(e.sym);
    case EventKind::TaskExit:
        return u"task "_s + taskName(static_cast<TaskId>(e.obj)) +
               (e.a ? u" died"_s : u" exited"_s);
    case EventKind::FilePos:
        return kind + u' ' + objectLabel(e.obj) + u"  "_s + QString::number(e.a) + u" \u2192 "_s +
               QString::number(e.b);
    case EventKind::DirEmit: {
        const QString where =
            dirEmitFits(e)
                ? QString(u" at buffer +"_s + QString::number(e.b) + u", "_s +
                          QString::number(dirent64Reclen(symbol(e.sym).size())) + u" bytes"_s)
                : QString(u": no room at buffer +"_s + QString::number(e.b));
        return kind + u" '"_s + symbolText(e.sym) + u"' pos "_s + QString::number(e.a) + where;
    }
    case EventKind::CursorMove: {
        const QString where =
            e.a ? QString(u" before "_s + objectLabel(static_cast<ObjId>(e.a))) : u" to the end"_s;
        return kind + u' ' + objectLabel(e.obj) + where;
    }
    case EventKind::DirSkip:
        return kind + u" '"_s + symbolText(e.sym) + u"' pos "_s + QString::number(e.a) + u' ' +
               qs(dirSkipWhyName(static_cast<DirSkipWhy>(e.aux)));
    case EventKind::Revalidate:
        return kind + u' ' + objectLabel(e.obj) + (e.a ? u" valid"_s : u" invalid"_s);
    case EventKind::InLookup:
        return kind + u' ' + objectLabel(e.obj) + (e.a ? u" set"_s : u" cleared"_s);
    case EventKind::Wake:
        return kind + u" task "_s + taskName(static_cast<TaskId>(e.a)) + u" on #"_s +
               QString::number(e.obj);
    default:
        return kind + (e.obj ? u' ' + objectLabel(e.obj) : QString());
    }
}

} // namespace ds::ui
