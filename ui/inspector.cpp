// SPDX-License-Identifier: GPL-2.0-or-later
#include "inspector.h"

#include "focus.h"
#include "theme.h"
#include "trace/symbols.h"

#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ds::ui {

Inspector::Inspector(Focus* focus, QWidget* parent)
    : QWidget(parent), focus_(focus), title_(new QLabel(this)),
      model_(new QStandardItemModel(this)), view_(new QTreeView(this)) {
    setObjectName(u"inspector"_s);
    view_->setObjectName(u"inspectorView"_s);
    view_->setModel(model_);
    view_->setUniformRowHeights(true);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    title_->setTextFormat(Qt::PlainText);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addWidget(title_);
    lay->addWidget(view_, 1);
    connect(focus_, &Focus::sessionChanged, this, &Inspector::rebuild);
    connect(focus_, &Focus::stepChanged, this, &Inspector::rebuild);
    connect(focus_, &Focus::selectionChanged, this, &Inspector::rebuild);
    rebuild();
}

QString Inspector::field(const QString& name) const {
    for (int r = 0; r < model_->rowCount(); ++r)
        if (model_->item(r, 0)->text() == name)
            return model_->item(r, 1) ? model_->item(r, 1)->text() : QString();
    return {};
}

bool Inspector::changed(const QString& name) const {
    return changed_.contains(name);
}

QStandardItem* Inspector::add(const QString& key, const QString& value, QStandardItem* parent) {
    if (dry_) {
        if (!parent) next_.insert(key, value);
        return &scratch_;
    }
    auto* k = new QStandardItem(key);
    auto* v = new QStandardItem(value);
    k->setEditable(false);
    v->setEditable(false);
    if (!parent) {
        // A top-level field whose value differs from what the same object showed before the
        // step: highlighted like the tree's changed rows.
        const auto was = baseline_.constFind(key);
        if (was != baseline_.constEnd() && *was != value) {
            const QBrush bg(theme::changedBackground(palette()));
            k->setBackground(bg);
            v->setBackground(bg);
            v->setToolTip(tr("was: %1").arg(*was));
            changed_.insert(key);
        }
        next_.insert(key, value);
    }
    if (parent)
        parent->appendRow({k, v});
    else
        model_->appendRow({k, v});
    return k;
}

void Inspector::addStack(QStandardItem* parent, unsigned task, unsigned seq) {
    const Replay& rp = focus_->replay();
    const auto frames = rp.stack(rp.frameAt(static_cast<TaskId>(task), seq));
    for (uint32_t node : frames) {
        const CallFrame& f = rp.call(node);
        add(focus_->session()->symbolText(f.fn), focus_->session()->sourceText(f.enterSrc), parent);
    }
    if (frames.empty()) add(tr("(no kernel frame)"), {}, parent);
}

void Inspector::rebuild() {
    const ObjId sel = focus_->hasRun() ? focus_->selected() : 0;
    const uint32_t step = focus_->step();
    // Fields are compared with what the same object shows at the step before, whatever way the
    // window came here (a reopened picture highlights what the original did).
    baseline_.clear();
    if (sel != 0 && step > 0) {
        next_.clear();
        rebuildFields(focus_->replay().stateAt(step - 1), step - 1, true);
        baseline_ = next_;
    }
    changed_.clear();
    next_.clear();
    if (focus_->hasRun()) {
        rebuildFields(focus_->state(), step, false);
    } else {
        static const StateAt none;
        rebuildFields(none, step, false);
    }
    shown_ = next_;
    shownId_ = sel;
    shownStep_ = step;
    shownSession_ = focus_->session();
}

