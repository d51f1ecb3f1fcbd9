// SPDX-License-Identifier: GPL-2.0-or-later
#include "explorejob.h"

#include "scenario/verdict.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace ds::ui {

ExploreJob::ExploreJob(QObject* parent) : QObject(parent), poll_(new QTimer(this)) {
    poll_->setInterval(250);
    connect(poll_, &QTimer::timeout, this, &ExploreJob::progress);
}

ExploreJob::~ExploreJob() {
    cancel_ = true;
    if (worker_.joinable()) worker_.join();
}

bool ExploreJob::start(const scenario::Scenario& sc, const std::string& design, int preemptions,
                       int maxSchedules) {
    if (running_) return false;
    if (worker_.joinable()) worker_.join();
    cancel_ = false;
    running_ = true;
    schedules_ = 0;
    preemptions_ = 0;
    design_ = design;
    bound_ = preemptions;
    finding_.reset();
    verdict_.clear();
    findingText_.clear();
    clock_.start();
    poll_->start();
    worker_ = std::thread([this, sc, design, preemptions, maxSchedules, gen = generation_] {
        scenario::ExploreOptions o;
        o.designOverride = design;
        o.preemptions = preemptions;
        o.maxSchedules = maxSchedules;
        o.onProgress = [this](const scenario::ExploreProgress& p) {
            schedules_ = p.schedulesRun;
            preemptions_ = p.preemptions;
            return !cancel_.load();
        };
        scenario::ExploreResult r = scenario::explore(sc, o);
        QMetaObject::invokeMethod(
            this, [this, r = std::move(r), gen]() mutable { done(std::move(r), gen); },
            Qt::QueuedConnection);
    });
    Q_EMIT progress();
    return true;
}

QString ExploreJob::progressText() const {
    const double seconds = std::max(0.001, double(clock_.elapsed()) / 1000.0);
    return tr("explore %1: %2 schedules, %3/s, %4 of at most %5 preemption(s)")
        .arg(QString::fromStdString(design_))
        .arg(schedules_.load())
        .arg(double(schedules_.load()) / seconds, 0, 'f', 0)
        .arg(preemptions_.load())
        .arg(bound_);
}

void ExploreJob::forget() {
    cancel_ = true;
    ++generation_;
    finding_.reset();
    verdict_.clear();
    findingText_.clear();
}

void ExploreJob::done(scenario::ExploreResult result, int generation) {
    poll_->stop();
    if (worker_.joinable()) worker_.join();
    if (generation != generation_) { // for a run no longer open
        running_ = false;
        Q_EMIT finished();
        return;
    }
    verdict_ = QString::fromStdString(scenario::exploreVerdict(result, bound_));
    if (result.failing) {
        finding_ = result.failingSchedule;
        for (const Report& r : result.failing->reports)
            if (r.kind != Report::Kind::Leak) {
                findingText_ = QString::fromStdString(r.headline);
                break;
            }
    }
    running_ = false;
    Q_EMIT finished();
}

} // namespace ds::ui
