// SPDX-License-Identifier: GPL-2.0-or-later
#include "explain/graph.h"

#include "explain/text.h"

#include <algorithm>

namespace ds::explain {

using namespace text;

std::vector<size_t> ObjectGraph::holders() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < edges.size(); ++i)
        if (edges[i].to == center) out.push_back(i);
    return out;
}

std::vector<size_t> ObjectGraph::held() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < edges.size(); ++i)
        if (edges[i].from == center) out.push_back(i);
    return out;
}

std::string ObjectGraph::text() const {
    std::string out;
    for (const GraphEdge& e : edges)
        out += nodes[e.from].label + " -> " + nodes[e.to].label + ": " + e.label + "\n";
    return out;
}

namespace {

class Builder {
public:
    Builder(const Replay& r, const StateAt& s, const std::vector<std::string>& tasks,
            const EventfsNames& names)
        : replay_(r), s_(s), tasks_(tasks), names_(names) {}

    std::string label(ObjId id) const {
        const ObjState& o = s_.obj(id);
        switch (o.kind) {
        case ObjKind::Dentry:
            return "dentry " + std::string(sym(o.name)) + " (count " + num(o.count) + ")";
        case ObjKind::Inode:
            return "inode " + num(o.ino) + " (i_count " + num(o.count) + ")";
        case ObjKind::File:
            return "file (f_pos " + num(o.pos) + ")";
        case ObjKind::Eventfs:
            return std::string(names_.structOf(o.parent != 0)) + " " + std::string(sym(o.name)) +
                   (names_.kref ? " (kref " + num(o.count) + ")" : "");
        default:
            return std::string(objKindName(o.kind)) + " #" + num(id);
        }
    }
    // v6.8 on, d_fsdata holds a kref taken by get_ei; before, it is a plain pointer.
    std::string fsdataLabel() const {
        return names_.kref ? "d_fsdata (get_ei)" : "d_fsdata (no reference)";
    }
    size_t object(ObjId id) {
        for (size_t i = 0; i < g.nodes.size(); ++i)
            if (g.nodes[i].kind == GraphNode::Kind::Object && g.nodes[i].id == id) return i;
        g.nodes.push_back({GraphNode::Kind::Object, id, kNoTask, label(id)});
        return g.nodes.size() - 1;
    }
    size_t task(TaskId t) {
        const GraphNode::Kind kind = t == kNoTask ? GraphNode::Kind::Mount : GraphNode::Kind::Task;
        for (size_t i = 0; i < g.nodes.size(); ++i)
            if (g.nodes[i].kind == kind && g.nodes[i].task == t) return i;
        g.nodes.push_back({kind, 0, t,
                           t == kNoTask ? std::string("the mount")
                                        : "task " + (t < tasks_.size() ? tasks_[t] : num(t))});
        return g.nodes.size() - 1;
    }
    void edge(size_t from, size_t to, std::string label) {
        g.edges.push_back({from, to, std::move(label)});
    }
    // The innermost function of the event's task at `seq`.
    std::string function(const Event& e) const {
        const uint32_t node = replay_.frameAt(e.task, e.seq);
        return node ? std::string(sym(replay_.call(node).fn)) + "()" : std::string("the mount");
    }
    bool inOpen(const Event& e) const {
        for (uint32_t n = replay_.frameAt(e.task, e.seq); n; n = replay_.call(n).parent) {
            const std::string_view fn = sym(replay_.call(n).fn);
            if (fn == "do_dentry_open" || fn == "vfs_open") return true;
        }
        return false;
    }

    void dentryHolders(ObjId id) {
        // A child's pin per pin still held (d_alloc takes it right after the child's Alloc), a
        // reference per open file, the rest held by tasks (their walks, or the kernel code they
        // are in) or by the mount.
        const auto held = replay_.refsHeld(id, s_.step());
        for (const HeldRefAt& r : held) {
            if (!r.pin) continue;
            const Event* alloc = r.seq > 0 ? &replay_.event(r.seq - 1) : nullptr;
            if (alloc && alloc->kind == EventKind::Alloc && alloc->okind == ObjKind::Dentry)
                edge(object(alloc->obj), g.center, "d_parent pin (d_alloc)");
            else
                edge(task(r.task), g.center, "a child's d_parent pin #" + num(r.seq));
        }
        std::vector<ObjId> files;
        for (ObjId f = 1; f < s_.objCapacity(); ++f)
            if (s_.obj(f).kind == ObjKind::File && s_.obj(f).alive() && s_.obj(f).parent == id)
                files.push_back(f);
        for (const ObjId f : files)
            edge(object(f), g.center, "f_path.dentry (do_dentry_open)");
        std::vector<HeldRefAt> refs;
        for (const HeldRefAt& r : held)
            if (!r.pin) refs.push_back(r);
        // The files' references are the ones taken in do_dentry_open (else the oldest).
        for (size_t n = 0; n < files.size() && !refs.empty(); ++n) {
            auto it = std::find_if(refs.begin(), refs.end(), [&](const HeldRefAt& r) {
                return inOpen(replay_.event(r.seq));
            });
            refs.erase(it == refs.end() ? refs.begin() : it);
        }
        for (const HeldRefAt& r : refs) {
            const Event& e = replay_.event(r.seq);
            edge(task(r.task), g.center,
                 (r.task == kNoTask
                      ? std::string("s_root / pinned by the mount: ")
                      : (r.task < tasks_.size() ? tasks_[r.task] : num(r.task)) + ": ") +
                     function(e) + " #" + num(r.seq));
        }
    }

    ObjectGraph build(ObjId id) {
        const ObjState& o = s_.obj(id);
        if (!o.alive()) return {};
        g.center = object(id);
        switch (o.kind) {
        case ObjKind::Dentry:
            dentryHolders(id);
            if (o.parent && o.parent != id && !o.has(ObjState::Cursor))
                edge(g.center, object(o.parent), "d_parent (pins it)");
            if (o.inode) edge(g.center, object(o.inode), "d_inode (the dentry's i_count)");
            if (o.fsdata) edge(g.center, object(o.fsdata), fsdataLabel());
            break;
        case ObjKind::Inode:
            for (ObjId d = 1; d < s_.objCapacity(); ++d)
                if (s_.obj(d).kind == ObjKind::Dentry && s_.obj(d).alive() && s_.obj(d).inode == id)
                    edge(object(d), g.center, "d_inode (d_instantiate / d_add)");
            break;
        case ObjKind::File:
            if (o.parent) edge(g.center, object(o.parent), "f_path.dentry (do_dentry_open)");
            break;
        case ObjKind::Eventfs:
            for (ObjId d = 1; d < s_.objCapacity(); ++d)
                if (s_.obj(d).kind == ObjKind::Dentry && s_.obj(d).alive() &&
                    s_.obj(d).fsdata == id)
                    edge(object(d), g.center, fsdataLabel());
            if (o.parent)
                edge(g.center, object(o.parent),
                     "parent " + std::string(names_.structOf(s_.obj(o.parent).parent != 0)));
            break;
        default:
            break;
        }
        return std::move(g);
    }

private:
    const Replay& replay_;
    const StateAt& s_;
    const std::vector<std::string>& tasks_;
    const EventfsNames& names_;
    ObjectGraph g;
};

} // namespace

ObjectGraph objectGraph(const Replay& replay, const StateAt& s, ObjId id, const Run& run) {
    return Builder(replay, s, run.taskNames, run.eventfs).build(id);
}

} // namespace ds::explain
