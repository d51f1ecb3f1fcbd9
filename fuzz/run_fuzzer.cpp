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
    check(first.schedule.switches.size() == sc.schedule.switches.size());
    for (std::size_t i = 0; i < sc.schedule.switches.size(); ++i) {
        check(first.schedule.switches[i].afterEvent == sc.schedule.switches[i].afterEvent);
        check(first.schedule.switches[i].task == sc.schedule.switches[i].task);
    }
    const std::string strace = ds::exporter::formatStrace(first);
    const std::string jsonl = ds::exporter::formatJsonl(first);
    const std::string chrome = ds::exporter::formatChromeTrace(first);
    const RunResult second = runScenario(sc, opts);
    check(ds::exporter::formatStrace(second) == strace);
    check(ds::exporter::formatJsonl(second) == jsonl);
    check(ds::exporter::formatChromeTrace(second) == chrome);
    return 0;
}
