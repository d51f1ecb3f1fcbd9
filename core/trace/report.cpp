// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/report.h"

namespace ds {

std::string_view reportKindName(Report::Kind k) {
    switch (k) {
    case Report::Kind::Bug:
        return "bug";
    case Report::Kind::Warn:
        return "warn";
    case Report::Kind::Kasan:
        return "kasan";
    case Report::Kind::Leak:
        return "leak";
    case Report::Kind::Hang:
        return "hang";
    }
    return "?";
}

} // namespace ds
