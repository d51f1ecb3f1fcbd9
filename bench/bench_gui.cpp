// SPDX-License-Identifier: GPL-2.0-or-later
// GUI benchmarks (issue: GUI), on the offscreen platform, with the headless render's font and
// light theme. Each figure is printed next to its target, as wall time and as the process' CPU
// time (the machine may be shared: CPU time is what the code costs, wall time what a user on
// this machine would wait). Nothing here fails on time.
//   BM_LaunchToInteractive  MainWindow built, ls-R-full opened (engine run + replay build),
//                           shown and painted until the event loop is idle      (target <= 2 s)
//   BM_StepAnywhere         one step forward and one back at random positions of that run
//                           through the window's own actions, every pane painted (target <= 16 ms,
//                           worst step)
//   BM_StepParts            where a step's time goes: the focus' slots, then each pane repainted
//   BM_TimelinePaint        the timeline fitted to a run of over a million events, painted whole
//                           (as after a zoom or pan; target <= 16 ms) with the lanes at the top
//                           (counters, tasks) and further down (objects), and after a step
#include "callstack.h"
#include "console.h"
#include "focus.h"
#include "headless.h"
#include "inspector.h"
#include "mainwindow.h"
#include "session.h"
#include "timeline.h"
#include "treepane.h"

#include <benchmark/benchmark.h>

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QImage>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <random>

using namespace ds;
using namespace ds::ui;

