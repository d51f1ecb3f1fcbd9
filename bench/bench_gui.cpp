// SPDX-License-Identifier: GPL-2.0-or-later
// GUI benchmarks (issue 16: a window that stays within one frame), on the offscreen platform,
// with the headless render's font and light theme. Each figure is printed next to its target, as
// wall time and as the process' CPU time (the machine may be shared: CPU time is what the code
// costs, wall time what a user on this machine would wait). Nothing here fails on time.
//   BM_LaunchToInteractive  MainWindow built, ls-R-full opened (engine run + replay build),
//                           shown and painted until the event loop is idle      (target <= 2 s)
//   BM_LaunchLarge          the same for the ~10M-event run, in a fresh process (launch target
//                           <= 3 s; its RSS per event, target <= 100 B)
//   BM_StepAnywhere         one step forward and one back at random positions of a run through
//                           the window's own actions, every pane painted (p99 <= 16 ms, worst
//                           <= 33 ms of CPU), on ls-R-full and on the ~10M-event run
//   BM_StepParts            where a step's time goes: the focus' slots, then each pane repainted
//   BM_TimelinePaint        the timeline fitted to a run of ~1M and ~10M events, painted whole
//                           (as after a zoom or pan; target <= 16 ms) with the lanes at the top
//                           (counters, tasks) and further down (objects), and after a step
// Runs: ls-R-full (446,559 events), "1M" (3 listings of the full tree with drop_caches between,
// ~1.3M), "10M" (23 listings, ~10.3M). `--short` (CTest's bench_gui_short) runs each benchmark
// once or a few times on smaller runs (1 and 2 listings) so that the benchmark cannot rot.
#include "callstack.h"
#include "console.h"
#include "focus.h"
#include "gui_bench_util.h"
#include "headless.h"
#include "inspector.h"
#include "mainwindow.h"
#include "session.h"
#include "timeline.h"
#include "treepane.h"

#include <benchmark/benchmark.h>

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QProcess>
#include <QTableView>

#include <array>
#include <cstring>
#include <memory>
#include <random>

using namespace ds;
using namespace ds::ui;
using ds::bench::settle;
using ds::bench::Stopwatch;
using ds::bench::Timing;

