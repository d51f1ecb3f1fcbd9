// SPDX-License-Identifier: GPL-2.0-or-later
#include "import/dentry_view.h"

#include "trace/run.h"
#include "trace/symbols.h"

namespace ds::import {

void DentryView::advanceTo(uint32_t seq) {
    for (; next_ < log_.size() && next_ <= seq; ++next_) {
        const Event& e = log_[next_];
        if (e.okind != ObjKind::Dentry || e.obj == 0) continue;
        if (e.kind == EventKind::Alloc) {
            D& d = d_[e.obj];
            d = D{};
            d.name = e.sym;
            d.parent = static_cast<ObjId>(e.a);
            d.alive = true;
            d.cursor = (static_cast<uint32_t>(e.b) & kDentryCursor) != 0;
            d.now.id = e.obj;
            d.now.count = 1;
            d.now.lastSeq = e.seq;
            if (!d.cursor) happened_.push_back({Happening::What::Alloc, e.seq, e.obj});
            continue;
        }
        const auto it = d_.find(e.obj);
        if (it == d_.end()) continue;
        D& d = it->second;
        switch (e.kind) {
        case EventKind::Get:
        case EventKind::Put:
            d.now.count = e.b;
            break;
        case EventKind::LruAdd:
            d.now.lru = true;
            break;
        case EventKind::LruDel:
            d.now.lru = false;
            break;
        case EventKind::LinkChild:
            d.parent = static_cast<ObjId>(e.a);
            break;
        case EventKind::SetFlag:
            if (e.a != static_cast<int>(Flag::Killed) || e.b == 0) continue;
            d.now.killed = true;
            if (!d.cursor) happened_.push_back({Happening::What::Kill, e.seq, e.obj});
            break;
        case EventKind::Free:
            d.alive = false;
            if (!d.cursor) happened_.push_back({Happening::What::Free, e.seq, e.obj});
            break;
        default:
            continue;
        }
        d.now.lastSeq = e.seq;
    }
}

std::string DentryView::path(ObjId id) const {
    std::string p;
    for (int guard = 0; guard < 256; ++guard) {
        const auto it = d_.find(id);
        if (it == d_.end()) break;
        const std::string_view name = symbol(it->second.name);
        if (it->second.parent == 0 && name == "/") return std::string(kTracefsRoot) + p;
        p = "/" + std::string(name) + p;
        if (it->second.parent == 0) break;
        id = it->second.parent;
    }
    return p;
}

std::map<std::string, DentryNow> DentryView::alive() const {
    std::map<std::string, DentryNow> out;
    for (const auto& [id, d] : d_)
        if (d.alive && !d.cursor) out[path(id)] = d.now;
    return out;
}

} // namespace ds::import
