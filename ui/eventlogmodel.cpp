// SPDX-License-Identifier: GPL-2.0-or-later
#include "eventlogmodel.h"

#include "focus.h"
#include "theme.h"
#include "trace/symbols.h"

#include <QApplication>
#include <QFont>

using namespace Qt::StringLiterals;

namespace ds::ui {

EventLogModel::EventLogModel(Focus* focus, QObject* parent)
    : QAbstractTableModel(parent), focus_(focus) {
    connect(focus_, &Focus::sessionChanged, this, [this] {
        beginResetModel();
        rows_ = static_cast<int>(focus_->steps());
        endResetModel();
    });
    rows_ = static_cast<int>(focus_->steps());
}

int EventLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : rows_;
}
int EventLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Seq:
        return u"#"_s;
    case Task:
        return tr("Task");
    case Kind:
        return tr("Event");
    case Object:
        return tr("Object");
    case A:
        return u"a"_s;
    case B:
        return u"b"_s;
    case Text:
        return tr("What");
    case Source:
        return tr("Engine source");
    default:
        return {};
    }
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_ || !focus_->hasRun()) return {};
    const auto seq = static_cast<uint32_t>(index.row());
    const Event& e = focus_->replay().event(seq);
    const Session& s = *focus_->session();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Seq:
            return static_cast<uint>(seq);
        case Task:
            return s.taskName(e.task);
        case Kind:
            return QString::fromUtf8(eventKindName(e.kind));
        case Object:
            return e.obj && e.okind != ObjKind::None ? s.objectLabel(e.obj) : QString();
        case A:
            return e.a;
        case B:
            return e.b;
        case Text:
            return s.eventText(e);
        case Source:
            return s.sourceText(e.src);
        default:
            return {};
        }
    case Qt::BackgroundRole:
        if (e.kind == EventKind::Report)
            return theme::mix(QApplication::palette().color(QPalette::Base),
                              theme::reportColor(QApplication::palette()), 0.3);
        return {};
    case SeqRole:
        return static_cast<uint>(seq);
    case ObjIdRole:
        return static_cast<uint>(e.okind == ObjKind::None || e.okind == ObjKind::Task ? 0 : e.obj);
    default:
        return {};
    }
}

} // namespace ds::ui
