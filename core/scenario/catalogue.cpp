// SPDX-License-Identifier: GPL-2.0-or-later
#include "scenario/catalogue.h"

#include "scenario/runner.h"
#include "tracefs/design.h"
#include "tracefs/layout.h"

namespace ds::catalogue {

std::vector<Entry> designs() {
    std::vector<Entry> out;
    for (const Design* d : allDesigns())
        out.push_back({std::string(d->name), std::string(d->summary)});
    return out;
}

bool hasDesign(std::string_view name) {
    return findDesign(name) != nullptr;
}

std::vector<Entry> trees() {
    std::vector<Entry> out;
    for (auto& [name, summary] : tracefs::builtinLayoutNames())
        out.push_back({name, summary});
    return out;
}

std::vector<Entry> scenarios() {
    std::vector<Entry> out;
    for (auto& [name, summary] : scenario::builtinScenarios())
        out.push_back({name, summary});
    return out;
}

} // namespace ds::catalogue
