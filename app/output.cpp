// SPDX-License-Identifier: GPL-2.0-or-later
#include "output.h"

#include "cmdline.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace Qt::StringLiterals;

namespace ds::app {

namespace {

std::string gProgram;
int gStdoutErrno = 0; // why the last write to stdout failed

// Writing in place: what exists and is not a regular file, and the /dev and /proc names of
// open files (/dev/stdout, /proc/self/fd/N), which may stand for a regular file the shell
// opened: replacing that file would not reach the descriptor the shell gave us.
bool writeInPlace(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return false;
    const QString absolute = info.absoluteFilePath();
    return !info.isFile() || absolute.startsWith("/dev/"_L1) || absolute.startsWith("/proc/"_L1);
}

// Qt reports a short write as a short count, with no error of its own.
QString shortWriteReason(const QFileDevice& file, qint64 written, qsizetype wanted) {
    const int err = errno;
    if (file.error() != QFileDevice::NoError) return file.errorString();
    if (err) return QString::fromLocal8Bit(std::strerror(err));
    return u"short write ("_s + QString::number(written) + u" of "_s + QString::number(wanted) +
           u" bytes)"_s;
}

bool fail(const QString& program, const QString& path, const QString& reason) {
    printError(program + u": cannot write '"_s + path + u"': "_s + reason);
    return false;
}

void checkStdout() {
    errno = 0;
    const bool flushFailed = std::fflush(stdout) != 0;
    const int err = flushFailed ? errno : gStdoutErrno;
    if (!flushFailed && !std::ferror(stdout)) return;
    std::string line = gProgram + ": cannot write to standard output";
    if (err) line += std::string(": ") + std::strerror(err);
    line += '\n';
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    std::_Exit(ExitFailure);
}

} // namespace

bool writeFileOrFail(const QString& program, const QString& path, QByteArrayView bytes) {
    if (writeInPlace(path)) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
            return fail(program, path, file.errorString());
        errno = 0;
        const qint64 written = file.write(bytes.data(), bytes.size());
        if (written != bytes.size())
            return fail(program, path, shortWriteReason(file, written, bytes.size()));
        file.close();
        if (file.error() != QFileDevice::NoError) return fail(program, path, file.errorString());
        return true;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(program, path, file.errorString());
    errno = 0;
    const qint64 written = file.write(bytes.data(), bytes.size());
    if (written != bytes.size()) {
        const QString reason = shortWriteReason(file, written, bytes.size());
        file.cancelWriting(); // the old file stays as it was
        return fail(program, path, reason);
    }
    if (!file.commit()) return fail(program, path, file.errorString());
    return true;
}

void writeStdout(QByteArrayView bytes) {
    const auto size = static_cast<std::size_t>(bytes.size());
    errno = 0;
    if (std::fwrite(bytes.data(), 1, size, stdout) != size || std::fflush(stdout) != 0)
        gStdoutErrno = errno;
}

void checkStdoutAtExit(const QString& program) {
    gProgram = program.toStdString();
    std::signal(SIGXFSZ, SIG_IGN);
    std::atexit(checkStdout);
}

} // namespace ds::app
