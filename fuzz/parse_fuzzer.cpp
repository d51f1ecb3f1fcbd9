// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the scenario parser on any bytes. Checks that parsing is deterministic,
// that every error formats, and that a parsed fixed schedule written back by formatSchedule()
// parses to the same schedule (the round trip explore's reproducers rely on).

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
    const ParseResult first = parseScenario(text, "fuzz.scn", context);
    const ParseResult again = parseScenario(text, "fuzz.scn", context);
    check(first.ok() == again.ok() && first.errors.size() == again.errors.size());
    check(first.ok() || !first.errors.empty());
    for (const ParseError& e : first.errors)
        check(!e.format().empty());
    if (!first.ok()) return 0;
    const Scenario& sc = *first.scenario;
    check(sc == *again.scenario);
    if (sc.schedule.kind == Schedule::Kind::Explore) return 0;
    // The calls with the schedule written back: the same schedule.
    std::string rewritten = "tasks";
    for (const std::string& task : sc.tasks)
        rewritten += " " + task;
    rewritten += "\n";
    for (const Call& c : sc.calls)
        rewritten += c.text + "\n"; // the whole statement, "task A: ..."
    rewritten += formatSchedule(sc.schedule, sc.tasks);
    const ParseResult back = parseScenario(rewritten, "rewritten.scn", context);
    check(back.ok());
    check(back.scenario->schedule.switches == sc.schedule.switches);
    check(back.scenario->schedule.fixed == sc.schedule.fixed);
    return 0;
}
