// SPDX-License-Identifier: GPL-2.0-or-later
#include "session.h"
#include "scenario/anchor.h"
#include "scenario/replayable.h"

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
    return start(nameOrPath, QString::fromStdString(source), *sc, design, error, maxEvents);
}

std::unique_ptr<Session> Session::fromText(const QString& name, const QString& text,
                                           const QString& design, QString* error,
                                           std::uint64_t maxEvents) {
    const std::string source = text.toStdString();
    auto parsed =
        scenario::parseScenario(source, name.toStdString(), scenario::defaultParserContext());
    if (!parsed.scenario) {
        QStringList lines;
        for (const auto& e : parsed.errors)
            lines << QString::fromStdString(e.format());
        if (error) *error = lines.join(u'\n');
        return nullptr;
    }
    return start(name, text, *parsed.scenario, design, error, maxEvents);
}

std::unique_ptr<Session> Session::start(const QString& name, const QString& text,
                                        const scenario::Scenario& sc, const QString& design,
                                        QString* error, std::uint64_t maxEvents) {
    auto s = std::make_unique<Session>();
    s->name = name;
    s->design = design;
    s->maxEvents = maxEvents;
    s->text = text;
    s->scenario = sc;
    scenario::RunOptions opts;
    opts.designOverride = design.toStdString();
    opts.recordPoints = true;
    opts.maxEvents = maxEvents;
    s->run = scenario::runScenario(s->scenario, opts);
    if (!s->run.error.empty()) {
        if (error)
            *error = QString::fromStdString(s->run.error) +
                     (s->run.eventLimitReached ? tr("; raise it with --max-events") : QString());
        return nullptr;
    }
    s->replay = std::make_unique<Replay>(s->run.events);
    return s;
}

