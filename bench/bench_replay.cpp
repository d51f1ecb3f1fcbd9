// SPDX-License-Identifier: GPL-2.0-or-later
// Replay benchmarks: folding rate (events/s) and seek/step-back cost on a run of ~1M events.
#include "replay/replay.h"
#include "scenario/parser.h"
#include "scenario/runner.h"

#include <benchmark/benchmark.h>

#include <random>

using namespace ds;

namespace {
const scenario::RunResult& bigRun() {
    static const scenario::RunResult run = [] {
        auto r = scenario::parseScenario(
            "design v6.8\ntree full\ntask A: ls -R /sys/kernel/tracing/events\n"
            "task A: ls -R /sys/kernel/tracing/events\ntask A: drop_caches\n"
            "task A: ls -R /sys/kernel/tracing/events\n",
            "bench.scn", scenario::defaultParserContext());
        if (!r.ok()) std::abort();
        return scenario::runScenario(*r.scenario);
    }();
    return run;
}

void BM_FoldWholeRun(benchmark::State& state) {
    const auto& run = bigRun();
    Replay rp(run.events);
    for (auto _ : state) {
        StateAt s = rp.foldFromScratch(0);
        for (const Event& e : run.events)
            rp.apply(s, e);
        benchmark::DoNotOptimize(&s);
    }
    state.counters["events_per_s"] = benchmark::Counter(
        double(run.events.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FoldWholeRun)->Unit(benchmark::kMillisecond);

void BM_BuildReplay(benchmark::State& state) {
    const auto& run = bigRun();
    for (auto _ : state) {
        Replay rp(run.events);
        benchmark::DoNotOptimize(rp.checkpointCount());
    }
    state.counters["events"] = benchmark::Counter(double(run.events.size()));
}
BENCHMARK(BM_BuildReplay)->Unit(benchmark::kMillisecond);

void BM_StepBack(benchmark::State& state) {
    const auto& run = bigRun();
    Replay rp(run.events);
    uint32_t k = rp.size();
    for (auto _ : state) {
        if (k == 0) k = rp.size();
        benchmark::DoNotOptimize(&rp.seek(--k));
    }
}
BENCHMARK(BM_StepBack)->Unit(benchmark::kMicrosecond);
} // namespace

BENCHMARK_MAIN();
