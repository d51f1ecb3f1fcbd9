// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The whole run on one time axis (x = event number, or a real trace's time: View › Real time
// axis, timelinetime.cpp): counter tracks for live dentries, inodes
// and bytes; per task a syscall row and one row per call depth (function spans, like a flame
// chart); per object a lifetime bar from alloc to free with its reference count as a step line.
// Paints only what is visible and bins by pixel column, so a million events stay smooth.
// Wheel zooms around the mouse, drag pans, Shift+wheel scrolls lanes; W/S zoom, A/D pan, F fits,
// P pins the selected object's lane under the counters; Shift+drag selects a range of steps.
// The lanes themselves are TimelineLanes (no widget); the painting is in timelinepaint.cpp.

#include "replay/range.h"
#include "timeaxis.h"
#include "timelinelanes.h"
#include "timelinesummary.h"

#include <QImage>
#include <QWidget>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

class QScrollBar;

namespace ds::ui {

class Focus;

class Timeline : public QWidget {
    Q_OBJECT

public:
    explicit Timeline(Focus* focus, QWidget* parent = nullptr);

    using LaneKind = TimelineLaneKind;
    using Lane = TimelineLane;
    const std::vector<Lane>& lanes() const { return model_.lanes; }
    int laneOf(ObjId obj) const;    // index into lanes(), -1 if none
    QRect laneRect(int lane) const; // in widget coordinates (may be outside the view)
    int xForStep(double step) const;
    double stepAtX(int x) const;
    int plotLeft() const { return kGutter; }
    void ensureLaneVisible(int lane);
    // The vertical scroll of the lanes, in pixels from the top (part of what a picture shows).
    int laneScroll() const;
    void setLaneScroll(int pixels);
    // Object lanes shown first, under the counters (as Perfetto pins tracks).
    const std::vector<ObjId>& pinned() const { return pinned_; }
    void setPinned(std::vector<ObjId> objects);
    QSize sizeHint() const override { return {900, 500}; }

    // The first object lane after `after` whose label contains `text` (case-insensitive),
    // wrapping around; -1 when none. findLane selects its object and scrolls to it (Ctrl+L).
    int laneMatching(const QString& text, int after = -1) const;
    bool findLane(const QString& text);
    // The A/B markers as vertical lines (-1: not set).
    void setMarkers(int a, int b);