std::unique_ptr<Session> Session::branch(uint32_t step, TaskId task, QString* error) const {
    const auto choice = choiceAt(step);
    if (!choice || !choice->canRun(task)) {
        if (error) *error = tr("%1 cannot run next at %2").arg(taskName(task), stepName(step));
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
        why = tr("the branched run does not go on with %1").arg(taskName(task));
    else if (!std::equal(run.events.begin(), run.events.begin() + step, s->run.events.begin(),
                         sameEvent))
        why = tr("the branched run differs before step %1").arg(step);
    if (!why.isEmpty()) {
        if (error) *error = why;
        return nullptr;
    }
    s->replay = std::make_unique<Replay>(s->run.events);
    return s;
}

std::unique_ptr<Session> Session::withSchedule(const ds::Schedule& schedule, QString* error) const {
    auto s = std::make_unique<Session>();
    s->name = name;
    s->design = design;
    s->maxEvents = maxEvents;
    s->text = text;
    s->scenario = scenario;
    s->branches = branches;
    if (!schedule.switches.empty())
        s->branches.push_back({schedule.switches.back().afterEvent + 1,
                               static_cast<TaskId>(schedule.switches.back().task)});
    scenario::RunOptions opts;
    opts.designOverride = design.toStdString();
    opts.recordPoints = true;
    opts.schedule = schedule;
    opts.maxEvents = maxEvents;
    s->run = scenario::runScenario(s->scenario, opts);
    if (!s->run.error.empty()) {
        if (error) *error = QString::fromStdString(s->run.error);
        return nullptr;
    }
    s->replay = std::make_unique<Replay>(s->run.events);
    return s;
}

QString Session::scheduleText() const {
    return QString::fromStdString(
        scenario::formatSchedule(scenario::anchoredSchedule(scenario, run), scenario.tasks));
}

QString Session::anchorMissesText() const {
    std::string out;
    for (const auto& m : run.anchorMisses)
        out += scenario::formatMiss(scenario.fileName, run.design, m);
    return QString::fromStdString(out).trimmed();
}

QString Session::scenarioWithSchedule() const {
    std::string comment;
    if (!branches.empty()) {
        comment = "Branched in dentryscope:";
        for (const Branch& b : branches)
            // a comment of the scenario file: English whatever the GUI's language
            comment +=
                " at " +
                (b.step == 0 ? std::string("the start") : "step " + std::to_string(b.step - 1)) +
                " " + taskName(b.task).toStdString() + " runs;";
        comment.pop_back();
    }
    return QString::fromStdString(
        scenario::replayableScenario(text.toStdString(), scenario, run, comment));
}

QString Session::stepName(uint32_t step) {
    return step == 0 ? tr("the start") : tr("step %1").arg(step - 1);
}

QString Session::branchSummary() const {
    if (branches.empty()) return {};
    const Branch& b = branches.back();
    return tr("branched at %1: %2 runs").arg(stepName(b.step), taskName(b.task));
}

QString Session::taskName(TaskId t) const {
    if (t == kNoTask) return tr("boot");
    if (t < run.taskNames.size()) return QString::fromStdString(run.taskNames[t]);
    return tr("task %1").arg(t);
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

QString Session::objectKind(ObjId id) const {
    if (!replay || id == 0) return {};
    const Lifespan& sp = replay->lifespan(id);
    if (sp.kind == ObjKind::Eventfs && sp.allocSeq != kNever) // below the events dir: a parent
        return qs(run.eventfs.structOf(replay->event(sp.allocSeq).a != 0));
    return qs(objKindName(sp.kind));
}

QString Session::objectLabel(ObjId id) const {
    if (!replay || id == 0) return u"-"_s;
    const QString kind = objectKind(id);
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
        return tr("%1() enter").arg(symbolText(e.sym));
    case EventKind::SyscallExit:
        return symbolText(e.sym) + u"() = "_s + QString::number(e.a);
    case EventKind::FuncEnter:
        return symbolText(e.sym) + u"() {"_s;
    case EventKind::FuncExit:
        return u"} /* "_s + symbolText(e.sym) + u" */"_s;
    case EventKind::Get:
    case EventKind::Put:
        return kind + u' ' + objectLabel(e.obj) + u"  "_s + QString::number(e.a) + u" \u2192 "_s +
               QString::number(e.b) + (symbol(e.sym) == "pin" ? tr(" (pin)") : QString()) +
               (real && e.aux == import::kInferred ? tr(" (inferred)") : QString());
    case EventKind::Instantiate:
    case EventKind::Add:
        return e.a ? tr("%1 %2 inode #%3").arg(kind, objectLabel(e.obj), QString::number(e.a))
                   : tr("%1 %2 inode NULL").arg(kind, objectLabel(e.obj));
    case EventKind::LinkChild:
    case EventKind::UnlinkChild:
        return tr("%1 %2 parent #%3").arg(kind, objectLabel(e.obj), QString::number(e.a));
    case EventKind::SetFlag:
        return kind + u' ' + objectLabel(e.obj) + u' ' + qs(flagName(static_cast<Flag>(e.a))) +
               u'=' + QString::number(e.b);
    case EventKind::LockAcquire:
    case EventKind::LockRelease:
    case EventKind::LockBlock: {
        const QString lock = e.okind == ObjKind::Lock ? symbolText(e.sym)
                                                      : tr("i_rwsem of %1").arg(objectLabel(e.obj));
        return (e.a == 1 ? tr("%1 %2 exclusive") : tr("%1 %2 shared")).arg(kind, lock);
    }
    case EventKind::Report:
        return tr("REPORT: %1").arg(symbolText(e.sym));
    case EventKind::TaskExit:
        return (e.a ? tr("task %1 died") : tr("task %1 exited"))
            .arg(taskName(static_cast<TaskId>(e.obj)));
    case EventKind::FilePos:
        return kind + u' ' + objectLabel(e.obj) + u"  "_s + QString::number(e.a) + u" \u2192 "_s +
               QString::number(e.b);
    case EventKind::DirEmit: {
        if (!dirEmitFits(e))
            return tr("%1 '%2' pos %3: no room at buffer +%4")
                .arg(kind, symbolText(e.sym), QString::number(e.a), QString::number(e.b));
        return tr("%1 '%2' pos %3 at buffer +%4, %n bytes", nullptr,
                  int(dirent64Reclen(symbol(e.sym).size())))
            .arg(kind, symbolText(e.sym), QString::number(e.a), QString::number(e.b));
    }
    case EventKind::CursorMove: {
        if (!e.a) return tr("%1 %2 to the end").arg(kind, objectLabel(e.obj));
        return tr("%1 %2 before %3")
            .arg(kind, objectLabel(e.obj), objectLabel(static_cast<ObjId>(e.a)));
    }
    case EventKind::DirSkip:
        return tr("%1 '%2' pos %3 %4")
            .arg(kind, symbolText(e.sym), QString::number(e.a),
                 qs(dirSkipWhyName(static_cast<DirSkipWhy>(e.aux))));
    case EventKind::Revalidate:
        return (e.a ? tr("%1 %2 valid") : tr("%1 %2 invalid")).arg(kind, objectLabel(e.obj));
    case EventKind::InLookup:
        return (e.a ? tr("%1 %2 set") : tr("%1 %2 cleared")).arg(kind, objectLabel(e.obj));
    case EventKind::Wake:
        return tr("%1 task %2 on #%3")
            .arg(kind, taskName(static_cast<TaskId>(e.a)), QString::number(e.obj));
    default:
        return kind + (e.obj ? u' ' + objectLabel(e.obj) : QString());
    }
}

} // namespace ds::ui
