// SPDX-License-Identifier: GPL-2.0-or-later
// A dentry's d_children list as the replay folds it: a doubly linked list through the ObjStates
// of an ObjTable (firstChild, nextSibling, prevSibling; OnParentList while linked).
#pragma once

#include "replay/replay.h"

namespace ds {

// d_alloc: `id` goes to the head of `parent`'s list.
void linkChild(ObjTable& t, ObjId id, ObjId parent);
// list_move_tail: `id` goes just before `before` in `parent`'s list, or at its end.
void linkChildBefore(ObjTable& t, ObjId id, ObjId parent, ObjId before);
// list_del: off its parent's list (nothing when it is not on one).
void unlinkChild(ObjTable& t, ObjId id);

} // namespace ds
