// SPDX-License-Identifier: GPL-2.0-or-later
// Small helpers the explanation files share (internal to core/explain).
#pragma once

#include "trace/event.h"
#include "trace/symbols.h"

#include <string>

namespace ds::explain::text {

inline std::string num(int64_t v) {
    return std::to_string(v);
}

inline std::string arrow(int64_t a, int64_t b) {
    return num(a) + " \u2192 " + num(b);
}

inline std::string_view sym(SymId s) {
    return s ? symbol(s) : std::string_view{};
}

// A child's pin on its parent, not a reference someone holds.
inline bool isPin(const Event& e) {
    return e.sym && symbol(e.sym) == "pin";
}

} // namespace ds::explain::text
