// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The two sides of a compare view (designs side by side, or a real trace beside its simulation):
// per side a header over a dentry table, in one grid, so that both headers take the height of
// the taller and the tables' rows line up.

class QGridLayout;
class QLabel;
class QTableView;
class QWidget;

namespace ds::ui {

class CompareDentryModel;

struct CompareSides {
    QGridLayout* grid = nullptr;
    QLabel* headers[2] = {};
    CompareDentryModel* models[2] = {};
    QTableView* tables[2] = {};
};

// Widgets owned by `owner`; the grid is for the caller to add to its layout.
CompareSides buildCompareSides(QWidget* owner);

} // namespace ds::ui
