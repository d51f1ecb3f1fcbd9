// SPDX-License-Identifier: GPL-2.0-or-later
// Which task runs at each decision point. A run is replayable from (scenario, design, schedule).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ds {

struct Schedule {
    enum class Base { Sequential, RoundRobin, Fixed };
    Base base = Base::Sequential;
    // Base::Fixed: each entry runs the next syscall of that task; afterwards, sequential.
    std::vector<int> fixed;
    // Preemptions: after event number `afterEvent`, switch to `task` (if it can run).
    struct Switch {
        uint32_t afterEvent = 0;
        int task = 0;
        bool operator==(const Switch&) const = default;
    };
    std::vector<Switch> switches;
};

} // namespace ds