namespace {

constexpr QSize kWindowSize{1600, 1000};
constexpr double kLaunchTargetMs = 2000;      // ls-R-full
constexpr double kLaunchLargeTargetMs = 3000; // the ~10M-event run
constexpr double kFrameTargetMs = 16;         // p99 step, timeline paint
constexpr double kWorstTargetMs = 33;         // worst step
constexpr double kRssTargetBytes = 100;       // per event, the window with its run

enum RunId { LsRFull, Million, Large, RunCount };
struct Options {
    bool shortMode = false;
    int listings[RunCount] = {0, 3, 23}; // 0: the built-in ls-R-full
} opts;
const char* const kRunNames[RunCount] = {"ls-R-full", "1M", "10M"};

std::unique_ptr<QTemporaryDir> scenarioDir;
QString runPath(RunId run) {
    if (opts.listings[run] == 0) return QStringLiteral("ls-R-full");
    return bench::listingsScenario(*scenarioDir, opts.listings[run]);
}

// One window per run, opened when a benchmark first needs it and kept for the others.
std::array<std::unique_ptr<MainWindow>, RunCount> windows;
MainWindow* windowFor(RunId run, benchmark::State& state) {
    if (!windows[run]) {
        auto window = std::make_unique<MainWindow>(/*persistent=*/false);
        const QString path = runPath(run);
        QString error;
        if (path.isEmpty() || !window->openScenario(path, QString(), &error)) {
            state.SkipWithError(("cannot open " + path + ": " + error).toStdString().c_str());
            return nullptr;
        }
        window->resize(kWindowSize);
        window->show();
        settle(window->timeline());
        windows[run] = std::move(window);
    }
    return windows[run].get();
}

// One step through `action`, until every pane has painted it. Not inlined, so that a profiler
// can collect the timed part alone:
//   valgrind --tool=callgrind --toggle-collect='*stepAndPaint*' bench_gui
//   --benchmark_filter=StepAnywhere
[[gnu::noinline]] void stepAndPaint(QAction* action, QWidget* timeline) {
    action->trigger();
    settle(timeline);
}

struct Launch {
    Timing total, construct, open, engine, show;
    uint32_t events = 0;
    long baseKiB = -1, rssKiB = -1, hwmKiB = -1; // the large run's, from its own process
};
struct Paint {
    Timing top, objects, step;
    uint32_t events = 0;
    size_t lanes = 0;
};
struct Figures {
    Launch launch[RunCount];
    Timing steps[RunCount]; // forward and back, each a sample
    uint32_t stepEvents[RunCount] = {};
    Paint paint[RunCount];
} figures;

// Opens `path` in a new window and settles it; the figures go to `f`. False when it cannot.
bool launchOnce(const QString& path, Launch& f, QString* error) {
    Stopwatch t;
    auto window = std::make_unique<MainWindow>(/*persistent=*/false);
    const double builtWall = t.wallMs(), builtCpu = t.cpuMs();
    if (!window->openScenario(path, QString(), error)) return false;
    const double openedWall = t.wallMs(), openedCpu = t.cpuMs();
    window->resize(kWindowSize);
    window->show();
    settle(window->timeline());
    const double doneWall = t.wallMs(), doneCpu = t.cpuMs();
    f.total.add(doneWall, doneCpu);
    f.construct.add(builtWall, builtCpu);
    f.open.add(openedWall - builtWall, openedCpu - builtCpu);
    f.show.add(doneWall - openedWall, doneCpu - openedCpu);
    const auto& run = window->focus()->session()->run;
    f.engine.add(run.seconds * 1e3, run.cpuSeconds * 1e3);
    f.events = window->focus()->steps();
    f.rssKiB = bench::statusKiB("VmRSS");
    f.hwmKiB = bench::statusKiB("VmHWM");
    window.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return true;
}

void BM_LaunchToInteractive(benchmark::State& state) {
    Launch& f = figures.launch[LsRFull];
    for (auto _ : state) {
        QString error;
        if (!launchOnce(runPath(LsRFull), f, &error)) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
        state.SetIterationTime(f.total.walls.back() / 1e3);
    }
    state.counters["cpu_ms"] = f.total.avgCpu();
    state.counters["events"] = f.events;
}

// The child's side of BM_LaunchLarge: one launch, its figures on stdout.
int launchChild(const QString& path) {
    Launch f;
    f.baseKiB = bench::statusKiB("VmRSS");
    QString error;
    if (!launchOnce(path, f, &error)) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("launch %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %u %ld %ld %ld\n",
                f.total.walls[0], f.total.cpus[0], f.construct.walls[0], f.construct.cpus[0],
                f.open.walls[0], f.open.cpus[0], f.engine.walls[0], f.engine.cpus[0],
                f.show.walls[0], f.show.cpus[0], f.events, f.baseKiB, f.rssKiB, f.hwmKiB);
    return 0;
}

// The large run opened in a fresh process each time: its launch as a user has it, and the RSS
// of a window that has only this run in it.
void BM_LaunchLarge(benchmark::State& state) {
    Launch& f = figures.launch[Large];
    const QString path = runPath(Large);
    for (auto _ : state) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--launch-child"), path});
        if (!child.waitForFinished(300000) || child.exitCode() != 0) {
            state.SkipWithError(
                ("launch child failed: " + child.readAllStandardError()).toStdString().c_str());
            return;
        }
        const QList<QByteArray> v = child.readAllStandardOutput().trimmed().split(' ');
        if (v.size() != 15 || v[0] != "launch") {
            state.SkipWithError("launch child printed no figures");
            return;
        }
        const auto d = [&v](int i) { return v[i].toDouble(); };
        f.total.add(d(1), d(2));
        f.construct.add(d(3), d(4));
        f.open.add(d(5), d(6));
        f.engine.add(d(7), d(8));
        f.show.add(d(9), d(10));
        f.events = v[11].toUInt();
        f.baseKiB = v[12].toLong();
        f.rssKiB = std::max(f.rssKiB, v[13].toLong());
        f.hwmKiB = std::max(f.hwmKiB, v[14].toLong());
        state.SetIterationTime(d(1) / 1e3);
    }
    state.counters["cpu_ms"] = f.total.avgCpu();
    state.counters["events"] = f.events;
}

void BM_StepAnywhere(benchmark::State& state, RunId run) {
    MainWindow* window = windowFor(run, state);
    if (!window) return;
    QAction* next = window->action(QStringLiteral("actionNext"));
    QAction* prev = window->action(QStringLiteral("actionPrev"));
    Focus* focus = window->focus();
    std::mt19937 rng(42);
    std::uniform_int_distribution<uint32_t> pick(1, focus->steps() - 1);
    Timing& steps = figures.steps[run];
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
        steps.add(fWall, fCpu);
        steps.add(bWall, bCpu);
    }
    figures.stepEvents[run] = focus->steps();
    state.counters["p50_cpu_ms"] = steps.cpu(50);
    state.counters["p99_cpu_ms"] = steps.cpu(99);
    state.counters["worst_cpu_ms"] = steps.cpu(100);
    state.counters["events"] = focus->steps();
}

