// SPDX-License-Identifier: GPL-2.0-or-later
#include "picture.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace ds::ui::picture {

namespace {

constexpr qint64 kMaxPictureBytes = 512LL * 1024 * 1024;

QString stateKey() {
    return QString::fromLatin1(kStateKey);
}

// "d_instantiate-crash — next-20240104 — step 812 — dentry #40 'sched_switch'"
QString title(const ViewState& st) {
    QString t = st.name + u" — "_s + st.runDesign + u" — step "_s + QString::number(st.step);
    if (!st.branches.empty())
        t += u" — "_s + QString::number(st.branches.size()) + u" branch(es)"_s;
    if (st.selected) t += u" — "_s + st.selectedLabel;
    return t;
}

QString description(const ViewState& st) {
    return u"Rendered by dentryscope "_s + st.version + u". Scenario "_s + st.name +
           u", design "_s + st.runDesign + u", step "_s + QString::number(st.step) +
           u", visible steps "_s + QString::number(st.windowStart) + u" to "_s +
           QString::number(st.windowEnd) + u", theme "_s +
           (st.theme.isEmpty() ? u"system"_s : st.theme) +
           (st.pane.isEmpty() ? u", the whole window"_s : u", pane "_s + st.pane) +
           u". Open this picture with dentryscope to get back to this state."_s;
}

QString xmlEscape(const QString& text) {
    return text.toHtmlEscaped();
}

std::optional<ViewState> fromSvg(const QByteArray& bytes, QString* why) {
    QXmlStreamReader xml(bytes);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (xml.name() != u"metadata"_s || xml.attributes().value(u"id"_s) != stateKey()) continue;
        const QString json = xml.readElementText();
        if (xml.hasError()) break;
        return ViewState::fromJson(json.toUtf8(), why);
    }
    *why = xml.hasError()
               ? QCoreApplication::translate("ds::ui::picture", "not a valid SVG: %1")
                     .arg(xml.errorString())
               : QCoreApplication::translate(
                     "ds::ui::picture",
                     "carries no dentryscope state (no <metadata id=\"dentryscope-state\">)");
    return std::nullopt;
}

std::optional<ViewState> fromPng(const QByteArray& bytes, QString* why) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "png");
    if (!reader.canRead()) {
        *why = QCoreApplication::translate("ds::ui::picture", "not a PNG image: %1")
                   .arg(reader.errorString());
        return std::nullopt;
    }
    const QString json = reader.text(stateKey());
    if (json.isEmpty()) {
        *why = QCoreApplication::translate(
            "ds::ui::picture",
            "carries no dentryscope state (no \"dentryscope-state\" text chunk)");
        return std::nullopt;
    }
    return ViewState::fromJson(json.toUtf8(), why);
}

} // namespace

bool isPictureName(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == u"png"_s || suffix == u"svg"_s;
}

QByteArray png(const QImage& image, const ViewState& state) {
    QByteArray bytes;
    QBuffer out(&bytes);
    out.open(QIODevice::WriteOnly);
    // QImage::setText, not QImageWriter::setText: the writer's simplifies the text (it would
    // fold the runs of spaces in the scenario).
    QImage tagged = image;
    tagged.setText(u"Software"_s, u"dentryscope "_s + state.version); // untranslated: PNG key
    tagged.setText(u"Title"_s, title(state));                         // untranslated: PNG key
    tagged.setText(u"Description"_s, description(state));             // untranslated: PNG key
    tagged.setText(stateKey(), QString::fromUtf8(state.toJson()));
    QImageWriter writer(&out, "png");
    if (!writer.write(tagged)) return {};
    return bytes;
}

QByteArray svg(QWidget& widget, const ViewState& state) {
    QByteArray bytes;
    QBuffer out(&bytes);
    out.open(QIODevice::WriteOnly);
    {
        QSvgGenerator generator;
        generator.setOutputDevice(&out);
        generator.setResolution(96);
        generator.setSize(widget.size());
        generator.setViewBox(QRect(QPoint(0, 0), widget.size()));
        generator.setTitle(title(state));
        generator.setDescription(description(state));
        QPainter painter(&generator);
        widget.render(&painter);
    }
    out.close();
    // QSvgGenerator has no metadata of its own: the state goes right after the <svg …> tag.
    const qsizetype svgTag = bytes.indexOf("<svg");
    const qsizetype tagEnd = svgTag < 0 ? -1 : bytes.indexOf('>', svgTag);
    if (tagEnd < 0) return bytes;
    const QByteArray metadata = "\n<metadata id=\"" + QByteArray(kStateKey) + "\">" +
                                xmlEscape(QString::fromUtf8(state.toJson())).toUtf8() +
                                "</metadata>";
    bytes.insert(tagEnd + 1, metadata);
    return bytes;
}

std::optional<ViewState> read(const QString& path, QString* error) {
    QString why;
    std::optional<ViewState> state;
    const QFileInfo info(path);
    QFile file(path);
    if (!info.exists())
        why = QCoreApplication::translate("ds::ui::picture", "no such file");
    else if (!info.isFile())
        why = QCoreApplication::translate("ds::ui::picture", "is not a regular file");
    else if (info.size() > kMaxPictureBytes)
        why = QCoreApplication::translate("ds::ui::picture", "is larger than 512 MiB");
    else if (!file.open(QIODevice::ReadOnly))
        why = file.errorString();
    else {
        const QByteArray bytes = file.read(kMaxPictureBytes + 1);
        if (info.suffix().toLower() == u"svg"_s)
            state = fromSvg(bytes, &why);
        else
            state = fromPng(bytes, &why);
    }
    if (!state && error) *error = path + u": "_s + why;
    return state;
}

} // namespace ds::ui::picture
