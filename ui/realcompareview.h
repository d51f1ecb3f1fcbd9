// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The compare view for a real trace (Design › Compare with… while a trace is open, or
// `dentryscope TRACE --compare v6.8`): on the left the real kernel, on the right the simulation
// of the same syscalls under a design, as `dentryscope-cli conform` replays and compares them
// (core/import/conform.h). The aligned points are the replayed syscalls' exits; stepping moves
// both sides. Each side's table shows the eventfs dentries at that point (what exists on one side
// only, counts and states that differ highlighted); the strip marks the calls with differences;
// below, conform's differences, those of the point shown highlighted, and its score.

#include "import/conform.h"
#include "replay/replay.h"

#include <QWidget>

#include <memory>
#include <string>

class QLabel;
class QTableView;

namespace ds::ui {

class CompareAxis;
class CompareDentryModel;
class ConformDiffModel;

class RealCompareView : public QWidget {
    Q_OBJECT

public:
    // `trace` is the window's real trace, `name` its file; `design` is simulated here.
    RealCompareView(std::shared_ptr<const import::RealTrace> trace, const QString& name,
                    const std::string& design, QWidget* parent = nullptr);
    ~RealCompareView() override;

    const import::ConformResult& result() const { return result_; }
    int pointCount() const { return static_cast<int>(result_.calls.size()); }
    int point() const { return point_; }
    const import::ConformCall& call(int point) const { return result_.calls.at(size_t(point)); }
    // Where each side stands at a point: the event it has just done.
    uint32_t seqAt(int point, int side) const;
    void stepTo(int point);
    // The last point at or before event `seq` of the real trace.
    void stepToEvent(uint32_t seq);

    // "facts equal: N/M (v6.8)", as dentryscope-cli conform prints it.
    QString scoreText() const;
    QString headerText(int side) const;
    CompareDentryModel* model(int side) const { return models_[side]; }
    QTableView* table(int side) const { return tables_[side]; }
    ConformDiffModel* differences() const { return diffs_; }
    QTableView* differenceTable() const { return diffTable_; }
    CompareAxis* axis() const { return axis_; }

public Q_SLOTS:
    void next();
    void previous();

Q_SIGNALS:
    void pointChanged(int point);

private:
    void refresh();
    void buildAxis();

    std::shared_ptr<const import::RealTrace> trace_;
    QString name_;
    import::ConformResult result_;
    std::unique_ptr<Replay> replays_[2]; // real, simulated
    int point_ = 0;
    QLabel* score_;
    QLabel* headers_[2];
    CompareDentryModel* models_[2];
    QTableView* tables_[2];
    CompareAxis* axis_;
    ConformDiffModel* diffs_;
    QTableView* diffTable_;
    QLabel* pointLabel_;
};

} // namespace ds::ui
