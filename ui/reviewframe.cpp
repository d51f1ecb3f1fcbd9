// SPDX-License-Identifier: GPL-2.0-or-later
#include "reviewframe.h"

#include "focus.h"
#include "mainwindow.h"
#include "timeline.h"

#include <algorithm>

namespace ds::ui {

void frameForReview(MainWindow& window) {
    Focus& focus = *window.focus();
    Timeline& timeline = *window.timeline();
    if (!focus.hasRun()) return;
    const ObjId selected = focus.selected();
    if (selected && selected <= focus.replay().maxObjId() &&
        focus.replay().lifespan(selected).allocSeq != kNever) {
        timeline.setPinned({selected});
        const double cursor = focus.step();
        const double lo = std::min<double>(cursor, focus.replay().lifespan(selected).allocSeq);
        const double hi = cursor;
        // A margin of a tenth on each side, and never narrower than 40 events.
        const double pad = std::max((hi - lo) * 0.1, (40 - (hi - lo)) / 2);
        focus.setWindow(lo - pad, hi + pad);
    }
    timeline.setLaneScroll(0);
}

} // namespace ds::ui
