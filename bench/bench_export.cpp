// SPDX-License-Identifier: GPL-2.0-or-later
// Export benchmarks (issue 16, "Streaming exporters"): for each format, the export's MB/s and
// µs per event beside the engine's own rate (CPU time, with wall time beside it), and the peak
// RSS per event of `dentryscope-cli run` in that format on a ~7M-event run, each with its target.
//
//   bench_export [--short] [--cli PATH]
//
// --short: one listing of the full tree (~0.4M events) and one repeat, for CI (the figures are
// printed but not judged). The default: 17 listings (~7.1M events), median of 3.
#include "export/chrome.h"
#include "export/jsonl.h"
#include "export/sink.h"
#include "export/strace.h"
#include "scenario/parser.h"
#include "scenario/runner.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

using namespace ds;

namespace {

double cpuNow() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double wallNow() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

std::string listingScenario(int listings) {
    std::string text = "design v6.8\ntree full\n";
    for (int i = 0; i < listings; ++i)
        text += "task A: ls -R /sys/kernel/tracing/events\ntask A: drop_caches\n";
    return text;
}

scenario::Scenario parse(const std::string& text) {
    auto r = scenario::parseScenario(text, "bench.scn", scenario::defaultParserContext());
    if (!r.ok()) {
        std::fprintf(stderr, "bench_export: the benchmark scenario does not parse\n");
        std::exit(2);
    }
    return *r.scenario;
}

struct Timing {
    double cpu = 0, wall = 0;
    uint64_t bytes = 0;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

using ExportWriter = bool (*)(const Run&, exporter::Sink&);

Timing timeExport(const Run& run, ExportWriter write, int repeats) {
    std::vector<double> cpu, wall;
    uint64_t bytes = 0;
    for (int i = 0; i < repeats; ++i) {
        uint64_t n = 0;
        const double c0 = cpuNow(), w0 = wallNow();
        {
            exporter::Sink sink([&](const char*, size_t size) {
                n += size; // discarded: the formatting is measured, not the disk
                return true;
            });
            write(run, sink);
        }
        cpu.push_back(cpuNow() - c0);
        wall.push_back(wallNow() - w0);
        bytes = n;
    }
    return {median(cpu), median(wall), bytes};
}

struct ChildUsage {
    bool ok = false;
    long maxRssKb = 0;
    double cpu = 0, wall = 0;
};

// Runs `cli run FILE --format F -o /dev/null` and reads its peak RSS and CPU time.
ChildUsage runCli(const std::string& cli, const std::string& file, const std::string& format) {
    const double w0 = wallNow();
    const pid_t pid = fork();
    if (pid < 0) return {};
    if (pid == 0) {
        execl(cli.c_str(), cli.c_str(), "run", file.c_str(), "--format", format.c_str(), "-o",
              "/dev/null", "--max-events", "1000000000", static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    rusage ru{};
    if (wait4(pid, &status, 0, &ru) != pid) return {};
    ChildUsage u;
    u.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    u.maxRssKb = ru.ru_maxrss;
    u.cpu = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
    u.wall = wallNow() - w0;
    return u;
}

const char* verdict(bool met, bool judged) {
    return !judged ? "(short run: not judged)" : met ? "met" : "MISSED";
}

} // namespace

int main(int argc, char** argv) {
    bool shortMode = false;
    std::string cli = DS_CLI_EXE;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--short")
            shortMode = true;
        else if (a == "--cli" && i + 1 < argc)
            cli = argv[++i];
        else {
            std::fprintf(stderr, "usage: bench_export [--short] [--cli PATH]\n");
            return 2;
        }
    }
    const int repeats = shortMode ? 1 : 3;

    // One listing of the full tree is ~420k events: 17 make ~7.1M (the default).
    const int listings = shortMode ? 1 : 17;
    const std::string text = listingScenario(listings);
    struct Format {
        const char* name;
        ExportWriter write;
    };
    const Format formats[] = {{"strace", &exporter::writeStrace},
                              {"jsonl", &exporter::writeJsonl},
                              {"chrome", &exporter::writeChromeTrace}};

    // The real command's peak RSS first, while this process is small: a child's ru_maxrss
    // starts from its parent's RSS at fork, which exec keeps.
    char path[] = "/tmp/bench_export_XXXXXX.scn";
    const int fd = mkstemps(path, 4);
    if (fd < 0) {
        std::perror("bench_export: mkstemps");
        return 1;
    }
    close(fd);
    {
        std::ofstream out(path);
        out << text;
        if (!out) {
            std::fprintf(stderr, "bench_export: cannot write %s\n", path);
            return 1;
        }
    }
    ChildUsage usage[3];
    for (int i = 0; i < 3; ++i)
        usage[i] = runCli(cli, path, formats[i].name);
    unlink(path);

    std::vector<double> engineCpu, engineWall;
    scenario::RunResult run;
    for (int i = 0; i < repeats; ++i) {
        run = scenario::runScenario(parse(text));
        engineCpu.push_back(run.cpuSeconds);
        engineWall.push_back(run.seconds);
    }
    const double events = double(run.events.size());
    const double engineRate = events / median(engineCpu);
    std::printf("run: ls -R of the full tree x%d, %.0f events (%s)\n", listings, events,
                shortMode ? "short mode" : "median of 3");
    std::printf("engine: %.2f M events/s CPU (%.2f M/s wall), %.3f us/event\n\n", engineRate / 1e6,
                events / median(engineWall) / 1e6, 1e6 / engineRate);

    std::printf("%-7s %10s %10s %10s %12s %10s  %s\n", "format", "MB", "MB/s cpu", "MB/s wall",
                "us/event", "x engine",
                "target: >= 1/3 of the engine's rate (jsonl also >= 200 MB/s)");
    for (const Format& f : formats) {
        const Timing t = timeExport(run, f.write, repeats);
        const double mb = double(t.bytes) / 1e6;
        const double rate = events / t.cpu;
        bool met = rate >= engineRate / 3;
        if (std::string(f.name) == "jsonl") met = met && mb / t.cpu >= 200;
        std::printf("%-7s %10.1f %10.1f %10.1f %12.4f %10.2f  %s\n", f.name, mb, mb / t.cpu,
                    mb / t.wall, 1e6 * t.cpu / events, rate / engineRate, verdict(met, !shortMode));
    }

    std::printf("\n%-7s %12s %12s %10s %10s  %s\n", "run -o", "peak RSS MB", "B/event", "cpu s",
                "wall s", "target: <= 100 B of peak RSS per event");
    int failures = 0;
    for (int i = 0; i < 3; ++i) {
        const ChildUsage& u = usage[i];
        if (!u.ok) {
            std::printf("%-7s dentryscope-cli run failed (%s)\n", formats[i].name, cli.c_str());
            ++failures;
            continue;
        }
        const double perEvent = double(u.maxRssKb) * 1024.0 / events;
        std::printf("%-7s %12.1f %12.1f %10.2f %10.2f  %s\n", formats[i].name,
                    double(u.maxRssKb) / 1024.0, perEvent, u.cpu, u.wall,
                    verdict(perEvent <= 100, !shortMode));
    }
    return failures ? 1 : 0;
}
