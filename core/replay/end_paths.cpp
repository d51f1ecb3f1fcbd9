// SPDX-License-Identifier: GPL-2.0-or-later
#include "replay/end_paths.h"

#include "replay/object_kinds.h"
#include "replay/replay.h"

#include <algorithm>

namespace ds {

EndPaths::EndPaths(std::span<const Event> events) {
    ObjId maxId = 0; // as Replay::build counts it: a CursorMove past it moves nothing
    for (const Event& e : events)
        if (isObjectKind(e.okind)) maxId = std::max(maxId, e.obj);
    links_.resize(size_t(maxId) + 1);
    for (const Event& e : events) {
        if (!isObjectKind(e.okind) || e.obj == 0) continue;
        Link& l = links_[e.obj];
        switch (e.kind) {
        case EventKind::Alloc:
            // An inode has neither; a file's parent is its dentry.
            l.name = e.okind == ObjKind::Inode || e.okind == ObjKind::File ? 0 : e.sym;
            l.parent = e.okind == ObjKind::Inode ? 0 : static_cast<ObjId>(e.a);
            break;
        case EventKind::LinkChild:
            l.parent = static_cast<ObjId>(e.a);
            break;
        case EventKind::CursorMove: {
            const auto parent = static_cast<ObjId>(e.b);
            if (parent != 0 && parent <= maxId && static_cast<ObjId>(e.a) <= maxId)
                l.parent = parent;
            break;
        }
        default:
            break;
        }
    }
}

std::string EndPaths::path(ObjId id) const {
    return dentryPath(id, [this](ObjId o) {
        return o < links_.size() ? std::pair(links_[o].name, links_[o].parent)
                                 : std::pair(SymId(0), ObjId(0));
    });
}

} // namespace ds
