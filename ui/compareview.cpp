// SPDX-License-Identifier: GPL-2.0-or-later
#include "compareview.h"

#include "scenario/anchor.h"
#include "scenario/verdict.h"

#include "compareaxis.h"
#include "comparemodel.h"
#include "comparesides.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {

constexpr int kExplorePreemptions = 2;
constexpr int kExploreMaxSchedules = 100000;

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

const Report* firstBug(const Run& r) {
    for (const Report& x : r.reports)
        if (x.kind == Report::Kind::Bug) return &x;
    return nullptr;
}

} // namespace

CompareView::CompareView(const scenario::Scenario& sc, const scenario::RunResult& runA,
                         const std::string& designB, QWidget* parent)
    : QWidget(parent), scenario_(sc), a_(runA) {
    setObjectName(u"compareView"_s);
    // Side B runs side A's schedule, anchored: the scenario's own lines where they name A's
    // switch points (a branch's switches become anchors too), so they carry over.
    scenario_.schedule = scenario::anchoredSchedule(sc, runA);
    scenario::RunOptions o;
    o.designOverride = designB;
    o.maxEvents = std::max<std::uint64_t>(runA.events.size() * 4, scenario::kDefaultMaxEvents);
    b_ = scenario::runScenario(scenario_, o);
    comparison_ = exporter::compareRuns(a_, b_);
    // Side A's switch points, one per line of the schedule B ran.
    std::vector<std::optional<uint32_t>> switchA;
    for (const auto& sw : a_.schedule.switches)
        switchA.push_back(sw.afterEvent);
    points_ = exporter::alignedPoints(comparison_, a_, b_, switchA, b_.switchPoints);

    auto* layout = new QVBoxLayout(this);
    auto* title =
        new QLabel(tr("%1: %2 vs %3").arg(qs(sc.fileName), qs(a_.design), qs(b_.design)), this);
    QFont bold = title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    title->setFont(bold);
    layout->addWidget(title);
    const CompareSides sides = buildCompareSides(this);
    for (int side = 0; side < 2; ++side) {
        headers_[side] = sides.headers[side];
        models_[side] = sides.models[side];
        tables_[side] = sides.tables[side];
    }
    layout->addLayout(sides.grid, 1);
    axis_ = new CompareAxis(this);
    std::vector<CompareAxis::Column> columns;
    bool reported[2] = {false, false};
    for (const auto& p : points_) {
        CompareAxis::Column col;
        col.label = qs(p.label);
        if (p.row >= 0) {
            col.returnedA = comparison_.rows[size_t(p.row)].a != nullptr;
            col.returnedB = comparison_.rows[size_t(p.row)].b != nullptr;
        }
        for (int side = 0; side < 2; ++side) {
            const Report* bug = firstBug(run(side));
            bool& mark = side == 0 ? col.reportA : col.reportB;
            mark = bug && !reported[side] && (side == 0 ? p.seqA : p.seqB) >= bug->seq;
            reported[side] |= mark;
        }
        columns.push_back(col);
    }
    axis_->setColumns(std::move(columns), qs(a_.design), qs(b_.design));
    connect(axis_, &CompareAxis::columnClicked, this, &CompareView::stepTo);
    layout->addWidget(axis_);
    auto* legend =
        new QLabel(tr("Highlighted: green — exists on this side only; grey — on the "
                      "other side only; yellow — d_lockref.count differs; orange — "
                      "state differs. The strip above: the calls of both runs on one axis "
                      "(hatched: did not return; "
                      "▲ where a BUG happened, hollow on the other side)."),
                   this);
    legend->setWordWrap(true);
    layout->addWidget(legend);
    auto* bar = new QHBoxLayout;
    auto* prev = new QPushButton(tr("◀ Previous"), this);
    prev->setObjectName(u"comparePrevious"_s);
    auto* nxt = new QPushButton(tr("Next ▶"), this);
    nxt->setObjectName(u"compareNext"_s);
    pointLabel_ = new QLabel(this);
    pointLabel_->setObjectName(u"comparePoint"_s);
    explore_ = new QPushButton(tr("Explore both"), this);
    explore_->setObjectName(u"compareExplore"_s);
    progress_ = new QLabel(this);
    progress_->setObjectName(u"compareProgress"_s);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName(u"compareCancel"_s);
    cancel_->hide();
    bar->addWidget(prev);
    bar->addWidget(pointLabel_, 1);
    bar->addWidget(nxt);
    bar->addSpacing(16);
    bar->addWidget(explore_);
    bar->addWidget(progress_);
    bar->addWidget(cancel_);
    layout->addLayout(bar);
    connect(prev, &QPushButton::clicked, this, &CompareView::previous);
    connect(nxt, &QPushButton::clicked, this, &CompareView::next);
    connect(explore_, &QPushButton::clicked, this, &CompareView::startExplore);
    connect(cancel_, &QPushButton::clicked, this, &CompareView::cancelExplore);
    poll_ = new QTimer(this);
    poll_->setInterval(200);
    connect(poll_, &QTimer::timeout, this, &CompareView::showProgress);
    refresh();
}

