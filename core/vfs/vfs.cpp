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

std::shared_ptr<const Vfs::Booted> Vfs::saveBooted() const {
    if (!files_.empty()) return nullptr;
    return std::make_shared<const Booted>(Booted{sb_, version_, counters_, nextIno_, dentries_,
                                                 inodes_, hash_, inLookup_, fdTables_});
}

void Vfs::restoreBooted(const Booted& b) {
    sb_ = b.sb;
    version_ = b.version;
    counters_ = b.counters;
    nextIno_ = b.nextIno;
    restoreInPlace(dentries_, b.dentries);
    restoreInPlace(inodes_, b.inodes);
    files_.clear();
    hash_ = b.hash;
    inLookup_ = b.inLookup;
    fdTables_ = b.fdTables;
}

} // namespace ds
