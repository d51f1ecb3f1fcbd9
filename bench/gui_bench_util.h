// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What bench_gui measures with: wall and CPU stopwatches, samples with their percentiles, the
// event loop run until the window is painted, the process' resident memory, and the scenario
// files of the large runs (ls -R of the full tree again and again).

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QTemporaryDir>
#include <QWidget>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

namespace ds::bench {

// Wall time and the CPU time of the whole process.
class Stopwatch {
public:
    Stopwatch() { restart(); }
    void restart() {
        wall_.start();
        cpu0_ = cpuNow();
    }
    double wallMs() const { return double(wall_.nsecsElapsed()) / 1e6; }
    double cpuMs() const { return cpuNow() - cpu0_; }

private:
    static double cpuNow() {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }
    QElapsedTimer wall_;
    double cpu0_ = 0;
};

// Wall and CPU milliseconds of every iteration, for averages and percentiles.
struct Timing {
    std::vector<double> walls, cpus;
    void add(double w, double c) {
        walls.push_back(w);
        cpus.push_back(c);
    }
    size_t n() const { return walls.size(); }
    static double avg(const std::vector<double>& v) {
        double s = 0;
        for (double x : v)
            s += x;
        return v.empty() ? -1 : s / double(v.size());
    }
    // The p-th percentile (nearest rank): p = 100 is the worst.
    static double pct(std::vector<double> v, double p) {
        if (v.empty()) return -1;
        std::sort(v.begin(), v.end());
        const size_t rank = size_t(std::ceil(p / 100.0 * double(v.size())));
        return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
    }
    double avgWall() const { return avg(walls); }
    double avgCpu() const { return avg(cpus); }
    double wall(double p) const { return pct(walls, p); }
    double cpu(double p) const { return pct(cpus, p); }
};

// Counts the paint events of the whole application, and whether `target` got one.
class PaintCounter : public QObject {
public:
    explicit PaintCounter(QWidget* target) : target_(target) { qApp->installEventFilter(this); }
    ~PaintCounter() override { qApp->removeEventFilter(this); }
    bool targetPainted = false;
    int paints = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* e) override {
        if (e->type() == QEvent::Paint) {
            ++paints;
            if (watched == target_) targetPainted = true;
        }
        return false;
    }

private:
    QWidget* target_;
};

// Runs the event loop until `target` has been painted and a pass of the loop paints nothing
// more: what the user sees is up to date and the window answers the next key at once.
inline void settle(QWidget* target) {
    PaintCounter counter(target);
    QElapsedTimer t;
    t.start();
    while (!counter.targetPainted && t.elapsed() < 10000)
        QCoreApplication::processEvents();
    int before = 0;
    do {
        before = counter.paints;
        QCoreApplication::processEvents();
    } while (counter.paints != before && t.elapsed() < 10000);
}

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), -1 when unreadable.
inline long statusKiB(const char* field) {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLong();
    return -1;
}

// `listings` ls -R of the whole tree under v6.8, each followed by drop_caches (about 446,000
// events each), as a scenario file in `dir`. Empty when it cannot be written.
inline QString listingsScenario(const QTemporaryDir& dir, int listings) {
    const QString path = dir.filePath(QStringLiteral("listings-%1.scn").arg(listings));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    QByteArray text = "design v6.8\ntree full\n";
    for (int i = 0; i < listings; ++i)
        text += "task A: ls -R /sys/kernel/tracing/events\ntask A: drop_caches\n";
    if (f.write(text) != text.size() || !f.flush()) return {};
    return path;
}

} // namespace ds::bench
