// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Pictures that know their state: every PNG dentryscope writes carries its ViewState as text
// chunks (the JSON under "dentryscope-state", and a readable Title and Description), every SVG
// as a <metadata id="dentryscope-state"> element. read() gets the state back, so that
// `dentryscope shot.png` opens exactly what the picture shows.

#include "viewstate.h"

#include <QByteArray>
#include <QImage>
#include <QString>

#include <optional>

class QWidget;

namespace ds::ui::picture {

// The PNG chunk keyword and the SVG metadata id of the state.
inline constexpr char kStateKey[] = "dentryscope-state";

// True for a file name ending in .png or .svg (any case).
bool isPictureName(const QString& path);

// `image` as PNG bytes with `state` in its text chunks; empty when encoding fails.
QByteArray png(const QImage& image, const ViewState& state);
// `widget` as it is laid out now, drawn into SVG with `state` in its <metadata>.
QByteArray svg(QWidget& widget, const ViewState& state);

// The state a picture carries; nullopt with `error` ("FILE: why") when the file cannot be read,
// is not a PNG or SVG, or carries no (valid) state.
std::optional<ViewState> read(const QString& path, QString* error);

} // namespace ds::ui::picture
