// SPDX-License-Identifier: GPL-2.0-or-later
#include "timelinelanes.h"

#include "session.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
constexpr int kCounterH = 28;
constexpr int kSyscallH = 16;
constexpr int kDepthH = 12;
constexpr int kMaxDepthRows = 24;
constexpr int kHeaderH = 18;
constexpr int kObjectH = kObjectLaneHeight;
using LaneKind = TimelineLaneKind;
using Lane = TimelineLane;
} // namespace

TimelineLanes TimelineLanes::build(const Replay& rp, const Session& ses,
                                   const std::vector<ObjId>& pinned) {
    TimelineLanes out;
    std::vector<Lane>& lanes_ = out.lanes;
    int64_t* counterMax_ = out.counterMax;
    int y = 0;
    auto push = [&](Lane l) {
        l.y = y;
        y += l.h;
        lanes_.push_back(std::move(l));
    };
    counterMax_[0] = counterMax_[1] = counterMax_[2] = 1;
    for (const CounterSample& c : rp.counterSamples()) {
        counterMax_[0] = std::max<int64_t>(counterMax_[0], c.dentries);
        counterMax_[1] = std::max<int64_t>(counterMax_[1], c.inodes);
        counterMax_[2] = std::max<int64_t>(counterMax_[2], c.bytes(ses.run.sizes));
    }
    const QString counterNames[3] = {
        QCoreApplication::translate("ds::ui::TimelineLanes", "live dentries"),
        QCoreApplication::translate("ds::ui::TimelineLanes", "live inodes"),
        QCoreApplication::translate("ds::ui::TimelineLanes", "bytes")};
    for (int i = 0; i < 3; ++i)
        push(Lane{LaneKind::Counter, 0, kCounterH, kNoTask, i, 0, 1, counterNames[i]});
    const auto isPinned = [&](ObjId id) {
        return std::find(pinned.begin(), pinned.end(), id) != pinned.end();
    };
    auto addObject = [&](ObjId id) {
        const ObjKind kind = rp.lifespan(id).kind;
        int maxCount = 1;
        for (uint32_t seq : rp.eventsOf(id)) {
            const Event& e = rp.event(seq);
            if (e.kind == EventKind::Get || e.kind == EventKind::Put)
                maxCount = std::max(maxCount, e.b);
        }
        QString label = ses.objectName(id);
        if (kind == ObjKind::Inode)
            label = u"i_ino "_s + QString::number(rp.event(rp.lifespan(id).allocSeq).a);
        if (kind == ObjKind::File)
            label = QCoreApplication::translate("ds::ui::TimelineLanes", "file");
        if (label.isEmpty()) label = u"/"_s;
        push(Lane{LaneKind::Object, 0, kObjectH, kNoTask, 0, id, maxCount,
                  label + u" #"_s + QString::number(id)});
    };
    std::vector<ObjId> pins;
    for (ObjId id : pinned)
        if (id >= 1 && id <= rp.maxObjId() && rp.lifespan(id).allocSeq != kNever &&
            std::find(pins.begin(), pins.end(), id) == pins.end())
            pins.push_back(id);
    if (!pins.empty()) {
        push(Lane{
            LaneKind::Header, 0, kHeaderH, kNoTask, 0, 0, 1,
            QCoreApplication::translate("ds::ui::TimelineLanes", "pinned (%1)").arg(pins.size())});
        for (ObjId id : pins)
            addObject(id);
    }
    auto addTask = [&](TaskId t) {
        if (rp.syscallsOf(t).empty() && rp.maxDepth(t) == 0) return;
        push(Lane{
            LaneKind::Syscalls, 0, kSyscallH, t, 0, 0, 1,
            QCoreApplication::translate("ds::ui::TimelineLanes", "task %1").arg(ses.taskName(t))});
        const int depths = std::min(rp.maxDepth(t), kMaxDepthRows);
        for (int d = 0; d < depths; ++d)
            push(Lane{LaneKind::Depth, 0, kDepthH, t, d, 0, 1, QString()});
    };
    for (size_t t = 0; t < rp.taskCount(); ++t)
        addTask(static_cast<TaskId>(t));
    addTask(kNoTask);
    const ObjKind kinds[] = {ObjKind::Dentry, ObjKind::Inode, ObjKind::File, ObjKind::Eventfs};
    // headers of the object lanes: "dentries (12)"
    const char* const kindNames[] = {
        QT_TRANSLATE_NOOP("ds::ui::TimelineLanes", "dentries (%1)"),
        QT_TRANSLATE_NOOP("ds::ui::TimelineLanes", "inodes (%1)"),
        QT_TRANSLATE_NOOP("ds::ui::TimelineLanes", "files (%1)"),
        QT_TRANSLATE_NOOP("ds::ui::TimelineLanes", "eventfs_inodes (%1)")};
    for (int k = 0; k < 4; ++k) {
        std::vector<ObjId> ids;
        for (ObjId id = 1; id <= rp.maxObjId(); ++id)
            if (rp.lifespan(id).kind == kinds[k] && !isPinned(id)) ids.push_back(id);
        if (ids.empty()) continue;
        push(Lane{
            LaneKind::Header, 0, kHeaderH, kNoTask, 0, 0, 1,
            QCoreApplication::translate("ds::ui::TimelineLanes", kindNames[k]).arg(ids.size())});
        for (ObjId id : ids)
            addObject(id);
    }
    out.height = y;
    return out;
}