namespace {

constexpr QSize kWindowSize{1600, 1000};
constexpr double kLaunchTargetMs = 2000;
constexpr double kFrameTargetMs = 16;

// Wall time and the CPU time of the whole process (the engine runs its tasks on threads).
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

// Sums of wall and CPU milliseconds over a benchmark's iterations.
struct Timing {
    double wall = 0, cpu = 0, worstWall = 0, worstCpu = 0;
    int n = 0;
    void add(double w, double c) {
        wall += w;
        cpu += c;
        worstWall = std::max(worstWall, w);
        worstCpu = std::max(worstCpu, c);
        ++n;
    }
    double avgWall() const { return n ? wall / n : -1; }
    double avgCpu() const { return n ? cpu / n : -1; }
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
void settle(QWidget* target) {
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

// One step through `action`, until every pane has painted it. Not inlined, so that a profiler
// can collect the timed part alone:
//   valgrind --tool=callgrind --toggle-collect='*stepAndPaint*' bench_gui
//   --benchmark_filter=StepAnywhere
[[gnu::noinline]] void stepAndPaint(QAction* action, QWidget* timeline) {
    action->trigger();
    settle(timeline);
}

std::unique_ptr<MainWindow> showLsRFull(benchmark::State& state) {
    auto window = std::make_unique<MainWindow>(/*persistent=*/false);
    if (!window->openScenario(QStringLiteral("ls-R-full"))) {
        state.SkipWithError("cannot open ls-R-full");
        return nullptr;
    }
    window->resize(kWindowSize);
    window->show();
    settle(window->timeline());
    return window;
}

struct Figures {
    Timing launch, construct, open, engine, show;
    uint32_t launchEvents = 0;
    Timing forward, back;
    Timing paintTop, paintObjects, paintStep;
    uint32_t paintEvents = 0;
    size_t paintLanes = 0;
} figures;

void BM_LaunchToInteractive(benchmark::State& state) {
    for (auto _ : state) {
        Stopwatch t;
        auto window = std::make_unique<MainWindow>(/*persistent=*/false);
        const double builtWall = t.wallMs(), builtCpu = t.cpuMs();
        if (!window->openScenario(QStringLiteral("ls-R-full"))) {
            state.SkipWithError("cannot open ls-R-full");
            return;
        }
        const double openedWall = t.wallMs(), openedCpu = t.cpuMs();
        window->resize(kWindowSize);
        window->show();
        settle(window->timeline());
        const double doneWall = t.wallMs(), doneCpu = t.cpuMs();
        state.SetIterationTime(doneWall / 1e3);
        figures.launch.add(doneWall, doneCpu);
        figures.construct.add(builtWall, builtCpu);
        figures.open.add(openedWall - builtWall, openedCpu - builtCpu);
        figures.show.add(doneWall - openedWall, doneCpu - openedCpu);
        const double engine = window->focus()->session()->run.seconds * 1e3;
        figures.engine.add(engine, engine);
        figures.launchEvents = window->focus()->steps();
        window.reset();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    state.counters["cpu_ms"] = figures.launch.avgCpu();
    state.counters["construct_ms"] = figures.construct.avgWall();
    state.counters["open_ms"] = figures.open.avgWall();
    state.counters["engine_ms"] = figures.engine.avgWall();
    state.counters["show_ms"] = figures.show.avgWall();
    state.counters["events"] = figures.launchEvents;
}
BENCHMARK(BM_LaunchToInteractive)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

void BM_StepAnywhere(benchmark::State& state) {
    const auto window = showLsRFull(state);
    if (!window) return;
    QAction* next = window->action(QStringLiteral("actionNext"));
    QAction* prev = window->action(QStringLiteral("actionPrev"));
    Focus* focus = window->focus();
    std::mt19937 rng(42);
    std::uniform_int_distribution<uint32_t> pick(1, focus->steps() - 1);
    for (auto _ : state) {
        focus->setStep(pick(rng)); // the seek itself is bench_engine's BM_SeekRandomStep
        settle(window->timeline());
        Stopwatch t;
        stepAndPaint(next, window->timeline());
        const double fWall = t.wallMs(), fCpu = t.cpuMs();
        t.restart();
        stepAndPaint(prev, window->timeline());
        const double bWall = t.wallMs(), bCpu = t.cpuMs();
        state.SetIterationTime((fWall + bWall) / 2e3);
        figures.forward.add(fWall, fCpu);
        figures.back.add(bWall, bCpu);
    }
    state.counters["forward_ms"] = figures.forward.avgWall();
    state.counters["back_ms"] = figures.back.avgWall();
    state.counters["forward_cpu_ms"] = figures.forward.avgCpu();
    state.counters["back_cpu_ms"] = figures.back.avgCpu();
    state.counters["worst_ms"] = std::max(figures.forward.worstWall, figures.back.worstWall);
}
BENCHMARK(BM_StepAnywhere)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(200);

// CPU milliseconds per step forward: the focus' slots (models and panes following the step),
// then each pane repainted on its own.
void BM_StepParts(benchmark::State& state) {
    const auto window = showLsRFull(state);
    if (!window) return;
    const std::pair<const char*, QWidget*> panes[] = {
        {"timeline_cpu_ms", window->timeline()}, {"tree_cpu_ms", window->treePane()},
        {"stack_cpu_ms", window->callStack()},   {"inspector_cpu_ms", window->inspector()},
        {"log_cpu_ms", window->eventLogView()},  {"console_cpu_ms", window->console()},
    };
    Focus* focus = window->focus();
    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> pick(1, focus->steps() - 1);
    double slots = 0;
    double paint[std::size(panes)] = {};
    for (auto _ : state) {
        focus->setStep(pick(rng));
        settle(window->timeline());
        Stopwatch t;
        focus->setStep(focus->step() + 1);
        slots += t.cpuMs();
        for (size_t i = 0; i < std::size(panes); ++i) {
            Stopwatch p;
            panes[i].second->repaint();
            paint[i] += p.cpuMs();
        }
        state.SetIterationTime(t.wallMs() / 1e3);
    }
    const double n = double(state.iterations());
    state.counters["slots_cpu_ms"] = slots / n;
    for (size_t i = 0; i < std::size(panes); ++i)
        state.counters[panes[i].first] = paint[i] / n;
}
BENCHMARK(BM_StepParts)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(50);

// Four ls -R of the whole tree with a drop_caches between: just over a million events.
std::unique_ptr<Session> loadMillion(QString* error) {
    QTemporaryDir dir;
    if (!dir.isValid()) return nullptr;
    const QString path = dir.filePath(QStringLiteral("million.scn"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return nullptr;
    f.write("design v6.8\ntree full\n"
            "task A: ls -R /sys/kernel/tracing/events\n"
            "task A: ls -R /sys/kernel/tracing/events\n"
            "task A: drop_caches\n"
            "task A: ls -R /sys/kernel/tracing/events\n"
            "task A: ls -R /sys/kernel/tracing/events\n");
    f.close();
    return Session::load(path, QString(), error);
}

void BM_TimelinePaint(benchmark::State& state) {
    QString error;
    std::unique_ptr<Session> million = loadMillion(&error);
    if (!million) {
        state.SkipWithError(error.toStdString().c_str());
        return;
    }
    Focus focus;
    focus.setSession(std::move(million));
    Timeline timeline(&focus);
    timeline.resize(kWindowSize.width(), 800);
    focus.setWindow(0, focus.steps()); // F: fit the whole run
    focus.setStep(focus.steps() / 2);
    const bool objects = state.range(0) == 1;
    const bool stepOnly = state.range(1) == 1;
    if (objects) timeline.ensureLaneVisible(static_cast<int>(timeline.lanes().size() / 2));
    QImage image(timeline.size(), QImage::Format_ARGB32_Premultiplied);
    timeline.render(&image);
    Timing& timing = stepOnly  ? figures.paintStep
                     : objects ? figures.paintObjects
                               : figures.paintTop;
    timing = {};
    const double steps = focus.steps();
    bool odd = false;
    for (auto _ : state) {
        // A step moves only the cursor; otherwise the window moves by one event, so that every
        // lane is painted again (as after a zoom or a pan).
        odd = !odd;
        if (stepOnly)
            focus.setStep(focus.step() + (odd ? 1 : -1));
        else
            focus.setWindow(odd ? -1 : 0, odd ? steps - 1 : steps);
        Stopwatch t;
        timeline.render(&image);
        const double wall = t.wallMs(), cpu = t.cpuMs();
        state.SetIterationTime(wall / 1e3);
        timing.add(wall, cpu);
    }
    figures.paintEvents = focus.steps();
    figures.paintLanes = timeline.lanes().size();
    state.counters["cpu_ms"] = timing.avgCpu();
    state.counters["events"] = focus.steps();
    state.counters["lanes"] = double(timeline.lanes().size());
}
BENCHMARK(BM_TimelinePaint)
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->ArgNames({"objects", "step_only"})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(30);

const char* verdict(double value, double target) {
    return value < 0 ? "not run" : value <= target ? "meets target" : "MISSES target";
}

void printSummary() {
    const Figures& f = figures;
    std::printf("\nGUI figures (offscreen, %dx%d window; wall time, CPU time in brackets):\n",
                kWindowSize.width(), kWindowSize.height());
    if (f.launch.n)
        std::printf("  launch to interactive, ls-R-full (%u events): %.0f ms [%.0f ms] "
                    "(target <= %.0f ms): %s\n"
                    "      window %.0f ms, open %.0f ms (engine %.0f ms), show and paint %.0f ms\n",
                    f.launchEvents, f.launch.avgWall(), f.launch.avgCpu(), kLaunchTargetMs,
                    verdict(f.launch.avgWall(), kLaunchTargetMs), f.construct.avgWall(),
                    f.open.avgWall(), f.engine.avgWall(), f.show.avgWall());
    if (f.forward.n)
        std::printf(
            "  step at random positions: forward %.2f ms [%.2f ms], back %.2f ms [%.2f ms], "
            "worst %.2f ms [%.2f ms] (target <= %.0f ms for the worst step's CPU time; the "
            "wall figure also counts time the machine gave to other processes): %s\n",
            f.forward.avgWall(), f.forward.avgCpu(), f.back.avgWall(), f.back.avgCpu(),
            std::max(f.forward.worstWall, f.back.worstWall),
            std::max(f.forward.worstCpu, f.back.worstCpu), kFrameTargetMs,
            verdict(std::max(f.forward.worstCpu, f.back.worstCpu), kFrameTargetMs));
    if (f.paintTop.n || f.paintObjects.n)
        std::printf(
            "  timeline paint fitted to %u events (%zu lanes): top lanes %.2f ms [%.2f ms], "
            "object lanes %.2f ms [%.2f ms] (target <= %.0f ms): %s\n",
            f.paintEvents, f.paintLanes, f.paintTop.avgWall(), f.paintTop.avgCpu(),
            f.paintObjects.avgWall(), f.paintObjects.avgCpu(), kFrameTargetMs,
            verdict(std::max(f.paintTop.avgWall(), f.paintObjects.avgWall()), kFrameTargetMs));
    if (f.paintStep.n)
        std::printf("      after a step (lanes cached, the cursor moves): %.2f ms [%.2f ms]\n",
                    f.paintStep.avgWall(), f.paintStep.avgCpu());
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (!headless::useRenderFont()) std::fprintf(stderr, "bench_gui: DejaVu Sans not found\n");
    headless::applyTheme(QStringLiteral("light"));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    printSummary();
    return 0;
}
