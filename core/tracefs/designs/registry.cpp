// SPDX-License-Identifier: GPL-2.0-or-later
// The designs, in historical order. Adding one: a file in designs/ and a line here.
#include "tracefs/designs/designs.h"

namespace ds {

const std::vector<const Design*>& allDesigns() {
    static const std::vector<const Design*> all{
        &eventfs::v6_5_static,   &eventfs::v6_6_rc1,       &eventfs::v6_7, &eventfs::next_20240104,
        &eventfs::rfc_open_refs, &eventfs::rfc_open_array, &eventfs::v6_8,
    };
    return all;
}

const Design* findDesign(std::string_view name) {
    for (const Design* d : allDesigns())
        if (d->name == name) return d;
    return nullptr;
}

} // namespace ds
