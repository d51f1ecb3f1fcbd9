// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Keeps the breakpoint list in QSettings: event kinds and functions apply to every scenario and
// come back at start; objects apply only to the run they were set in, so they are kept per
// scenario and design and come back when that scenario is opened again.

#include <QObject>
#include <QString>

namespace ds::ui {

class BreakpointModel;
class Focus;

class BreakpointSettings : public QObject {
    Q_OBJECT

public:
    // `persistent` off: reads and writes nothing (headless renders and tests).
    BreakpointSettings(Focus* focus, BreakpointModel* model, bool persistent,
                       QObject* parent = nullptr);

    // The event kind and function breakpoints saved last time.
    void restore();
    // A scenario was opened: the object breakpoints saved for it (and the focus' design).
    void restoreObjects(const QString& scenario);
    // Another run of the same scenario (a branch): keeps the object breakpoints whose ids still
    // name the same objects, without saving the list as changed.
    void keepSameObjects();

private:
    void save();
    QString objectKey() const;

    Focus* focus_;
    BreakpointModel* model_;
    bool persistent_;
    bool loading_ = false; // restoring: the model's changes are not saved back
    QString scenario_;
};

} // namespace ds::ui
