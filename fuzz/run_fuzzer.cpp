// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: parse, run and every export. Checks syzkaller-style that the schedule the
// engine ran is the parsed one, and that two runs of the same input give the same output.
// Runs are kept small (event limit, no full tree) so that each input takes milliseconds.

#include "export/chrome.h"
#include "export/jsonl.h"
#include "export/strace.h"
#include "scenario/parser.h"
#include "scenario/runner.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ds::scenario;
    static const ParserContext context = defaultParserContext();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const ParseResult parsed = parseScenario(text, "fuzz.scn", context);
    if (!parsed.ok()) return 0;
    Scenario sc = *parsed.scenario;
    if (sc.tree == "full") sc.tree = "sched"; // the full tree takes a second to boot
    RunOptions opts;
    opts.maxEvents = 200000;
    const RunResult first = runScenario(sc, opts);
    if (!first.error.empty()) return 0;
    // Every switch line was taken where it says (a number, or where its anchor occurred) or
    // reported; the engine ran exactly the taken ones.
    check(first.switchPoints.size() == sc.schedule.switches.size());
    std::size_t taken = 0;
    for (std::size_t i = 0; i < sc.schedule.switches.size(); ++i) {
        const auto& sw = sc.schedule.switches[i];
        const auto& point = first.switchPoints[i];
        check(point || sw.anchor || i > 0); // a numeric line is missed only after an anchored one
        if (!point) continue;
        if (!sw.anchor) check(*point == sw.afterEvent);
        check(taken < first.schedule.switches.size());
        check(first.schedule.switches[taken].afterEvent == *point);
        check(first.schedule.switches[taken].task == sw.task);
        ++taken;
    }
    check(taken == first.schedule.switches.size());
    check(first.anchorMisses.size() == sc.schedule.switches.size() - taken);
    const std::string strace = ds::exporter::formatStrace(first);
    const std::string jsonl = ds::exporter::formatJsonl(first);
    const std::string chrome = ds::exporter::formatChromeTrace(first);
    const RunResult second = runScenario(sc, opts);
    check(ds::exporter::formatStrace(second) == strace);
    check(ds::exporter::formatJsonl(second) == jsonl);
    check(ds::exporter::formatChromeTrace(second) == chrome);
    return 0;
}