    // The x axis in real time (a real trace's timestamps, timelinetime.cpp) or in event order.
    // A simulated run has no real time: realTimeAvailable() is false, why in realTimeWhy().
    bool realTimeAvailable() const { return time_.valid(); }
    QString realTimeWhy() const;
    bool realTime() const { return realTime_ && time_.valid(); }
    // The narrowest window in real time, in steps: events at one timestamp have no width.
    static constexpr double kMinSpanSteps = 1e-6;
    void setRealTime(bool on);
    const TimeAxis& timeAxis() const { return time_; }
    // The time ruler's ticks as drawn now (empty in event order).
    std::vector<RulerTick> rulerTicks() const;
    // Where a span that ends at `step` ends (its last event is #step-1), and the cursor at step.
    int xForStepEnd(double step) const;

Q_SIGNALS:
    // Shift+drag selected the steps from..to (from <= to).
    void rangeSelected(uint32_t from, uint32_t to);
    void realTimeChanged(bool on);

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void keyPressEvent(QKeyEvent*) override;
    bool event(QEvent*) override;
    void changeEvent(QEvent*) override;

private:
    static constexpr int kGutter = 150;
    static constexpr int kRuler = 20;
    // Step <-> x for the current window and width, read once: painting maps every visible event.
    // On the real time axis (`time` set), x is proportional to the time of a position: t0 and
    // tspan are the window in ns; start and span stay the window in steps.
    struct XMap {
        double start = 0, span = 1, width = 1;
        const TimeAxis* time = nullptr;
        double t0 = 0, tspan = 1;
        // The axis value of a position: the step itself, or its time.
        double axis(double step) const { return time ? time->at(step) : step; }
        double axisAt(int x) const {
            return (time ? t0 : start) + (x - kGutter) / width * (time ? tspan : span);
        }
        int toX(double axisValue) const {
            const double x =
                kGutter + (axisValue - (time ? t0 : start)) / (time ? tspan : span) * width;
            return static_cast<int>(std::floor(std::clamp(x, -1e6, 1e6)));
        }
        int operator()(double step) const { return toX(axis(step)); }
        // A span that ends at `step` ends with event #step-1: in event order at `step`, in real
        // time at that event's timestamp (the next event may come long after).
        int end(double step) const { return time ? toX(time->stepTime(step)) : toX(step); }
        // Event #seq itself: the middle of its step in event order, its timestamp in real time.
        int event(double seq) const { return time ? toX(time->at(seq)) : toX(seq + 0.5); }
        double stepAt(int x) const { return time ? time->positionAt(axisAt(x)) : axisAt(x); }
    };
    XMap xMap() const;
    // The visible window on the axis (steps, or ns on the real time axis), and setting it.
    std::pair<double, double> axisWindow() const;
    void setAxisWindow(double from, double to);
    uint32_t stepAtClick(int x) const;
    void paintTimeRuler(QPainter& p) const;
    void rebuildLanes();
    void rebuildTimeAxis();
    void updatePlot();
    void updateScroll();
    int laneAtY(int y) const;
    QString tooltipAt(QPoint p) const;
    void zoom(double factor, double anchorStep);
    void pan(double fraction);
    void fitAll();
    void fitSelection();
    void addNavigationShortcuts();
    bool navigate(int key, bool shift); // false: not a navigation key
    void findLaneDialog();
    void paintLanes(QPainter& p) const;
    void paintSeparator(QPainter& p, const Lane& lane, int y) const;
    void paintCounterValues(QPainter& p) const;
    void paintLane(QPainter& p, const Lane& lane, int y) const;
    void paintCounter(QPainter& p, const Lane& lane, int y) const;
    void paintSyscalls(QPainter& p, const Lane& lane, int y) const;
    void paintDepth(QPainter& p, const Lane& lane, int y) const;
    void paintObject(QPainter& p, const Lane& lane, int y) const;
    const ObjectLaneSummary& objectSummary(ObjId obj) const;
    const std::vector<uint32_t>& depthEnters(TaskId task, int depth) const;
    void beginRuler(QPainter& p) const;
    void paintRuler(QPainter& p) const;
    // timelineoverlay.cpp: the markers, the range being selected and the arrows between the
    // selected object's related events (relatedEvents), over the cached lanes.
    void paintOverlays(QPainter& p);
    void paintRelations(QPainter& p);
    int eventY(uint32_t seq) const; // where an arrow meets event `seq`: its task's syscall row

    Focus* focus_;
    QScrollBar* vbar_;
    XMap paintX_; // xMap() for the paint under way
    // What the cached lanes were painted for.
    struct CacheKey {
        double start = 0, end = 0;
        QSize size;
        qreal dpr = 1;
        int scroll = 0;
        ObjId selected = 0;
        TaskId task = kNoTask;
        qint64 palette = 0;
        bool realTime = false;
        bool operator==(const CacheKey&) const = default;
    };
    QImage cache_; // every lane, without the cursor, the counters' values and the ruler
    CacheKey cacheKey_;
    bool cacheValid_ = false;
    TimelineLanes model_;
    MaxPyramid counterPeaks_[3]; // per counter lane (depth 0..2), over the run's samples
    // Object lanes with at least this many events are painted from a summary (timelinesummary.h)
    static constexpr size_t kSummarisedObjectEvents = 1024;
    static constexpr size_t kObjectSummaryBudget = 64u << 20; // bytes, then the cache restarts
    mutable std::unordered_map<ObjId, ObjectLaneSummary> objectSummaries_;
    mutable size_t objectSummaryBytes_ = 0;
    // The entry event of each call of a depth lane (Replay::callsAt), built when first painted
    mutable std::map<std::pair<TaskId, int>, std::vector<uint32_t>> depthEnters_;
    std::vector<ObjId> pinned_;
    TimeAxis time_;
    bool realTime_ = false;
    int markerA_ = -1, markerB_ = -1;
    QString lastLaneSearch_;
    bool rangeDrag_ = false;
    double rangeFrom_ = 0, rangeTo_ = 0;
    std::vector<Relation> relations_; // of relationsOf_
    ObjId relationsOf_ = 0;
    const void* relationsRun_ = nullptr;
    QPoint pressPos_;
    double pressStart_ = 0, pressEnd_ = 0;
    int pressScroll_ = 0;
    bool dragging_ = false;
    bool pressed_ = false;
};

} // namespace ds::ui
