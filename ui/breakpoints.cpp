// SPDX-License-Identifier: GPL-2.0-or-later
#include "breakpoints.h"

#include "focus.h"
#include "trace/symbols.h"

#include <QApplication>
#include <QComboBox>
#include <QFont>
#include <QGridLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::optional<EventKind> kindFromName(const QString& name) {
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k)
        if (qs(eventKindName(static_cast<EventKind>(k))) == name) return static_cast<EventKind>(k);
    return std::nullopt;
}

// A kernel function name as typed: "d_instantiate" or "d_instantiate()".
QString functionName(QString text) {
    text = text.trimmed();
    if (text.endsWith(u"()"_s)) text.chop(2);
    static const QRegularExpression ident(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    return ident.match(text).hasMatch() ? text : QString();
}
} // namespace

BreakpointModel::BreakpointModel(Focus* focus, QObject* parent)
    : QAbstractTableModel(parent), focus_(focus) {
    setObjectName(u"breakpointModel"_s);
    connect(focus_, &Focus::sessionChanged, this, [this] {
        setHitRow(-1);
        recount();
    });
}

int BreakpointModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(bps_.size());
}
int BreakpointModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BreakpointModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) return section == Where ? tr("Break on") : tr("Hits");
    if (role == Qt::ToolTipRole && section == Hits)
        return tr("Events of this run that hit the breakpoint");
    return {};
}

QString BreakpointModel::label(int row) const {
    const Breakpoint& b = bps_[size_t(row)];
    switch (b.type) {
    case Breakpoint::Type::EventKind:
        return tr("every %1 event").arg(qs(eventKindName(b.event)));
    case Breakpoint::Type::Function:
        return tr("%1() entered").arg(qs(symbol(b.function)));
    case Breakpoint::Type::Object:
        return tr("any event on %1").arg(labels_[size_t(row)]);
    }
    return {};
}

QVariant BreakpointModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const size_t r = size_t(index.row());
    const Breakpoint& b = bps_[r];
    const bool hasRun = focus_->hasRun() && r < hits_.size();
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Where) return label(index.row());
        return hasRun ? QVariant(hits_[r]) : QVariant(u"—"_s);
    case Qt::CheckStateRole:
        if (index.column() == Where) return b.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole:
        if (!b.enabled || (hasRun && hits_[r] == 0))
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (index.row() == hitRow_) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (hasRun && hits_[r] == 0) return tr("Never hit in this run");
        return index.row() == hitRow_ ? tr("The last continue stopped here")
                                      : tr("Double-click: run to its next hit");
    case TypeRole:
        return static_cast<int>(b.type);
    default:
        return {};
    }
}

bool BreakpointModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != Where || role != Qt::CheckStateRole) return false;
    const bool on = value.toInt() == Qt::Checked;
    Breakpoint& b = bps_[size_t(index.row())];
    if (b.enabled == on) return true;
    b.enabled = on;
    Q_EMIT dataChanged(index, this->index(index.row(), ColumnCount - 1));
    Q_EMIT changed();
    return true;
}

Qt::ItemFlags BreakpointModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == Where) f |= Qt::ItemIsUserCheckable;
    return f;
}

int BreakpointModel::find(const Breakpoint& bp) const {
    for (size_t i = 0; i < bps_.size(); ++i)
        if (bps_[i].sameTarget(bp)) return static_cast<int>(i);
    return -1;
}

int BreakpointModel::add(const Breakpoint& bp, const QString& label) {
    if (const int row = find(bp); row >= 0) {
        if (!bps_[size_t(row)].enabled) setData(index(row, Where), Qt::Checked, Qt::CheckStateRole);
        return row;
    }
    QString text = label;
    if (bp.type == Breakpoint::Type::Object && text.isEmpty() && focus_->hasRun())
        text = focus_->session()->objectLabel(bp.object);
    const int row = rowCount();
    beginInsertRows({}, row, row);
    bps_.push_back(bp);
    labels_.push_back(text);
    endInsertRows();
    recount();
    Q_EMIT changed();
    return row;
}

bool BreakpointModel::toggle(const Breakpoint& bp) {
    if (const int row = find(bp); row >= 0) {
        remove(row);
        return false;
    }
    add(bp);
    return true;
}

void BreakpointModel::remove(int row) {
    if (row < 0 || row >= rowCount()) return;
    beginRemoveRows({}, row, row);
    bps_.erase(bps_.begin() + row);
    labels_.erase(labels_.begin() + row);
    if (size_t(row) < hits_.size()) hits_.erase(hits_.begin() + row);
    if (hitRow_ == row)
        hitRow_ = -1;
    else if (hitRow_ > row)
        --hitRow_;
    endRemoveRows();
    Q_EMIT changed();
}

