// SPDX-License-Identifier: GPL-2.0-or-later
#include "vfs/vfs.h"

namespace ds {

Vfs::Vfs() {
    sb_.vfs = this;
}

// Slot 0 is for work outside tasks (boot), slot t + 1 for task t.
FdTable& Vfs::files(int t) {
    const size_t slot = t < 0 ? 0 : static_cast<size_t>(t) + 1;
    if (slot >= fdTables_.size()) fdTables_.resize(slot + 1);
    return fdTables_[slot];
}

} // namespace ds
