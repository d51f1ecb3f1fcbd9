// SPDX-License-Identifier: GPL-2.0-or-later
// What explore found, in one line, for the compare command and the compare view:
// "BUG in d_instantiate after 7 schedules (1 preemption(s))" / "268 schedules up to 2
// preemption(s), no BUG".
#pragma once

#include "scenario/runner.h"

#include <string>

namespace ds::scenario {

std::string exploreVerdict(const ExploreResult& r, int preemptions);

} // namespace ds::scenario