int TimelineLanes::laneOf(ObjId obj) const {
    if (!obj) return -1;
    for (size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].kind == LaneKind::Object && lanes[i].obj == obj) return static_cast<int>(i);
    return -1;
}

int TimelineLanes::laneAt(int cy) const {
    auto it = std::upper_bound(lanes.begin(), lanes.end(), cy,
                               [](int v, const Lane& l) { return v < l.y; });
    if (it == lanes.begin()) return -1;
    --it;
    if (cy >= it->y + it->h) return -1;
    return static_cast<int>(it - lanes.begin());
}

uint32_t callSpanEnd(const Replay& rp, uint32_t node) {
    const CallFrame& f = rp.call(node);
    if (f.exitSeq != kNever) return f.exitSeq + 1;
    const uint32_t end = rp.taskEndSeq(f.task);
    return end == kNever ? rp.size() : end + 1;
}

QString laneTooltip(const Lane& l, uint32_t seq, const Replay& rp, const Session& ses) {
    switch (l.kind) {
    case LaneKind::Counter: {
        const CounterSample c = rp.countersAt(seq);
        return QCoreApplication::translate("ds::ui::TimelineLanes",
                                           "%1\nlive dentries %2\nlive inodes %3\nbytes %4")
            .arg(Session::stepName(seq))
            .arg(c.dentries)
            .arg(c.inodes)
            .arg(c.bytes(ses.run.sizes));
    }
    case LaneKind::Syscalls:
        for (uint32_t idx : rp.syscallsOf(l.task)) {
            const SyscallSpan& s = rp.syscalls()[idx];
            if (s.enterSeq <= seq && (s.exitSeq == kNever || s.exitSeq >= seq))
                return s.exitSeq == kNever
                           ? QCoreApplication::translate(
                                 "ds::ui::TimelineLanes",
                                 "%1 (task %2)\nevents #%3 – (never returned)")
                                 .arg(ses.symbolText(s.name), ses.taskName(l.task),
                                      QString::number(s.enterSeq))
                           : QCoreApplication::translate(
                                 "ds::ui::TimelineLanes",
                                 "%1 (task %2)\nevents #%3 – %4\nreturned %5")
                                 .arg(ses.symbolText(s.name), ses.taskName(l.task),
                                      QString::number(s.enterSeq), QString::number(s.exitSeq),
                                      QString::number(s.ret));
        }
        return QCoreApplication::translate("ds::ui::TimelineLanes", "task %1")
            .arg(ses.taskName(l.task));
    case LaneKind::Depth: {
        const uint32_t node = rp.frameAt(l.task, seq);
        for (uint32_t n : rp.stack(node))
            if (rp.call(n).depth == l.depth) {
                const CallFrame& c = rp.call(n);
                return QCoreApplication::translate("ds::ui::TimelineLanes",
                                                   "%1()\ntask %2, depth %3\nevents #%4 – %5\n%6")
                    .arg(ses.symbolText(c.fn), ses.taskName(l.task))
                    .arg(l.depth)
                    .arg(c.enterSeq)
                    .arg(c.exitSeq == kNever ? QCoreApplication::translate("ds::ui::TimelineLanes",
                                                                           "(never returned)")
                                             : QString::number(c.exitSeq))
                    .arg(ses.sourceText(c.enterSrc));
            }
        return {};
    }
    case LaneKind::Object: {
        const Lifespan& sp = rp.lifespan(l.obj);
        QString t = sp.freeSeq == kNever
                        ? QCoreApplication::translate("ds::ui::TimelineLanes",
                                                      "%1\nallocated #%2, never freed")
                              .arg(ses.objectLabel(l.obj), QString::number(sp.allocSeq))
                        : QCoreApplication::translate("ds::ui::TimelineLanes",
                                                      "%1\nallocated #%2, freed #%3")
                              .arg(ses.objectLabel(l.obj), QString::number(sp.allocSeq),
                                   QString::number(sp.freeSeq));
        const auto evs = rp.eventsOf(l.obj);
        auto it = std::upper_bound(evs.begin(), evs.end(), seq);
        if (it != evs.begin()) {
            const Event& e = rp.event(*std::prev(it));
            t += QCoreApplication::translate("ds::ui::TimelineLanes", "\nlast event #%1: %2 (%3)")
                     .arg(QString::number(e.seq), ses.eventText(e), ses.taskName(e.task));
        }
        return t;
    }
    case LaneKind::Header:
        return {};
    }
    return {};
}

} // namespace ds::ui