CompareView::~CompareView() {
    cancelRequested_ = true;
    if (worker_.joinable()) worker_.join();
}

void CompareView::stepTo(int point) {
    point_ = std::clamp(point, 0, std::max(0, pointCount() - 1));
    refresh();
    Q_EMIT pointChanged(point_);
}

void CompareView::next() {
    stepTo(point_ + 1);
}

void CompareView::previous() {
    stepTo(point_ - 1);
}

void CompareView::stepToEvent(uint32_t seq) {
    int best = 0;
    for (int i = 0; i < pointCount(); ++i)
        if (points_[size_t(i)].seqA <= seq) best = i;
    stepTo(best);
}

bool CompareView::stepToBug() {
    for (int side = 0; side < 2; ++side) {
        const Report* bug = firstBug(run(side));
        if (!bug) continue;
        for (int i = 0; i < pointCount(); ++i) {
            const auto& p = points_[size_t(i)];
            if ((side == 0 ? p.seqA : p.seqB) >= bug->seq) {
                stepTo(i);
                return true;
            }
        }
    }
    return false;
}

QString CompareView::verdict(int side) const {
    return qs(verdicts_[side]);
}

QString CompareView::headerText(int side) const {
    const Run& mine = run(side);
    const Run& other = run(1 - side);
    const exporter::AlignedPoint none;
    const exporter::AlignedPoint& p = points_.empty() ? none : points_[size_t(point_)];
    QString text = tr("%1\nverdict: %2")
                       .arg(qs(mine.design),
                            verdicts_[side].empty() ? tr("not explored yet") : qs(verdicts_[side]));
    auto reportLine = [&](const Report& r, bool here) -> QString {
        const uint32_t now = (side == 0) == here ? p.seqA : p.seqB;
        const QString kind = qs(std::string(reportKindName(r.kind))).toUpper();
        const QString line =
            here ? tr("%1 at event %2: %3").arg(kind, QString::number(r.seq), qs(r.headline))
                 : tr("on %1: %2 at event %3: %4")
                       .arg(qs(other.design), kind, QString::number(r.seq), qs(r.headline));
        return u"\n"_s + (r.seq <= now ? u"● "_s : u"○ "_s) + line;
    };
    int shown = 0;
    for (const Report& r : mine.reports)
        if (r.kind != Report::Kind::Leak && shown++ < 3) text += reportLine(r, true);
    for (const Report& r : other.reports)
        if (r.kind != Report::Kind::Leak && shown++ < 5) text += reportLine(r, false);
    const int leaks = static_cast<int>(
        std::count_if(mine.reports.begin(), mine.reports.end(),
                      [](const Report& r) { return r.kind == Report::Kind::Leak; }));
    if (leaks) text += u"\n"_s + tr("%n leak report(s) at the end", nullptr, leaks);
    const int otherLeaks = static_cast<int>(
        std::count_if(other.reports.begin(), other.reports.end(),
                      [](const Report& r) { return r.kind == Report::Kind::Leak; }));
    if (otherLeaks)
        text +=
            u"\n"_s +
            tr("on %1: %n leak report(s) at the end", nullptr, otherLeaks).arg(qs(other.design));
    if (shown == 0 && !leaks) text += u"\n"_s + tr("no reports");
    for (const auto& m : (side == 0 ? a_ : b_).anchorMisses)
        text += u"\n"_s + tr("switch not taken: %1 — %2").arg(qs(m.line), qs(m.why));
    text += u"\n"_s + tr("%n dentries differ here", nullptr, models_[side]->differingRows());
    return text;
}

