// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What a screen reader gets from the timeline, which paints everything itself and so has no
// child widgets to describe: a chart whose value is the current event. Its name says what the
// view is; its value reads the event just folded ("event 12 of 340: get dentry #12 'sched'
// 1 -> 2, task A"); setting the value steps there, as the arrow keys do. The timeline announces
// each step (QAccessibleValueChangeEvent) while a screen reader listens.

class QWidget;

namespace ds::ui {

class Focus;
class Timeline;

// Installs the factory (once per process) and connects `timeline` to announce its steps.
void installTimelineAccessibility(Timeline* timeline, Focus* focus);

} // namespace ds::ui
