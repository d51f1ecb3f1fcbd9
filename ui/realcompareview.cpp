// SPDX-License-Identifier: GPL-2.0-or-later
#include "realcompareview.h"

#include "compareaxis.h"
#include "comparemodel.h"
#include "comparesides.h"
#include "conformdiffmodel.h"

#include "replay/dentry_class.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

// "openat /sys/kernel/tracing/events/sched" -> "openat events/sched"
QString shortLabel(const std::string& label) {
    QString s = qs(label);
    s.replace(qs(std::string(kTracefsRoot) + "/"), QString());
    return s;
}

struct SideDentry {
    int count = 0;
    std::string state;
    uint32_t allocSeq = 0;
};

// The eventfs dentries (below /events) alive on one side right after event `seq`, by path.
std::map<std::string, SideDentry> eventfsDentries(const Replay& r, uint32_t seq) {
    std::map<std::string, SideDentry> out;
    if (r.size() == 0) return out;
    const StateAt s = r.stateAt(std::min(seq + 1, r.size()));
    for (ObjId id = 1; id < s.objCapacity(); ++id) {
        const ObjState& o = s.obj(id);
        if (o.kind != ObjKind::Dentry || !o.alive() || o.has(ObjState::Cursor)) continue;
        std::string path = dentryPath(s, id);
        if (path != "/events" && !path.starts_with("/events/")) continue;
        out[std::move(path)] = {o.count, std::string(dentryClassName(dentryClass(o))),
                                r.lifespan(id).allocSeq};
    }
    return out;
}

} // namespace

RealCompareView::RealCompareView(std::shared_ptr<const import::RealTrace> trace,
                                 const QString& name, const std::string& design, QWidget* parent)
    : QWidget(parent), trace_(std::move(trace)), name_(name) {
    setObjectName(u"realCompareView"_s);
    result_ = import::conform(*trace_, design);
    replays_[0] = std::make_unique<Replay>(trace_->run.events);
    replays_[1] = std::make_unique<Replay>(result_.sim.events);

    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(
        tr("%1: the real kernel vs %2 (its syscalls simulated)").arg(name_, qs(design)), this);
    QFont bold = title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    title->setFont(bold);
    layout->addWidget(title);
    score_ = new QLabel(this);
    score_->setObjectName(u"conformScore"_s);
    score_->setTextFormat(Qt::PlainText);
    score_->setWordWrap(true);
    layout->addWidget(score_);
    const CompareSides sides = buildCompareSides(this);
    for (int side = 0; side < 2; ++side) {
        headers_[side] = sides.headers[side];
        models_[side] = sides.models[side];
        tables_[side] = sides.tables[side];
    }
    layout->addLayout(sides.grid, 3);
    axis_ = new CompareAxis(this);
    buildAxis();
    connect(axis_, &CompareAxis::columnClicked, this, &RealCompareView::stepTo);
    layout->addWidget(axis_);
    auto* legend = new QLabel(
        tr("Highlighted: green — exists on this side only; grey — on the other side only; "
           "yellow — d_lockref.count differs; orange — state differs. The strip: the traced "
           "syscalls replayed, an orange bar where conform found a difference. Below: every "
           "difference, with the trace line it rests on; those of this point highlighted."),
        this);
    legend->setWordWrap(true);
    layout->addWidget(legend);
    diffs_ = new ConformDiffModel(this);
    diffs_->setResult(&result_);
    diffTable_ = new QTableView(this);
    diffTable_->setObjectName(u"conformDifferences"_s);
    diffTable_->setModel(diffs_);
    diffTable_->verticalHeader()->hide();
    diffTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    diffTable_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    diffTable_->resizeColumnsToContents();
    connect(diffTable_, &QTableView::clicked, this, [this](const QModelIndex& i) {
        const int c = i.data(ConformDiffModel::CallRole).toInt();
        if (c >= 0) stepTo(c);
    });
    layout->addWidget(diffTable_, 2);
    auto* bar = new QHBoxLayout;
    auto* prev = new QPushButton(tr("◀ Previous"), this);
    prev->setObjectName(u"comparePrevious"_s);
    auto* nxt = new QPushButton(tr("Next ▶"), this);
    nxt->setObjectName(u"compareNext"_s);
    pointLabel_ = new QLabel(this);
    pointLabel_->setObjectName(u"comparePoint"_s);
    bar->addWidget(prev);
    bar->addWidget(pointLabel_, 1);
    bar->addWidget(nxt);
    layout->addLayout(bar);
    connect(prev, &QPushButton::clicked, this, &RealCompareView::previous);
    connect(nxt, &QPushButton::clicked, this, &RealCompareView::next);
    setWindowTitle(tr("%1 — real vs %2 — dentryscope").arg(name_, qs(design)));
    refresh();
}

RealCompareView::~RealCompareView() = default;

