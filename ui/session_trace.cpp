// SPDX-License-Identifier: GPL-2.0-or-later
// A real trace in the window: Session::loadTrace imports ftrace text (core/import) and shows its
// events as a run. The scenario pane gets a text that says what the trace is and why the panes
// that need the simulation (branching, explore, engine source) stay empty.
#include "import/real_trace.h"
#include "session.h"

#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace ds::ui {

namespace {
Session::TraceDatReader& traceDatReader() {
    static Session::TraceDatReader reader;
    return reader;
}
// trace-cmd's trace.dat starts with 0x17 0x08 0x44 and "tracing"
bool isTraceDat(const QByteArray& head) {
    return head.startsWith(QByteArray("\x17\x08\x44tracing", 10));
}
} // namespace

void Session::setTraceDatReader(TraceDatReader reader) {
    traceDatReader() = std::move(reader);
}

bool Session::isTraceFile(const QString& path) {
    // Only a regular file is looked into: reading a FIFO or a device here could block forever.
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray start = f.read(4096);
    if (isTraceDat(start)) return true;
    const QByteArray head = start.trimmed();
    return head.startsWith("# tracer:") || head.startsWith("cpus=");
}

std::unique_ptr<Session> Session::loadTrace(const QString& path, QString* error, QString* text) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = path + u": "_s + f.errorString();
        return nullptr;
    }
    constexpr qint64 kMax = qint64(1) << 31;
    if (f.size() > kMax) {
        if (error) *error = tr("%1: larger than 2 GiB; cut the trace first").arg(path);
        return nullptr;
    }
    QByteArray bytes = f.readAll();
    if (isTraceDat(bytes)) { // into the text of `trace-cmd report`, through libtracecmd
        if (!traceDatReader()) {
            if (error)
                *error = tr("%1 is a trace.dat, and this dentryscope was built without "
                            "libtracecmd (libtracecmd-dev): convert it with `trace-cmd report -i "
                            "%1 > trace.txt` and open that")
                             .arg(path);
            return nullptr;
        }
        std::string why;
        const std::optional<std::string> report = traceDatReader()(path.toStdString(), why);
        if (!report) {
            if (error) *error = QString::fromStdString(why);
            return nullptr;
        }
        bytes = QByteArray(report->data(), qsizetype(report->size()));
    }
    auto real = std::make_shared<import::RealTrace>(
        import::importFtrace(std::string_view(bytes.constData(), bytes.size())));
    if (!real->unreadable.empty() || real->records == 0) {
        QStringList lines;
        for (size_t i = 0; i < real->unreadable.size() && i < 20; ++i)
            lines << tr("%1:%2: unreadable: %3")
                         .arg(path, QString::number(real->unreadable[i].line),
                              QString::fromStdString(real->unreadable[i].why));
        if (real->records == 0) lines << tr("%1: no trace events found").arg(path);
        if (error) *error = lines.join(u'\n');
        return nullptr;
    }
    auto s = std::make_unique<Session>();
    s->name = path;
    static_cast<Run&>(s->run) = real->run;
    const double secs = real->timeNs.empty()
                            ? 0.0
                            : static_cast<double>(real->timeNs.back() - real->timeNs.front()) / 1e9;
    // shown in the scenario pane in place of a scenario
    s->text = tr("# A real kernel's trace: %1\n"
                 "# %2 events from %3 lines over %4 s, %5 tasks, %6 dentries.\n"
                 "# Nothing here was simulated: branching, explore and the engine source need a\n"
                 "# simulated run and stay empty. Reference increments are not probed on 6.12\n"
                 "# (lib/lockref.c is notrace): the gets shown are inferred from the counts.\n"
                 "# To hold it against a design: dentryscope-cli conform %1 --design v6.8\n")
                  .arg(QFileInfo(path).fileName())
                  .arg(real->run.events.size())
                  .arg(real->lines)
                  .arg(secs, 0, 'f', 6)
                  .arg(real->run.taskNames.size())
                  .arg(real->dentries.size());
    for (const auto& m : real->markers)
        s->text += u"# line %1: %2\n"_s.arg(m.line).arg(QString::fromStdString(m.text));
    if (text) *text = s->text;
    s->real = std::move(real);
    s->replay = std::make_unique<Replay>(s->run.events);
    return s;
}

} // namespace ds::ui
