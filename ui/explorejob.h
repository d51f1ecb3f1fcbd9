// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// explore in the background (Design › Explore schedules): the core's explore() on a thread of
// its own, its progress (schedules tried, rate, the preemption bound it is at) polled for the
// status bar, Cancel, and what it found: a verdict line and the failing schedule, which the
// window opens as a branch.

#include "scenario/runner.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <optional>
#include <string>
#include <thread>

class QTimer;

namespace ds::ui {

class ExploreJob : public QObject {
    Q_OBJECT

public:
    explicit ExploreJob(QObject* parent = nullptr);
    ~ExploreJob() override;

    // False when a search is already running.
    bool start(const scenario::Scenario& sc, const std::string& design, int preemptions = 2,
               int maxSchedules = 100000);
    void cancel() { cancel_ = true; }
    // Another scenario or design is open: cancels, and the result is dropped.
    void forget();
    bool running() const { return running_; }

    // "explore v6.8: 120 schedules, 640/s, 1 of at most 2 preemption(s)".
    QString progressText() const;
    QString verdict() const { return verdict_; }
    // The failing schedule of the last search, if it found one, and its report's headline.
    const std::optional<ds::Schedule>& finding() const { return finding_; }
    QString findingText() const { return findingText_; }

Q_SIGNALS:
    void progress();
    void finished();

private:
    void done(scenario::ExploreResult result, int generation);

    std::thread worker_;
    QTimer* poll_;
    QElapsedTimer clock_;
    std::string design_;
    int bound_ = 2;
    int generation_ = 0; // bumped by forget()
    std::atomic<bool> cancel_ = false;
    std::atomic<bool> running_ = false;
    std::atomic<int> schedules_ = 0, preemptions_ = 0;
    QString verdict_, findingText_;
    std::optional<ds::Schedule> finding_;
};

} // namespace ds::ui