void CompareView::refresh() {
    // The title names both sides and, once known, their verdicts (an SVG render's <title>).
    auto side = [&](int i) -> QString {
        return verdicts_[i].empty() ? qs(run(i).design)
                                    : tr("%1 (%2)").arg(qs(run(i).design), qs(verdicts_[i]));
    };
    setWindowTitle(tr("%1 — %2 vs %3 — dentryscope").arg(qs(scenario_.fileName), side(0), side(1)));
    if (points_.empty()) {
        pointLabel_->setText(tr("no aligned points"));
        return;
    }
    axis_->setCurrent(point_);
    const auto& p = points_[size_t(point_)];
    auto rows = exporter::dentriesSideBySide(a_, p.seqA, b_, p.seqB);
    models_[0]->setRows(rows);
    models_[1]->setRows(std::move(rows));
    for (int side = 0; side < 2; ++side)
        headers_[side]->setText(headerText(side));
    pointLabel_->setText(tr("point %1 of %2: %3 — %4 at event %5, %6 at event %7")
                             .arg(point_ + 1)
                             .arg(pointCount())
                             .arg(qs(p.label), qs(a_.design))
                             .arg(p.seqA)
                             .arg(qs(b_.design))
                             .arg(p.seqB));
}

void CompareView::startExplore() {
    if (worker_.joinable()) {
        if (!exploreDone_) return;
        worker_.join();
    }
    cancelRequested_ = false;
    exploreDone_ = false;
    explore_->setEnabled(false);
    cancel_->show();
    poll_->start();
    showProgress();
    const std::string designs[2] = {a_.design, b_.design};
    worker_ = std::thread([this, sc = scenario_, da = designs[0], db = designs[1]] {
        std::string verdicts[2];
        for (int side = 0; side < 2; ++side) {
            progressSide_ = side;
            scenario::ExploreOptions o;
            o.designOverride = side == 0 ? da : db;
            o.preemptions = kExplorePreemptions;
            o.maxSchedules = kExploreMaxSchedules;
            o.onProgress = [this](const scenario::ExploreProgress& p) {
                progressSchedules_ = p.schedulesRun;
                progressPreemptions_ = p.preemptions;
                return !cancelRequested_.load();
            };
            verdicts[side] =
                scenario::exploreVerdict(scenario::explore(sc, o), kExplorePreemptions);
        }
        exploreDone_ = true;
        QMetaObject::invokeMethod(
            this, [this, a = verdicts[0], b = verdicts[1]] { finishExplore(a, b); },
            Qt::QueuedConnection);
    });
}

void CompareView::cancelExplore() {
    cancelRequested_ = true;
}

void CompareView::exploreNow() {
    for (int side = 0; side < 2; ++side) {
        scenario::ExploreOptions o;
        o.designOverride = run(side).design;
        o.preemptions = kExplorePreemptions;
        o.maxSchedules = kExploreMaxSchedules;
        verdicts_[side] =
            scenario::exploreVerdict(scenario::explore(scenario_, o), kExplorePreemptions);
    }
    refresh();
}

void CompareView::showProgress() {
    if (exploreDone_) return;
    progress_->setText(tr("exploring %1: %2 schedules, %3 preemption(s) now (bound %4)")
                           .arg(qs(run(progressSide_).design))
                           .arg(progressSchedules_.load())
                           .arg(progressPreemptions_.load())
                           .arg(kExplorePreemptions));
}

void CompareView::finishExplore(std::string verdictA, std::string verdictB) {
    poll_->stop();
    if (worker_.joinable()) worker_.join();
    verdicts_[0] = std::move(verdictA);
    verdicts_[1] = std::move(verdictB);
    progress_->setText(cancelRequested_ ? tr("explore cancelled") : tr("explored"));
    cancel_->hide();
    explore_->setEnabled(true);
    refresh();
    Q_EMIT exploreFinished();
}

} // namespace ds::ui
