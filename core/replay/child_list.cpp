// SPDX-License-Identifier: GPL-2.0-or-later
#include "replay/child_list.h"

namespace ds {

void linkChild(ObjTable& t, ObjId id, ObjId parent) {
    ObjState& p = t.mut(parent);
    const ObjId old = p.firstChild;
    p.firstChild = id;
    ObjState& o = t.mut(id);
    o.prevSibling = 0;
    o.nextSibling = old;
    o.flags |= ObjState::OnParentList;
    if (old) t.mut(old).prevSibling = id;
}

void linkChildBefore(ObjTable& t, ObjId id, ObjId parent, ObjId before) {
    ObjId prev = 0;
    if (before) {
        prev = t.get(before).prevSibling;
    } else {
        for (ObjId c = t.get(parent).firstChild; c; c = t.get(c).nextSibling)
            prev = c;
    }
    ObjState& o = t.mut(id);
    o.prevSibling = prev;
    o.nextSibling = before;
    o.flags |= ObjState::OnParentList;
    if (prev)
        t.mut(prev).nextSibling = id;
    else
        t.mut(parent).firstChild = id;
    if (before) t.mut(before).prevSibling = id;
}

void unlinkChild(ObjTable& t, ObjId id) {
    ObjState& o = t.mut(id);
    if (!o.has(ObjState::OnParentList)) return;
    const ObjId prev = o.prevSibling, next = o.nextSibling, parent = o.parent;
    o.prevSibling = o.nextSibling = 0;
    o.flags &= static_cast<uint16_t>(~ObjState::OnParentList);
    if (prev)
        t.mut(prev).nextSibling = next;
    else if (parent)
        t.mut(parent).firstChild = next;
    if (next) t.mut(next).prevSibling = prev;
}

} // namespace ds
