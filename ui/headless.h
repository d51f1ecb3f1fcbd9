// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What makes a headless render the same bytes for the same arguments: a fixed font, the Fusion
// style with a fixed light or dark palette, and a window laid out at exactly the asked size.
// `dentryscope --render` and the golden image tests both go through these.

#include <QImage>
#include <QSize>
#include <QString>

class QWidget;

namespace ds::ui {

class Focus;

namespace headless {

// DejaVu Sans 9 pt, unhinted, as the application font. False when DejaVu Sans is missing (the
// render then uses a fallback and may differ from machine to machine).
bool useRenderFont();

// "light" or "dark": the Fusion style and its palette for the whole application. Empty: leave
// the platform's style and palette alone.
void applyTheme(const QString& theme);

// Lays `widget` out at exactly `size` (even below its minimum size; panes then squeeze) without
// showing it, so that it can be painted directly.
void layOut(QWidget& widget, QSize size);

// layOut, then paint: the picture `dentryscope --render FILE.png` writes.
QImage renderImage(QWidget& widget, QSize size);

// --at-bug: the step just after the first BUG the run reports (or its first report of any kind)
// with the object it names selected; the end of the run when nothing was reported.
void stepToFirstBug(Focus& focus);

} // namespace headless
} // namespace ds::ui
