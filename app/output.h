// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Output that is never lost silently (Qt Core only), for dentryscope and dentryscope-cli:
// - a file the user names is written in full or not at all: a regular file (or a new one) is
//   replaced atomically through QSaveFile only when every byte was written; anything else that
//   exists (a device, a FIFO, /dev/stdout) is written in place, since replacing it would turn
//   it into a regular file;
// - standard output is checked when the program exits: a write error makes the exit code 1,
//   with one line on stderr.

#include <QByteArrayView>
#include <QString>

#include <memory>

class QFileDevice;

namespace ds::app {

// Writes `bytes` to `path` as described above ("-": standard output); on failure prints
// "PROGRAM: cannot write 'PATH': REASON" and returns false (an existing regular file then keeps
// its old contents).
bool writeFileOrFail(const QString& program, const QString& path, QByteArrayView bytes);

// Writes to stdout; on a write error remembers why, for the check at exit, and returns false.
bool writeStdout(QByteArrayView bytes);

// An output written piece by piece (an export streamed in chunks), with the guarantees of
// writeFileOrFail: PATH "-" is standard output; a regular file is replaced only by finish(true)
// after every write went through, so a failure leaves an existing file as it was.
class OutputTarget {
public:
    OutputTarget(QString program, QString path);
    ~OutputTarget();
    OutputTarget(const OutputTarget&) = delete;
    OutputTarget& operator=(const OutputTarget&) = delete;

    // Opens the file; on failure prints why and returns false.
    bool open();
    // Writes every byte or returns false (the reason is printed by finish()).
    bool write(const char* data, size_t size);
    // Commits what was written when `complete`, else discards it; prints the first failure and
    // returns false if anything failed. Standard output is judged at exit (checkStdoutAtExit).
    bool finish(bool complete);

private:
    QString program_, path_;
    std::unique_ptr<QFileDevice> file_; // null for standard output
    bool inPlace_ = false;
    QString failure_;
};

// Call first in main(): at exit, a failed write or flush of stdout turns the exit code into 1
// and says so ("PROGRAM: cannot write to standard output: No space left on device"), whoever
// wrote (also Qt's --help and --version). Also ignores SIGXFSZ, so that a file over
// `ulimit -f` is a write error this code reports rather than a signal that kills the process.
void checkStdoutAtExit(const QString& program);

} // namespace ds::app
