// SPDX-License-Identifier: GPL-2.0-or-later
// Runs one of our executables as a real process for the app tests (tst_cli_args, tst_cli_run,
// tst_cli_errors): exit code, standard output and standard error.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace dstest {

struct Result {
    int exitCode = -1; // -1: it crashed or did not finish in time
    QByteArray out;
    QByteArray err;
};

// The GUI executable needs no display: the offscreen platform is set for every child.
inline Result runProcess(const QString& program, const QStringList& arguments,
                         int timeoutMs = 300000) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    if (process.exitStatus() != QProcess::NormalExit) return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace dstest