void BreakpointModel::clear() {
    if (bps_.empty()) return;
    beginResetModel();
    bps_.clear();
    labels_.clear();
    hits_.clear();
    hitRow_ = -1;
    endResetModel();
    Q_EMIT changed();
}

int BreakpointModel::rowHitBy(const Event& e) const {
    for (size_t i = 0; i < bps_.size(); ++i)
        if (bps_[i].enabled && bps_[i].matches(e)) return static_cast<int>(i);
    return -1;
}

void BreakpointModel::setHitRow(int row) {
    if (row == hitRow_) return;
    const int old = hitRow_;
    hitRow_ = row;
    for (const int r : {old, row})
        if (r >= 0 && r < rowCount()) Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

void BreakpointModel::recount() {
    hits_.clear();
    if (focus_->hasRun()) hits_ = breakpointHits(focus_->replay(), bps_);
    if (!bps_.empty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QStringList BreakpointModel::save(bool objects) const {
    QStringList out;
    for (size_t i = 0; i < bps_.size(); ++i) {
        const Breakpoint& b = bps_[i];
        QString line;
        switch (b.type) {
        case Breakpoint::Type::EventKind:
            line = u"event "_s + qs(eventKindName(b.event));
            break;
        case Breakpoint::Type::Function:
            line = u"function "_s + qs(symbol(b.function));
            break;
        case Breakpoint::Type::Object:
            line = u"object "_s + QString::number(b.object) + u' ' + labels_[i];
            break;
        }
        if ((b.type == Breakpoint::Type::Object) != objects) continue;
        out << (b.enabled ? line : u"-"_s + line);
    }
    return out;
}

void BreakpointModel::restore(const QStringList& lines, bool objects) {
    for (QString line : lines) {
        const bool enabled = !line.startsWith(u'-');
        if (!enabled) line.remove(0, 1);
        const QString word = line.section(u' ', 0, 0);
        const QString rest = line.section(u' ', 1);
        std::optional<Breakpoint> bp;
        QString text;
        if (!objects && word == u"event"_s) {
            if (const auto k = kindFromName(rest)) bp = Breakpoint::onEvent(*k);
        } else if (!objects && word == u"function"_s) {
            if (const QString fn = functionName(rest); !fn.isEmpty())
                bp = Breakpoint::onFunction(intern(fn.toStdString()));
        } else if (objects && word == u"object"_s && focus_->hasRun()) {
            // Object ids name the same object only in the same run: check its label.
            const auto id = static_cast<ObjId>(rest.section(u' ', 0, 0).toUInt());
            text = rest.section(u' ', 1);
            if (id && id <= focus_->replay().maxObjId() &&
                focus_->session()->objectLabel(id) == text)
                bp = Breakpoint::onObject(id);
        }
        if (!bp) continue;
        bp->enabled = enabled;
        if (find(*bp) < 0) add(*bp, text);
    }
}

void BreakpointModel::keepObjectsOf(bool sameScenario) {
    for (int row = rowCount() - 1; row >= 0; --row) {
        const Breakpoint& b = bps_[size_t(row)];
        if (b.type != Breakpoint::Type::Object) continue;
        const bool same = sameScenario && focus_->hasRun() &&
                          b.object <= focus_->replay().maxObjId() &&
                          focus_->session()->objectLabel(b.object) == labels_[size_t(row)];
        if (!same) remove(row);
    }
}

// ---- the pane ----

BreakpointPane::BreakpointPane(Focus* focus, BreakpointModel* model, QWidget* parent)
    : QWidget(parent), focus_(focus), model_(model), kinds_(new QComboBox(this)),
      functions_(new QComboBox(this)), addObject_(new QPushButton(tr("Selected object"), this)),
      remove_(new QPushButton(tr("Remove"), this)), view_(new QTreeView(this)) {
    setObjectName(u"breakpointPane"_s);
    kinds_->setObjectName(u"breakKindChooser"_s);
    kinds_->setToolTip(tr("Break on every event of this kind (reports always stop a continue)"));
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k) {
        const auto kind = static_cast<EventKind>(k);
        if (kind == EventKind::Report) continue;
        kinds_->addItem(qs(eventKindName(kind)), k);
    }
    auto* addKind = new QPushButton(tr("Add"), this);
    addKind->setObjectName(u"breakAddKind"_s);
    addKind->setToolTip(tr("Break on every event of the chosen kind"));
    functions_->setObjectName(u"breakFunctionChooser"_s);
    functions_->setEditable(true);
    functions_->setInsertPolicy(QComboBox::NoInsert);
    functions_->setMinimumContentsLength(14);
    functions_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    functions_->lineEdit()->setPlaceholderText(tr("function"));
    functions_->setToolTip(
        tr("Break on every entry of this kernel function (the functions of this run; Enter adds)"));
    auto* addFunction = new QPushButton(tr("Add"), this);
    addFunction->setObjectName(u"breakAddFunction"_s);
    addFunction->setToolTip(tr("Break on every entry of the chosen function"));
    addObject_->setObjectName(u"breakAddObject"_s);
    addObject_->setToolTip(
        tr("Break on any event on the object selected in the tree or the timeline"));
    remove_->setObjectName(u"breakRemove"_s);
    remove_->setToolTip(tr("Remove the chosen breakpoint (Delete)"));

    view_->setObjectName(u"breakpointView"_s);
    view_->setModel(model_);
    view_->setRootIsDecorated(false);
    view_->setUniformRowHeights(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->header()->setStretchLastSection(false);
    view_->header()->setSectionResizeMode(BreakpointModel::Where, QHeaderView::Stretch);
    view_->header()->setSectionResizeMode(BreakpointModel::Hits, QHeaderView::ResizeToContents);
    view_->installEventFilter(this);

    auto* controls = new QGridLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    controls->setVerticalSpacing(2);
    controls->addWidget(new QLabel(tr("Event"), this), 0, 0);
    controls->addWidget(kinds_, 0, 1);
    controls->addWidget(addKind, 0, 2);
    controls->addWidget(addObject_, 0, 3);
    controls->addWidget(new QLabel(tr("Function"), this), 1, 0);
    controls->addWidget(functions_, 1, 1);
    controls->addWidget(addFunction, 1, 2);
    controls->addWidget(remove_, 1, 3);
    controls->setColumnStretch(1, 1);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addLayout(controls);
    lay->addWidget(view_, 1);

    connect(addKind, &QPushButton::clicked, this, [this] {
        model_->add(Breakpoint::onEvent(static_cast<EventKind>(kinds_->currentData().toInt())));
    });
    connect(addFunction, &QPushButton::clicked, this,
            [this] { addFunctionFromText(functions_->currentText()); });
    connect(functions_->lineEdit(), &QLineEdit::returnPressed, this,
            [this] { addFunctionFromText(functions_->currentText()); });
    connect(addObject_, &QPushButton::clicked, this, [this] {
        if (focus_->selected()) model_->add(Breakpoint::onObject(focus_->selected()));
    });
    connect(remove_, &QPushButton::clicked, this,
            [this] { model_->remove(view_->currentIndex().row()); });
    connect(view_, &QTreeView::activated, this,
            [this](const QModelIndex& i) { runToRow(i.row()); });
    auto updateButtons = [this] {
        addObject_->setEnabled(focus_->hasRun() && focus_->selected() != 0);
        remove_->setEnabled(view_->currentIndex().isValid());
    };
    connect(focus_, &Focus::selectionChanged, this, updateButtons);
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, updateButtons);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, updateButtons);
    connect(model_, &QAbstractItemModel::modelReset, this, updateButtons);
    connect(focus_, &Focus::sessionChanged, this, [this, updateButtons] {
        refillFunctions();
        updateButtons();
    });
    refillFunctions();
    updateButtons();
}

void BreakpointPane::refillFunctions() {
    const QString typed = functions_->currentText();
    functions_->clear();
    if (focus_->hasRun()) {
        std::vector<SymId> syms;
        for (const CallFrame& c : focus_->replay().calls())
            if (c.fn) syms.push_back(c.fn);
        std::sort(syms.begin(), syms.end());
        syms.erase(std::unique(syms.begin(), syms.end()), syms.end());
        QStringList names;
        for (const SymId s : syms)
            names << qs(symbol(s));
        names.sort();
        functions_->addItems(names);
    }
    functions_->setEditText(typed);
}

bool BreakpointPane::addFunctionFromText(const QString& text) {
    const QString fn = functionName(text);
    if (fn.isEmpty()) return false;
    const int row = model_->add(Breakpoint::onFunction(intern(fn.toStdString())));
    view_->setCurrentIndex(model_->index(row, 0));
    return true;
}

void BreakpointPane::runToRow(int row) {
    if (!focus_->hasRun() || row < 0 || row >= model_->rowCount()) return;
    Breakpoint bp = model_->breakpoints()[size_t(row)];
    bp.enabled = true;
    BreakpointSet one(std::span<const Breakpoint>(&bp, 1));
    one.stopAtReports = false;
    const uint32_t to = one.next(focus_->replay(), focus_->step());
    if (to > focus_->step() && to <= focus_->steps() &&
        bp.matches(focus_->replay().event(to - 1))) {
        focus_->setStep(to);
        model_->setHitRow(row);
    }
}

bool BreakpointPane::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_ && event->type() == QEvent::KeyPress) {
        const auto* k = static_cast<QKeyEvent*>(event);
        if ((k->key() == Qt::Key_Delete || k->key() == Qt::Key_Backspace) &&
            view_->currentIndex().isValid()) {
            model_->remove(view_->currentIndex().row());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace ds::ui