// CPU milliseconds per step forward: the focus' slots (models and panes following the step),
// then each pane repainted on its own.
void BM_StepParts(benchmark::State& state, RunId run) {
    MainWindow* window = windowFor(run, state);
    if (!window) return;
    const std::pair<const char*, QWidget*> panes[] = {
        {"timeline_cpu_ms", window->timeline()}, {"tree_cpu_ms", window->treePane()},
        {"stack_cpu_ms", window->callStack()},   {"inspector_cpu_ms", window->inspector()},
        {"log_cpu_ms", window->eventLogView()},  {"console_cpu_ms", window->console()},
    };
    Focus* focus = window->focus();
    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> pick(1, focus->steps() - 1);
    double slots = 0, worstSlots = 0;
    double paint[std::size(panes)] = {};
    for (auto _ : state) {
        focus->setStep(pick(rng));
        settle(window->timeline());
        Stopwatch t;
        focus->setStep(focus->step() + 1);
        const double s = t.cpuMs();
        slots += s;
        worstSlots = std::max(worstSlots, s);
        for (size_t i = 0; i < std::size(panes); ++i) {
            Stopwatch p;
            panes[i].second->repaint();
            paint[i] += p.cpuMs();
        }
        state.SetIterationTime(t.wallMs() / 1e3);
    }
    const double n = double(state.iterations());
    state.counters["slots_cpu_ms"] = slots / n;
    state.counters["slots_worst_cpu_ms"] = worstSlots;
    for (size_t i = 0; i < std::size(panes); ++i)
        state.counters[panes[i].first] = paint[i] / n;
}

// The timeline fitted to the whole run, in a widget of its own over the run's window's focus.
void BM_TimelinePaint(benchmark::State& state, RunId run, bool objects, bool stepOnly) {
    MainWindow* window = windowFor(run, state);
    if (!window) return;
    Focus& focus = *window->focus();
    Timeline timeline(&focus);
    timeline.resize(kWindowSize.width(), 800);
    focus.setWindow(0, focus.steps()); // F: fit the whole run
    focus.setStep(focus.steps() / 2);
    if (objects) timeline.ensureLaneVisible(static_cast<int>(timeline.lanes().size() / 2));
    QImage image(timeline.size(), QImage::Format_ARGB32_Premultiplied);
    timeline.render(&image);
    Paint& f = figures.paint[run];
    Timing& timing = stepOnly ? f.step : objects ? f.objects : f.top;
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
    f.events = focus.steps();
    f.lanes = timeline.lanes().size();
    state.counters["cpu_ms"] = timing.avgCpu();
    state.counters["worst_cpu_ms"] = timing.cpu(100);
    state.counters["events"] = focus.steps();
    state.counters["lanes"] = double(timeline.lanes().size());
}

void registerBenchmarks() {
    const bool s = opts.shortMode;
    const auto ms = benchmark::kMillisecond;
    benchmark::RegisterBenchmark("BM_LaunchToInteractive", BM_LaunchToInteractive)
        ->Unit(ms)
        ->UseManualTime()
        ->Iterations(s ? 1 : 3);
    benchmark::RegisterBenchmark("BM_LaunchLarge", BM_LaunchLarge)
        ->Unit(ms)
        ->UseManualTime()
        ->Iterations(s ? 1 : 3);
    for (RunId run : {LsRFull, Large}) {
        const std::string name = kRunNames[run];
        benchmark::RegisterBenchmark(("BM_StepAnywhere/" + name).c_str(), BM_StepAnywhere, run)
            ->Unit(ms)
            ->UseManualTime()
            ->Iterations(s ? 10 : 200);
        benchmark::RegisterBenchmark(("BM_StepParts/" + name).c_str(), BM_StepParts, run)
            ->Unit(ms)
            ->UseManualTime()
            ->Iterations(s ? 5 : 50);
    }
    for (RunId run : {Million, Large})
        for (auto [objects, stepOnly] : {std::pair{false, false}, {true, false}, {false, true}}) {
            const std::string name = std::string("BM_TimelinePaint/") + kRunNames[run] +
                                     (objects    ? "/objects"
                                      : stepOnly ? "/step"
                                                 : "/top");
            benchmark::RegisterBenchmark(name.c_str(), BM_TimelinePaint, run, objects, stepOnly)
                ->Unit(ms)
                ->UseManualTime()
                ->Iterations(s ? 3 : 30);
        }
}

const char* verdict(double value, double target) {
    return value < 0 ? "not run" : value <= target ? "meets target" : "MISSES target";
}

