// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the engine tests: run code as a simulated task, find dentries by path,
// run scenario text.
#pragma once

#include "scenario/parser.h"
#include "scenario/runner.h"
#include "scenario/system.h"
#include "tracefs/design.h"
#include "tracefs/eventfs.h"
#include "tracefs/layout.h"
#include "vfs/dcache.h"
#include "vfs/libfs.h"

#include <QtTest/QtTest>

#include <functional>
#include <memory>

namespace dstest {

struct Sim {
    std::unique_ptr<ds::System> k;
    Sim(const char* design, const char* tree) {
        k = std::make_unique<ds::System>(*ds::findDesign(design),
                                         *ds::tracefs::builtinLayout(tree));
        k->machine().addTask("A");
    }
    // Runs `fn` as task A (syscalls need a task and its file table).
    void run(const std::function<void(ds::System&)>& fn) {
        ds::Scheduler s(ds::Schedule{});
        k->machine().setScheduler(&s);
        s.addTask([&] { fn(*k); });
        s.run();
        k->machine().setScheduler(nullptr);
    }
    // The live dentry at a path relative to the tracefs root ("events/sched"), or null.
    ds::Dentry* dentry(std::string_view rel) const {
        ds::Dentry* cur = k->root();
        size_t start = 0;
        while (cur && start < rel.size()) {
            size_t slash = rel.find('/', start);
            std::string_view part =
                rel.substr(start, slash == std::string_view::npos ? rel.npos : slash - start);
            ds::Dentry* next = nullptr;
            for (ds::Dentry* c = cur->firstChild; c; c = c->nextSibling)
                if (!c->cursor && ds::symbol(c->name) == part) {
                    next = c;
                    break;
                }
            cur = next;
            start = slash == std::string_view::npos ? rel.size() : slash + 1;
        }
        return cur;
    }
};

inline ds::scenario::RunResult runText(const std::string& text,
                                       const ds::scenario::RunOptions& opts = {}) {
    auto parsed =
        ds::scenario::parseScenario(text, "test.scn", ds::scenario::defaultParserContext());
    if (!parsed.ok()) {
        for (const auto& e : parsed.errors)
            qWarning("%s", e.format().c_str());
        return {};
    }
    return ds::scenario::runScenario(*parsed.scenario, opts);
}

} // namespace dstest
