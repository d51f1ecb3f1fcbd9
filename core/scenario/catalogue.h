// SPDX-License-Identifier: GPL-2.0-or-later
// What can be run, by name: the kernel designs (eras), the tracefs trees and the built-in
// scenarios. ui/ and app/ list and check names here and never include core/tracefs/.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ds::catalogue {

struct Entry {
    std::string name;
    std::string summary; // one line
};

std::vector<Entry> designs(); // in historical order
bool hasDesign(std::string_view name);
std::vector<Entry> trees();     // the built-in tracefs layouts
std::vector<Entry> scenarios(); // resources/scenarios/*.scn, by name

} // namespace ds::catalogue
