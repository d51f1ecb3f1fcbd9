// SPDX-License-Identifier: GPL-2.0-or-later
// Explore benchmarks (issue 16): schedules per second of CPU and the number of schedules of
// both modes (plain enumeration, sleep-set reduction) for two readers at bounds 1-4 and three
// readers at bounds 1-3 under v6.8, each printed beside its target:
//   schedules_per_s >= 20,000 (CPU time) on two readers;
//   reduction_x >= 10 (plain schedules / reduced schedules) at bound 3 for two readers.
// Every run also checks that both modes reach the same verdict (a mismatch aborts).
#include "scenario/parser.h"
#include "scenario/runner.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

using namespace ds;

namespace {

double cpuNow() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

std::string readers(int n) {
    std::string text = "design v6.8\ntree sched\n";
    for (int i = 0; i < n; ++i) {
        const std::string t(1, char('A' + i));
        text += "task " + t +
                ": r0 = open(\"/sys/kernel/tracing/events/sched\", O_RDONLY|O_DIRECTORY)\n"
                "task " +
                t + ": getdents64(r0, 4096)\ntask " + t + ": close(r0)\n";
    }
    return text;
}

struct Timed {
    scenario::ExploreResult result;
    double cpu = 0;
};

Timed timedExplore(const scenario::Scenario& sc, int bound, bool reduction) {
    scenario::ExploreOptions opts;
    opts.preemptions = bound;
    opts.maxSchedules = 10'000'000;
    opts.reduction = reduction;
    const double start = cpuNow();
    Timed t{scenario::explore(sc, opts), 0};
    t.cpu = cpuNow() - start;
    return t;
}

// state.range(0): readers; state.range(1): the bound.
void BM_Explore(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    const int bound = static_cast<int>(state.range(1));
    const auto parsed =
        scenario::parseScenario(readers(n), "bench.scn", scenario::defaultParserContext());
    if (!parsed.ok()) std::abort();
    // The process's first explore pays for loading the tree and mapping the task stacks once.
    static const bool warm = (timedExplore(*parsed.scenario, 1, false), true);
    (void)warm;
    Timed plain, reduced;
    for (auto _ : state) {
        plain = timedExplore(*parsed.scenario, bound, false);
        reduced = timedExplore(*parsed.scenario, bound, true);
    }
    if (plain.result.failing.has_value() != reduced.result.failing.has_value() ||
        plain.result.exhausted != reduced.result.exhausted) {
        std::fprintf(stderr, "bench_explore: the two modes disagree\n");
        std::abort();
    }
    const double ps = plain.result.schedulesRun, rs = reduced.result.schedulesRun;
    state.counters["plain_schedules"] = ps;
    state.counters["plain_schedules_per_s"] = ps / plain.cpu;
    state.counters["reduced_schedules"] = rs;
    state.counters["reduced_schedules_per_s"] = rs / reduced.cpu;
    state.counters["target_schedules_per_s"] = 20000;
    state.counters["reduction_x"] = rs > 0 ? ps / rs : 0;
    state.counters["target_reduction_x_at_bound_3"] = 10;
    state.counters["plain_runs"] = plain.result.runs; // re-runs of shorter schedules included
    state.counters["reduced_runs"] = reduced.result.runs;
}
BENCHMARK(BM_Explore)
    ->ArgNames({"readers", "bound"})
    ->Args({2, 1})
    ->Args({2, 2})
    ->Args({2, 3})
    ->Args({2, 4})
    ->Args({3, 1})
    ->Args({3, 2})
    ->Args({3, 3})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
