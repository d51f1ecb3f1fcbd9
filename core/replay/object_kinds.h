// SPDX-License-Identifier: GPL-2.0-or-later
// Private to core/replay: which event objects the replay keeps a state slot for.
#pragma once

#include "trace/event.h"

namespace ds {

// Objects with a state slot. Locks are keyed by id in the held-lock list instead (a mutex has no
// Alloc event), and tasks by their index.
inline bool isObjectKind(ObjKind k) {
    return k != ObjKind::None && k != ObjKind::Task && k != ObjKind::Lock;
}

} // namespace ds
