// SPDX-License-Identifier: GPL-2.0-or-later
// The scenario explore's tests measure: `n` readers that each open events/sched, list it once
// and close it, under v6.8 on the sched tree.
#pragma once

#include <string>

namespace dstest {

inline std::string readers(int n) {
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

} // namespace dstest
