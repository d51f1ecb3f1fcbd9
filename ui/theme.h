// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Colours and shapes derived from the palette, so light and dark themes both read well and no
// state is told by colour alone.

#include "replay/dentry_class.h"
#include "replay/replay.h"

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

class QPainter;
class QRectF;

namespace ds::ui {

// The states the tree and the legend show: core's one classification (replay/dentry_class.h).
using DentryState = DentryClass;
inline constexpr int kDentryStateCount = int(DentryState::Cursor) + 1;

DentryState dentryState(const ObjState& o, bool ghost);
QString stateText(DentryState s);
QString stateDescription(DentryState s);
// "in use: d_lockref.count > 0": the state and its description, as one line
QString stateLine(DentryState s);

namespace theme {
bool isDark(const QPalette& p);
QColor mix(const QColor& a, const QColor& b, double t); // t=0: a, t=1: b
QColor stateColor(DentryState s, const QPalette& p);
QColor changedBackground(const QPalette& p);
QColor kindColor(ObjKind k, const QPalette& p);
QColor functionColor(const QString& name, const QPalette& p); // stable per name
QColor syscallColor(const QPalette& p);
QColor reportColor(const QPalette& p);
QColor cursorColor(const QPalette& p);
// Draws the state's shape (filled circle, ring, dashed ring, half disc, diamond, cross,
// dotted square, triangle) in its colour.
void drawStateShape(QPainter& painter, const QRectF& r, DentryState s, const QPalette& p);
QIcon stateIcon(DentryState s, const QPalette& p);
} // namespace theme

} // namespace ds::ui
