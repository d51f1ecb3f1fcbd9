// SPDX-License-Identifier: GPL-2.0-or-later
// The scenario text that replays a run exactly, for Copy scenario and for branches written to a
// file: the run's design, its schedule with the switches anchored where an anchor names the same
// point (anchoredSchedule), and of the scenario's expectations only those the run meets, so that
// `dentryscope-cli run` of the text gives the same events and exits 0.
#pragma once

#include "scenario/runner.h"

#include <string>

namespace ds::scenario {

// `source` is the text `sc` was parsed from; `run` a run of `sc` (any design, any schedule).
std::string replayableScenario(const std::string& source, const Scenario& sc, const RunResult& run,
                               const std::string& comment = {});

} // namespace ds::scenario
