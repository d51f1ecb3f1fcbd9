// SPDX-License-Identifier: GPL-2.0-or-later
// The object graph of the teaching mode (like Python Tutor's frames and objects): for one
// object at one step, the objects and tasks that hold references on it and the objects it holds,
// each arrow labelled with who took the reference. Pure data, so a test can print it and the
// window's graph pane only draws it.
#pragma once

#include "replay/replay.h"

#include <string>
#include <vector>

namespace ds::explain {

struct GraphNode {
    enum class Kind { Object, Task, Mount };
    Kind kind = Kind::Object;
    ObjId id = 0; // Object: the object; Task: 0
    TaskId task = kNoTask;
    std::string label; // "dentry sched (count 3)", "task A"
};

// holder → held: `from` holds a reference (or a pointer) on `to`.
struct GraphEdge {
    size_t from = 0, to = 0; // indexes into nodes
    std::string label;       // "d_parent pin (d_alloc)", "f_path (do_dentry_open)", "A: d_lookup()"
};

struct ObjectGraph {
    size_t center = 0; // the selected object's node
    std::vector<GraphNode> nodes;
    std::vector<GraphEdge> edges;
    // Edges into the centre: the holders. Edges out of it: what it holds.
    std::vector<size_t> holders() const;
    std::vector<size_t> held() const;
    std::string text() const; // one line per edge, "task A -> dentry sched: A: d_lookup()"
};

// The graph of `id` at the state `s` (replay.stateAt(step)). Empty (no nodes) when the object
// is not alive at that step. `run` names the tasks and says what the era calls its eventfs
// objects (Run::eventfs).
ObjectGraph objectGraph(const Replay& replay, const StateAt& s, ObjId id, const Run& run);

} // namespace ds::explain
