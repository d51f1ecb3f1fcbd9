// SPDX-License-Identifier: GPL-2.0-or-later
// The files of resources/ (the built-in scenarios, the tracefs events layout), compiled into
// the engine at build time (cmake/embed_resources.cmake), so that dentryscope and
// dentryscope-cli run from wherever they are installed without reading the source checkout.
#pragma once

#include <span>
#include <string_view>

namespace ds::resources {

struct File {
    std::string_view path; // relative to resources/, e.g. "scenarios/ls-R-full.scn"
    std::string_view text; // the file's bytes
};

// Every embedded file, sorted by path (generated).
std::span<const File> files();

// The file at `path` (relative to resources/), or nullptr.
const File* find(std::string_view path);

} // namespace ds::resources
