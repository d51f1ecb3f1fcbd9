// SPDX-License-Identifier: GPL-2.0-or-later
#include "comparesides.h"

#include "comparemodel.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace ds::ui {

CompareSides buildCompareSides(QWidget* owner) {
    CompareSides s;
    s.grid = new QGridLayout;
    for (int side = 0; side < 2; ++side) {
        QLabel* header = s.headers[side] = new QLabel(owner);
        header->setObjectName(side == 0 ? u"compareHeaderA"_s : u"compareHeaderB"_s);
        header->setTextFormat(Qt::PlainText);
        header->setWordWrap(true);
        header->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        s.grid->addWidget(header, 0, side);
        s.models[side] = new CompareDentryModel(side, owner);
        QTableView* table = s.tables[side] = new QTableView(owner);
        table->setObjectName(side == 0 ? u"compareTableA"_s : u"compareTableB"_s);
        table->setModel(s.models[side]);
        table->verticalHeader()->hide();
        table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        s.grid->addWidget(table, 1, side);
        s.grid->setColumnStretch(side, 1);
    }
    s.grid->setRowStretch(1, 1);
    return s;
}

} // namespace ds::ui
