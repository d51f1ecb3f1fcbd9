// SPDX-License-Identifier: GPL-2.0-or-later
// Engine benchmarks (issue: engine). Prints events per second for listing the whole 6.18
// tree, bytes per stored event, and the time to seek to a random step of a 1M-event run.
#include "replay/replay.h"
#include "scenario/parser.h"
#include "scenario/runner.h"

#include <benchmark/benchmark.h>

#include <random>

using namespace ds;

namespace {
scenario::Scenario parse(const std::string& text) {
    auto r = scenario::parseScenario(text, "bench.scn", scenario::defaultParserContext());
    if (!r.ok()) std::abort();
    return *r.scenario;
}

const std::string kListFull = "design v6.8\ntree full\ntask A: ls -R /sys/kernel/tracing/events\n";

// Events per second on one core: the engine runs its tasks one at a time (a baton passes
// between threads), so the process's CPU time over the run (RunResult::cpuSeconds) is the time
// of that one core, and it stays meaningful on a busy machine where the wall clock does not.
//
// The first run in a process is slower (about a third of the steady rate): the heap grows from
// the operating system page by page and every name is interned for the first time. It is run
// once before the timed loop and reported apart as cold_events_per_s; events_per_s is the
// steady rate of the runs after it (what the GUI gets when it re-runs or branches a scenario).
void BM_ListFullTree(benchmark::State& state) {
    const auto sc = parse(kListFull);
    static double coldRate = 0; // the process's first run, measured once
    if (coldRate == 0) {
        const auto first = scenario::runScenario(sc);
        coldRate = double(first.events.size()) / first.cpuSeconds;
    }
    size_t events = 0, stored = 0;
    double cpu = 0, wall = 0;
    for (auto _ : state) {
        auto r = scenario::runScenario(sc);
        cpu += r.cpuSeconds;
        events += r.events.size();
        wall += r.seconds;
        // everything kept per event: the log with its spare capacity
        stored += r.events.bytesReserved();
        benchmark::DoNotOptimize(r.events.data());
    }
    state.counters["events_per_s"] = benchmark::Counter(double(events) / cpu);
    state.counters["events_per_s_wall"] = benchmark::Counter(double(events) / wall);
    state.counters["cold_events_per_s"] = benchmark::Counter(coldRate);
    state.counters["events_per_run"] =
        benchmark::Counter(double(events) / double(state.iterations()));
    state.counters["bytes_per_event"] = benchmark::Counter(double(stored) / double(events));
    state.counters["record_bytes"] = benchmark::Counter(double(sizeof(Event)));
}
BENCHMARK(BM_ListFullTree)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_SeekRandomStep(benchmark::State& state) {
    // three ls -R of the full tree: just over a million events
    const auto sc = parse(
        "design v6.8\ntree full\ntask A: ls -R /sys/kernel/tracing/events\n"
        "task A: ls -R /sys/kernel/tracing/events\ntask A: drop_caches\n"
        "task A: ls -R /sys/kernel/tracing/events\ntask A: ls -R /sys/kernel/tracing/events\n");
    auto r = scenario::runScenario(sc);
    Replay rp(r.events);
    std::mt19937 rng(42);
    std::uniform_int_distribution<uint32_t> pick(0, rp.size());
    for (auto _ : state)
        benchmark::DoNotOptimize(&rp.seek(pick(rng)));
    state.counters["run_events"] = benchmark::Counter(double(r.events.size()));
    state.counters["checkpoints"] = benchmark::Counter(double(rp.checkpointCount()));
}
BENCHMARK(BM_SeekRandomStep)->Unit(benchmark::kMillisecond);
} // namespace

BENCHMARK_MAIN();
