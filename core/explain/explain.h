// SPDX-License-Identifier: GPL-2.0-or-later
// Teaching mode: one sentence per event, in the kernel's terms and with the reason, e.g.
//   "dput(enable): 1 → 0. tracefs_d_delete() returns 0 (it is an eventfs dentry), so
//    retain_dentry() keeps it hashed; it joins the LRU next."
// Written once here (no Qt) for the window's "What happened" pane and for
// `dentryscope-cli run --format explain`.
#pragma once

#include "replay/replay.h"
#include "trace/run.h"

#include <string>
#include <unordered_map>

namespace ds::explain {

// Whether an event changes what the views show: every event but function entry/exit and the
// lock events (they change the call stack and the lock list only).
bool changesState(const Event& e);

// The next event at or after `from` that changes state (kNever: none), and the last one before
// `before` (kNever: none). Steps by change use them: step N is the state right after event #N.
uint32_t nextChange(std::span<const Event> events, uint32_t from);
uint32_t previousChange(std::span<const Event> events, uint32_t before);

class Explainer {
public:
    // `run` and `replay` (built over run.events) must outlive the Explainer.
    Explainer(const Run& run, const Replay& replay);

    // The sentence of event `seq`, given the state just before it (replay.stateAt(seq)).
    std::string sentence(uint32_t seq, const StateAt& before) const;
    // The same, folding the state itself.
    std::string sentence(uint32_t seq) const;
    // Where the event happened: "openat(AT_FDCWD, "…/events/sched", …) › d_alloc_parallel()".
    std::string context(uint32_t seq) const;

    // The object's name as the sentences spell it: 'sched', inode 1002, fd 3, eventfs 'sched'.
    std::string objectName(ObjId id, const StateAt& s) const;
    // "A", or "boot" for the mount's work.
    std::string taskName(TaskId t) const;

private:
    std::string dentrySentence(const Event& e, const StateAt& s) const;
    std::string putSentence(const Event& e, const StateAt& s) const;
    std::string lastPutReason(const Event& e, const StateAt& s) const;
    std::string allocSentence(const Event& e, const StateAt& s) const;
    std::string freeSentence(const Event& e, const StateAt& s) const;
    std::string getSentence(const Event& e, const StateAt& s) const;
    std::string reportSentence(const Event& e, const StateAt& s) const;
    std::string syscallSentence(const Event& e) const;
    std::string otherSentence(const Event& e, const StateAt& s) const;
    std::string holder(const Event& e) const;   // who a new reference belongs to
    std::string function(const Event& e) const; // innermost function at the event, "" if none
    bool inFunctions(const Event& e, std::initializer_list<std::string_view> names) const;

    // "eventfs_inode", or under v6.6-rc1 "eventfs_file" for every eventfs object below events
    // (that era's struct eventfs_file; `parent` is the object's parent, 0 for events).
    std::string_view eventfsStruct(ObjId parent) const;

    const Run& run_;
    const Replay& replay_;
    std::unordered_map<uint32_t, const SyscallRecord*> recordByEnter_;
};

// One line per state change: "#250 [A] dput(enable): 1 → 0. …", in event order.
std::string formatExplain(const Run& run);

} // namespace ds::explain