void Inspector::rebuildFields(const StateAt& s, uint32_t step, bool dry) {
    dry_ = dry;
    struct Wet { // whatever happens below, the next rebuild is shown again
        bool& d;
        ~Wet() { d = false; }
    } wet{dry_};
    const ObjId id = focus_->selected();
    if (!dry) {
        model_->clear();
        model_->setHorizontalHeaderLabels({tr("Field"), tr("Value")});
        view_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
        if (!focus_->hasRun() || id == 0) {
            title_->setText(tr("Select an object in the tree or the timeline"));
            return;
        }
    }
    const Session& ses = *focus_->session();
    const Replay& rp = focus_->replay();
    const ObjState& o = s.obj(id);
    const Lifespan& span = rp.lifespan(id);
    if (!dry) title_->setText(ses.objectLabel(id));
    auto yes = [](bool b) { return b ? tr("yes") : tr("no"); };
    auto objRef = [&](ObjId x) { return x ? ses.objectLabel(x) : u"NULL"_s; };
    add(tr("kind"), ses.objectKind(id));
    add(tr("id"), QString::number(id));
    if (o.kind == ObjKind::None) {
        add(tr("state"), tr("not allocated yet at this step"));
    } else {
        const bool ghost = rp.isGhost(id, step);
        add(tr("alive"), o.alive() ? tr("yes")
                         : ghost   ? tr("freed by this step's event")
                                   : tr("freed"));
        switch (o.kind) {
        case ObjKind::Dentry:
            add(u"d_name"_s, ses.symbolText(o.name));
            add(tr("path"), ses.dentryPath(id, s));
            add(tr("state"), stateText(dentryState(o, ghost)));
            add(u"d_lockref.count"_s, QString::number(o.count));
            add(u"d_parent"_s, o.parent ? objRef(o.parent) : tr("(itself: root)"));
            add(u"d_inode"_s, o.inode ? objRef(o.inode) : tr("NULL (negative)"));
            add(u"d_fsdata"_s, objRef(o.fsdata));
            add(tr("hashed"), yes(o.has(ObjState::Hashed)));
            add(u"DCACHE_PAR_LOOKUP"_s, yes(o.has(ObjState::InLookup)));
            add(u"DCACHE_LRU_LIST"_s, yes(o.has(ObjState::OnLru)));
            add(u"DCACHE_DENTRY_CURSOR"_s, yes(o.has(ObjState::Cursor)));
            add(u"DCACHE_DENTRY_KILLED"_s, yes(o.has(ObjState::Killed)));
            add(tr("on parent's d_children"),
                yes(o.has(ObjState::OnParentList) || o.has(ObjState::CursorOnList)));
            add(tr("children"), QString::number(s.children(id).size()));
            break;
        case ObjKind::Inode:
            add(u"i_ino"_s, QString::number(o.ino));
            add(u"i_count"_s, QString::number(o.count));
            add(u"i_nlink"_s, QString::number(o.nlink));
            add(u"i_mode"_s, u"0"_s + QString::number(o.mode, 8));
            add(u"S_DEAD"_s, yes(o.has(ObjState::Dead)));
            break;
        case ObjKind::File:
            add(u"f_path.dentry"_s, objRef(o.parent));
            add(u"fd"_s, QString::number(o.ino));
            add(u"f_pos"_s, QString::number(o.pos));
            break;
        case ObjKind::Eventfs:
            add(u"name"_s, ses.symbolText(o.name));
            add(u"parent"_s, objRef(o.parent));
            if (ses.run.eventfs.kref) add(u"kref"_s, QString::number(o.count));
            add(u"is_freed"_s, yes(o.has(ObjState::IsFreed)));
            break;
        default:
            add(tr("parent"), objRef(o.parent));
            break;
        }
        // Locks held on it (i_rwsem).
        for (const LockHold& h : s.locks())
            if (h.lock == id)
                add(tr("i_rwsem held"),
                    (h.mode == LockMode::Exclusive ? tr("exclusive by %1 since #%2")
                                                   : tr("shared by %1 since #%2"))
                        .arg(ses.taskName(h.task), QString::number(h.seq)));
    }
    if (span.allocSeq != kNever) {
        const Event& a = rp.event(span.allocSeq);
        QStandardItem* it =
            add(tr("allocated"),
                tr("event #%1 by %2").arg(QString::number(span.allocSeq), ses.taskName(a.task)));
        addStack(it, a.task, span.allocSeq);
    }
    if (span.freeSeq != kNever) {
        const Event& f = rp.event(span.freeSeq);
        const bool happened = span.freeSeq < step;
        QStandardItem* it =
            add(tr("freed"), (happened ? tr("event #%1 by %2") : tr("event #%1 by %2 (later)"))
                                 .arg(QString::number(span.freeSeq), ses.taskName(f.task)));
        addStack(it, f.task, span.freeSeq);
    }
    if (span.kind == ObjKind::Dentry || span.kind == ObjKind::Inode ||
        span.kind == ObjKind::Eventfs) {
        const auto refs = rp.refsHeld(id, step);
        QStandardItem* holder = add(tr("references held"), QString::number(refs.size()));
        for (const HeldRefAt& r : refs) {
            const QString what =
                r.pin ? tr("pin (a child dentry) taken by %1") : tr("reference taken by %1");
            QStandardItem* it =
                add(u"#"_s + QString::number(r.seq), what.arg(ses.taskName(r.task)), holder);
            addStack(it, r.task, r.seq);
        }
    }
    add(tr("events"), QString::number(rp.eventsOf(id).size()));
    view_->expandToDepth(1);
}

} // namespace ds::ui