void printLaunch(const char* what, const Launch& f, double target) {
    if (!f.total.n()) return;
    std::printf("  launch to interactive, %s (%u events): %.0f ms [%.0f ms] (target <= %.0f ms): "
                "CPU %s, wall %s\n"
                "      window %.0f ms [%.0f], open %.0f ms [%.0f] (engine %.0f ms [%.0f]), show "
                "and paint %.0f ms [%.0f]\n",
                what, f.events, f.total.avgWall(), f.total.avgCpu(), target,
                verdict(f.total.avgCpu(), target), verdict(f.total.avgWall(), target),
                f.construct.avgWall(), f.construct.avgCpu(), f.open.avgWall(), f.open.avgCpu(),
                f.engine.avgWall(), f.engine.avgCpu(), f.show.avgWall(), f.show.avgCpu());
    if (f.baseKiB < 0 || f.events == 0) return;
    const double perEvent = double(f.rssKiB) * 1024 / f.events;
    std::printf("      RSS %.0f MiB (%.0f MiB before the run opened), %.1f B per event "
                "(target <= %.0f B): %s; peak %.0f MiB, %.1f B per event\n",
                double(f.rssKiB) / 1024, double(f.baseKiB) / 1024, perEvent, kRssTargetBytes,
                verdict(perEvent, kRssTargetBytes), double(f.hwmKiB) / 1024,
                double(f.hwmKiB) * 1024 / f.events);
}

void printSummary() {
    const Figures& f = figures;
    std::printf("\nGUI figures (offscreen, %dx%d window; wall time, CPU time in brackets)%s:\n",
                kWindowSize.width(), kWindowSize.height(),
                opts.shortMode ? " -- SHORT MODE: small runs, few samples, not the figures" : "");
    printLaunch("ls-R-full", f.launch[LsRFull], kLaunchTargetMs);
    printLaunch(kRunNames[Large], f.launch[Large], kLaunchLargeTargetMs);
    for (RunId run : {LsRFull, Large}) {
        const Timing& t = f.steps[run];
        if (!t.n()) continue;
        std::printf("  step at random positions, %s (%u events, %zu steps): p50 %.2f ms [%.2f], "
                    "p99 %.2f ms [%.2f] (target <= %.0f ms CPU): %s; worst %.2f ms [%.2f] "
                    "(target <= %.0f ms CPU): %s\n",
                    kRunNames[run], f.stepEvents[run], t.n(), t.wall(50), t.cpu(50), t.wall(99),
                    t.cpu(99), kFrameTargetMs, verdict(t.cpu(99), kFrameTargetMs), t.wall(100),
                    t.cpu(100), kWorstTargetMs, verdict(t.cpu(100), kWorstTargetMs));
    }
    for (RunId run : {Million, Large}) {
        const Paint& p = f.paint[run];
        if (!p.top.n() && !p.objects.n()) continue;
        const double worst = std::max(p.top.avgCpu(), p.objects.avgCpu());
        std::printf("  timeline paint fitted to %u events (%s, %zu lanes): top lanes %.2f ms "
                    "[%.2f], object lanes %.2f ms [%.2f] (target <= %.0f ms CPU): %s\n",
                    p.events, kRunNames[run], p.lanes, p.top.avgWall(), p.top.avgCpu(),
                    p.objects.avgWall(), p.objects.avgCpu(), kFrameTargetMs,
                    verdict(worst, kFrameTargetMs));
        if (p.step.n())
            std::printf("      after a step (lanes cached, the cursor moves): %.2f ms [%.2f]\n",
                        p.step.avgWall(), p.step.avgCpu());
    }
    std::printf("  (the wall figures also count time the machine gave to other processes)\n");
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QString child;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--short") == 0) {
            opts.shortMode = true;
            opts.listings[Million] = 1;
            opts.listings[Large] = 2;
        } else if (std::strcmp(argv[i], "--launch-child") == 0 && i + 1 < argc) {
            child = QString::fromLocal8Bit(argv[i + 1]);
        }
    }
    QApplication app(argc, argv);
    if (!headless::useRenderFont()) std::fprintf(stderr, "bench_gui: DejaVu Sans not found\n");
    headless::applyTheme(QStringLiteral("light"));
    if (!child.isEmpty()) return launchChild(child);
    // google benchmark rejects what it does not know: take ours out first
    int kept = 1;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--short") != 0) argv[kept++] = argv[i];
    argc = kept;
    scenarioDir = std::make_unique<QTemporaryDir>();
    if (!scenarioDir->isValid()) {
        std::fprintf(stderr, "bench_gui: cannot make a temporary directory\n");
        return 1;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    registerBenchmarks();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    for (auto& w : windows)
        w.reset();
    printSummary();
    return 0;
}
