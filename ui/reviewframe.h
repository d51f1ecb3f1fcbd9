// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// How a render frames the timeline for a review: the picture must show what it is about. The
// selected object's lane is pinned under the counters (so it sits above the tasks' lanes instead
// of far below them), the lanes scroll to the top (every task's syscall and call rows), and the
// visible window runs from the selected object's allocation to the cursor with a margin. Without
// a selection the window is left as it is (the whole run, or where the cursor moved it).

namespace ds::ui {

class MainWindow;

void frameForReview(MainWindow& window);

} // namespace ds::ui
