// SPDX-License-Identifier: GPL-2.0-or-later
#include "resources/resources.h"

#include <algorithm>

namespace ds::resources {

const File* find(std::string_view path) {
    const auto all = files();
    const auto it = std::lower_bound(all.begin(), all.end(), path,
                                     [](const File& f, std::string_view p) { return f.path < p; });
    return it != all.end() && it->path == path ? &*it : nullptr;
}

} // namespace ds::resources
