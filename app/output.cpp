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

// How a file written in place is opened: a regular file behind /dev/stdout or /proc/self/fd/N
// in append mode (never truncated under the shell's descriptor); a device or FIFO without it
// (QFile would try to seek to its end and warn "Cannot call seek on a sequential device").
QIODevice::OpenMode inPlaceMode(const QString& path) {
    const QIODevice::OpenMode mode = QIODevice::WriteOnly | QIODevice::Unbuffered;
    return QFileInfo(path).isFile() ? mode | QIODevice::Append : mode;
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
    OutputTarget out(program, path);
    if (!out.open()) return false;
    const bool written = out.write(bytes.data(), static_cast<size_t>(bytes.size()));
    return out.finish(written);
}

bool writeStdout(QByteArrayView bytes) {
    const auto size = static_cast<std::size_t>(bytes.size());
    errno = 0;
    if (std::fwrite(bytes.data(), 1, size, stdout) != size || std::fflush(stdout) != 0) {
        gStdoutErrno = errno;
        return false;
    }
    return true;
}

OutputTarget::OutputTarget(QString program, QString path)
    : program_(std::move(program)), path_(std::move(path)) {}

OutputTarget::~OutputTarget() = default;

bool OutputTarget::open() {
    if (path_ == "-"_L1) return true;
    inPlace_ = writeInPlace(path_);
    if (inPlace_) {
        auto file = std::make_unique<QFile>(path_);
        if (!file->open(inPlaceMode(path_))) return fail(program_, path_, file->errorString());
        file_ = std::move(file);
    } else {
        auto file = std::make_unique<QSaveFile>(path_);
        if (!file->open(QIODevice::WriteOnly)) return fail(program_, path_, file->errorString());
        file_ = std::move(file);
    }
    return true;
}

bool OutputTarget::write(const char* data, size_t size) {
    if (!failure_.isEmpty()) return false;
    if (!file_) {
        if (writeStdout(QByteArrayView(data, static_cast<qsizetype>(size)))) return true;
        failure_ = u"standard output"_s; // reported at exit
        return false;
    }
    errno = 0;
    const qint64 written = file_->write(data, static_cast<qint64>(size));
    if (written == static_cast<qint64>(size)) return true;
    failure_ = shortWriteReason(*file_, written, static_cast<qsizetype>(size));
    return false;
}

bool OutputTarget::finish(bool complete) {
    if (!file_) return complete && failure_.isEmpty();
    if (!failure_.isEmpty() || !complete) {
        if (inPlace_)
            file_->close();
        else // the old file stays as it was (QSaveFile must not be closed)
            static_cast<QSaveFile&>(*file_).cancelWriting();
        return failure_.isEmpty() ? false : fail(program_, path_, failure_);
    }
    if (!inPlace_) {
        if (!static_cast<QSaveFile&>(*file_).commit())
            return fail(program_, path_, file_->errorString());
        return true;
    }
    file_->close();
    if (file_->error() != QFileDevice::NoError) return fail(program_, path_, file_->errorString());
    return true;
}

void checkStdoutAtExit(const QString& program) {
    gProgram = program.toStdString();
    std::signal(SIGXFSZ, SIG_IGN);
    std::atexit(checkStdout);
}

} // namespace ds::app
