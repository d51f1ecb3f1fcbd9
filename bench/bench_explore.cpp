// SPDX-License-Identifier: GPL-2.0-or-later
// Explore benchmarks (issue 16), CPU time (the machine is shared; wall time beside it):
//   BM_Explore: the schedules of both modes (plain enumeration, sleep-set reduction) for two
//     readers at bounds 1-4 and three readers at bounds 1-3 under v6.8, and each mode's
//     schedules per second of CPU; beside them the targets: >= 20,000 schedules/s on two
//     readers, and at bound 3 of two readers reduction_x >= 10 (target_reduced_schedules is
//     the plain count / 10).
//   BM_ExploreBootPerSchedule: schedules/s with the booted kernel kept and put back before each
//     schedule (what explore does) against booting it for every schedule (what it did before).
// Every run also checks that both modes (and both ways of booting) reach the same verdict and
// the same failures (a mismatch aborts). CTest runs bound 1 of two readers (bench_explore_short)
// so that this cannot rot.
#include "explore_readers.h"
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

// the same readers as tst_explore_reduction and tst_explore_restore
using dstest::readers;

struct Timed {
    scenario::ExploreResult result;
    double cpu = 0;
};

Timed timedExplore(const scenario::Scenario& sc, int bound, bool reduction, bool keep = true) {
    scenario::ExploreOptions opts;
    opts.preemptions = bound;
    opts.maxSchedules = 10'000'000;
    opts.reduction = reduction;
    opts.keepBootedKernel = keep;
    const double start = cpuNow();
    Timed t{scenario::explore(sc, opts), 0};
    t.cpu = cpuNow() - start;
    return t;
}

void sameVerdict(const Timed& a, const Timed& b, const char* what) {
    if (a.result.failing.has_value() != b.result.failing.has_value() ||
        a.result.exhausted != b.result.exhausted || a.result.failures != b.result.failures) {
        std::fprintf(stderr, "bench_explore: %s disagree\n", what);
        std::abort();
    }
}

scenario::Scenario parsedReaders(int n) {
    auto parsed =
        scenario::parseScenario(readers(n), "bench.scn", scenario::defaultParserContext());
    if (!parsed.ok()) std::abort();
    // The process's first explore pays for loading the tree and mapping the task stacks once.
    static const bool warm = (timedExplore(*parsed.scenario, 1, false), true);
    (void)warm;
    return std::move(*parsed.scenario);
}

// state.range(0): readers; state.range(1): the bound.
void BM_Explore(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    const int bound = static_cast<int>(state.range(1));
    const scenario::Scenario sc = parsedReaders(n);
    Timed plain, reduced;
    for (auto _ : state) {
        plain = timedExplore(sc, bound, false);
        reduced = timedExplore(sc, bound, true);
    }
    sameVerdict(plain, reduced, "the two modes");
    const double ps = plain.result.schedulesRun, rs = reduced.result.schedulesRun;
    state.counters["plain_schedules"] = ps;
    state.counters["reduced_schedules"] = rs;
    state.counters["reduction_x"] = rs > 0 ? ps / rs : 0;
    if (n == 2 && bound == 3) {
        state.counters["target_reduction_x"] = 10;
        state.counters["target_reduced_schedules"] = ps / 10;
    }
    state.counters["plain_schedules_per_s"] = ps / plain.cpu;
    state.counters["reduced_schedules_per_s"] = rs / reduced.cpu;
    if (n == 2) state.counters["target_schedules_per_s"] = 20000;
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

// Two readers at bound 3, state.range(0) = 1: with the reduction.
void BM_ExploreBootPerSchedule(benchmark::State& state) {
    const bool reduction = state.range(0) != 0;
    const scenario::Scenario sc = parsedReaders(2);
    Timed kept, booted;
    for (auto _ : state) {
        kept = timedExplore(sc, 3, reduction, true);
        booted = timedExplore(sc, 3, reduction, false);
    }
    sameVerdict(kept, booted, "the kept kernel and booting for every schedule");
    if (kept.result.schedulesRun != booted.result.schedulesRun) std::abort();
    const double schedules = kept.result.schedulesRun;
    state.counters["schedules"] = schedules;
    state.counters["kept_schedules_per_s"] = schedules / kept.cpu;
    state.counters["booting_schedules_per_s"] = schedules / booted.cpu;
    state.counters["speedup_x"] = booted.cpu / kept.cpu;
    state.counters["target_schedules_per_s"] = 20000;
}
BENCHMARK(BM_ExploreBootPerSchedule)
    ->ArgNames({"reduced"})
    ->Arg(0)
    ->Arg(1)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
