// SPDX-License-Identifier: GPL-2.0-or-later
// The dentry paths at the end of a run without folding its whole state: one pass that keeps only
// each object's name and parent, as Replay::apply keeps them (both from its Alloc, the parent
// moved by LinkChild and CursorMove). For the Chrome exporter, which names a lane per dentry and
// needs nothing else of the state; tst_replay holds it to dentryPath at Replay's last step.
#pragma once

#include "trace/event.h"

#include <span>
#include <string>
#include <vector>

namespace ds {

class EndPaths {
public:
    explicit EndPaths(std::span<const Event> events);
    // dentryPath(Replay(events).seek(events.size()), id)
    std::string path(ObjId id) const;

private:
    struct Link {
        SymId name = 0;
        ObjId parent = 0;
    };
    std::vector<Link> links_; // by ObjId
};

} // namespace ds
