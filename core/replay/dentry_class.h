// SPDX-License-Identifier: GPL-2.0-or-later
// What state a dentry is in, as the dentry tree shows it and `compare` prints it: one
// classification for the GUI and the exporters (ui/theme.cpp maps it to colours).
#pragma once

#include "replay/replay.h"

#include <string_view>

namespace ds {

// Unused: count 0 and on the LRU; Unreferenced: count 0, not (yet) on the LRU (before d_lru_add).
enum class DentryClass {
    InUse,
    Unused,
    Unreferenced,
    Negative,
    InLookup,
    Unhashed,
    Killed,
    Freed,
    Cursor
};

// `ghost`: the dentry was freed by the event just folded and is still shown.
inline DentryClass dentryClass(const ObjState& o, bool ghost = false) {
    if (ghost || o.has(ObjState::Freed)) return DentryClass::Freed;
    if (o.has(ObjState::Killed)) return DentryClass::Killed;
    if (o.has(ObjState::Cursor)) return DentryClass::Cursor;
    if (o.has(ObjState::InLookup)) return DentryClass::InLookup;
    const bool hasParent = o.parent != 0;
    if (hasParent && !o.has(ObjState::Hashed)) return DentryClass::Unhashed;
    if (hasParent && o.inode == 0) return DentryClass::Negative;
    if (o.count > 0) return DentryClass::InUse;
    return o.has(ObjState::OnLru) ? DentryClass::Unused : DentryClass::Unreferenced;
}

// "in use", "unused (LRU)", "unused, not on LRU", "negative", "in lookup", "unhashed", "killed",
// "freed", "cursor".
constexpr std::string_view dentryClassName(DentryClass c) {
    switch (c) {
    case DentryClass::InUse:
        return "in use";
    case DentryClass::Unused:
        return "unused (LRU)";
    case DentryClass::Unreferenced:
        return "unused, not on LRU";
    case DentryClass::Negative:
        return "negative";
    case DentryClass::InLookup:
        return "in lookup";
    case DentryClass::Unhashed:
        return "unhashed";
    case DentryClass::Killed:
        return "killed";
    case DentryClass::Freed:
        return "freed";
    case DentryClass::Cursor:
        return "cursor";
    }
    return "?";
}

} // namespace ds