void RealCompareView::buildAxis() {
    std::vector<int> perCall(result_.calls.size());
    for (const import::ConformDiff& d : result_.diffs)
        if (d.call >= 0 && size_t(d.call) < perCall.size()) ++perCall[size_t(d.call)];
    const Report* bug = nullptr;
    for (const Report& r : result_.sim.reports)
        if (r.kind == Report::Kind::Bug && !bug) bug = &r;
    bool reported = false;
    std::vector<CompareAxis::Column> columns;
    for (size_t i = 0; i < result_.calls.size(); ++i) {
        const import::ConformCall& c = result_.calls[i];
        CompareAxis::Column col;
        col.label = shortLabel(c.label);
        col.returnedB = c.simExitSeq.has_value();
        col.reportB = bug && !reported && seqAt(int(i), 1) >= bug->seq;
        reported |= col.reportB;
        col.differences = perCall[i];
        columns.push_back(std::move(col));
    }
    axis_->setColumns(std::move(columns), tr("real"), qs(result_.design));
}

uint32_t RealCompareView::seqAt(int point, int side) const {
    if (point < 0 || point >= pointCount()) return 0;
    if (side == 0) return call(point).realExitSeq;
    // A call that did not return in the simulation: where the one before it did.
    for (int p = point; p >= 0; --p)
        if (call(p).simExitSeq) return *call(p).simExitSeq;
    return result_.sim.bootEvents ? result_.sim.bootEvents - 1 : 0;
}

void RealCompareView::stepTo(int point) {
    point_ = std::clamp(point, 0, std::max(0, pointCount() - 1));
    refresh();
    Q_EMIT pointChanged(point_);
}

void RealCompareView::next() {
    stepTo(point_ + 1);
}

void RealCompareView::previous() {
    stepTo(point_ - 1);
}

void RealCompareView::stepToEvent(uint32_t seq) {
    int best = 0;
    for (int i = 0; i < pointCount(); ++i)
        if (call(i).realExitSeq <= seq) best = i;
    stepTo(best);
}

QString RealCompareView::scoreText() const {
    return u"facts equal: %1/%2 (%3)"_s.arg(result_.equal)
        .arg(result_.total)
        .arg(qs(result_.design));
}

QString RealCompareView::headerText(int side) const {
    const QString differ = tr("%n dentries differ here", nullptr, models_[side]->differingRows());
    if (pointCount() == 0) return side == 0 ? tr("the real kernel") : qs(result_.design);
    const import::ConformCall& c = call(point_);
    const import::RealSyscall& rs = trace_->syscalls[c.syscall];
    const SyscallRecord& real = trace_->run.records[rs.record];
    if (side == 0)
        return tr("the real kernel (%1)\ntrace line %2: %3 = %4\n%5")
            .arg(name_)
            .arg(rs.exitLine)
            .arg(shortLabel(c.label))
            .arg(real.ret)
            .arg(differ);
    QString ret = tr("did not return");
    for (const SyscallRecord& r : result_.sim.records)
        if (c.simExitSeq && r.exitSeq == *c.simExitSeq) ret = u"= "_s + QString::number(r.ret);
    return tr("%1, simulated: the same syscalls\nevent %2: %3 %4\n%5")
        .arg(qs(result_.design))
        .arg(seqAt(point_, 1))
        .arg(shortLabel(c.label), ret, differ);
}

void RealCompareView::refresh() {
    QString score = scoreText();
    if (!result_.error.empty())
        score = tr("the simulation could not run: %1").arg(qs(result_.error));
    else
        score += tr(" — %1 syscalls replayed, %2 skipped; %3 differences")
                     .arg(result_.replayed)
                     .arg(result_.skipped)
                     .arg(result_.diffs.size());
    score_->setText(score);
    if (pointCount() == 0) {
        pointLabel_->setText(tr("no traced syscall on eventfs to replay"));
        return;
    }
    axis_->setCurrent(point_);
    const uint32_t seqA = seqAt(point_, 0), seqB = seqAt(point_, 1);
    const auto real = eventfsDentries(*replays_[0], seqA);
    const auto sim = eventfsDentries(*replays_[1], seqB);
    // As conform: a dentry the simulation had from its boot and the trace never saw is no fact.
    std::map<std::string, exporter::DentryDiff> rows;
    for (const auto& [p, d] : real)
        rows[p] = {p, d.count, -1, d.state, {}};
    for (const auto& [p, d] : sim) {
        if (!real.count(p) && d.allocSeq < result_.sim.bootEvents) continue;
        auto& row = rows.try_emplace(p, exporter::DentryDiff{p}).first->second;
        row.countB = d.count;
        row.stateB = d.state;
    }
    std::vector<exporter::DentryDiff> list;
    for (auto& [p, d] : rows)
        list.push_back(std::move(d));
    models_[0]->setRows(list);
    models_[1]->setRows(std::move(list));
    for (int side = 0; side < 2; ++side)
        headers_[side]->setText(headerText(side));
    diffs_->setCurrentCall(point_);
    if (const int row = diffs_->firstRowOf(point_); row >= 0)
        diffTable_->scrollTo(diffs_->index(row, 0), QAbstractItemView::PositionAtTop);
    pointLabel_->setText(tr("point %1 of %2: %3 — real at event %4 (trace line %5), %6 at event %7")
                             .arg(point_ + 1)
                             .arg(pointCount())
                             .arg(shortLabel(call(point_).label))
                             .arg(seqA)
                             .arg(trace_->line[seqA])
                             .arg(qs(result_.design))
                             .arg(seqB));
}

} // namespace ds::ui
