// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The whole run on one time axis (x = event number): counter tracks for live dentries, inodes
// and bytes; per task a syscall row and one row per call depth (function spans, like a flame
// chart); per object a lifetime bar from alloc to free with its reference count as a step line.
// Paints only what is visible and bins by pixel column, so a million events stay smooth.
// Wheel zooms around the mouse, drag pans, Shift+wheel scrolls lanes; W/S zoom, A/D pan, F fits.
// The lanes themselves are TimelineLanes (no widget); the painting is in timelinepaint.cpp.

#include "timelinelanes.h"

#include <QImage>
#include <QWidget>

#include <algorithm>
#include <cmath>
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
    QSize sizeHint() const override { return {900, 500}; }

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
    struct XMap {
        double start = 0, span = 1, width = 1;
        int operator()(double step) const {
            const double x = kGutter + (step - start) / span * width;
            return static_cast<int>(std::floor(std::clamp(x, -1e6, 1e6)));
        }
        double stepAt(int x) const { return start + (x - kGutter) / width * span; }
    };
    XMap xMap() const;
    void rebuildLanes();
    void updatePlot();
    void updateScroll();
    int laneAtY(int y) const;
    QString tooltipAt(QPoint p) const;
    void zoom(double factor, double anchorStep);
    void pan(double fraction);
    void fitAll();
    void fitSelection();
    void paintLanes(QPainter& p) const;
    void paintSeparator(QPainter& p, const Lane& lane, int y) const;
    void paintCounterValues(QPainter& p) const;
    void paintLane(QPainter& p, const Lane& lane, int y) const;
    void paintCounter(QPainter& p, const Lane& lane, int y) const;
    void paintSyscalls(QPainter& p, const Lane& lane, int y) const;
    void paintDepth(QPainter& p, const Lane& lane, int y) const;
    void paintObject(QPainter& p, const Lane& lane, int y) const;
    void paintRuler(QPainter& p) const;

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
        bool operator==(const CacheKey&) const = default;
    };
    QImage cache_; // every lane, without the cursor, the counters' values and the ruler
    CacheKey cacheKey_;
    bool cacheValid_ = false;
    TimelineLanes model_;
    QPoint pressPos_;
    double pressStart_ = 0, pressEnd_ = 0;
    int pressScroll_ = 0;
    bool dragging_ = false;
    bool pressed_ = false;
};

} // namespace ds::ui
