// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The compare view: one scenario run under two designs side by side (Design › Compare with…,
// or `dentryscope SCENARIO --design A --compare B`). Both runs stand at aligned points, the
// exits of the same calls and the same switch lines (exporter::alignedPoints); stepping moves
// both. Each side shows its dentries at that point, with what exists on one side only, counts
// that differ and states that differ highlighted; its reports (marked on both sides, with the
// point where each happened); and its explore verdict, found in the background with progress
// and cancel.

#include "export/compare.h"
#include "scenario/runner.h"

#include <QWidget>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace ds::ui {

class CompareAxis;
class CompareDentryModel;

class CompareView : public QWidget {
    Q_OBJECT

public:
    // `runA` is a run of `sc` (the window's); side B runs `sc` under `designB` here.
    CompareView(const scenario::Scenario& sc, const scenario::RunResult& runA,
                const std::string& designB, QWidget* parent = nullptr);
    ~CompareView() override;

    int pointCount() const { return static_cast<int>(points_.size()); }
    int point() const { return point_; }
    const exporter::AlignedPoint& alignedPoint(int i) const { return points_.at(size_t(i)); }
    void stepTo(int point);
    // The last point at or before event `seq` of side A.
    void stepToEvent(uint32_t seq);
    // The first point at or after the first BUG of either side; false when neither has one.
    bool stepToBug();

    CompareDentryModel* model(int side) const { return models_[side]; }
    QTableView* table(int side) const { return tables_[side]; }
    CompareAxis* axis() const { return axis_; }
    const scenario::RunResult& run(int side) const { return side == 0 ? a_ : b_; }
    QString verdict(int side) const;
    QString headerText(int side) const;

    // Explore both sides in the background (progress in the view, Cancel stops it).
    void startExplore();
    void cancelExplore();
    bool exploring() const { return worker_.joinable() && !exploreDone_; }
    // Explore both sides now, on this thread (headless renders).
    void exploreNow();

public Q_SLOTS:
    void next();
    void previous();

Q_SIGNALS:
    void pointChanged(int point);
    void exploreFinished();

private:
    void refresh();
    void showProgress();
    void finishExplore(std::string verdictA, std::string verdictB);

    scenario::Scenario scenario_;
    scenario::RunResult a_, b_;
    exporter::Comparison comparison_;
    std::vector<exporter::AlignedPoint> points_;
    int point_ = 0;
    CompareAxis* axis_;
    CompareDentryModel* models_[2];
    QTableView* tables_[2];
    QLabel* headers_[2];
    QLabel* pointLabel_;
    QLabel* progress_;
    QPushButton* cancel_;
    QPushButton* explore_;
    QTimer* poll_;
    std::string verdicts_[2];
    std::thread worker_;
    std::atomic<bool> cancelRequested_ = false;
    std::atomic<bool> exploreDone_ = false;
    std::atomic<int> progressSide_ = 0, progressSchedules_ = 0, progressPreemptions_ = 0;
};

} // namespace ds::ui
