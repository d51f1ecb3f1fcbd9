// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Image goldens with a small tolerance: two pictures match when at most `maxFraction` of their
// pixels differ by more than `channel` in any of R, G, B or A (anti-aliased text may move a
// little between font builds; a shifted, recoloured or missing element moves many pixels). On a
// mismatch the expected, actual and diff pictures are written for a reviewer to open.

#include <QDir>
#include <QImage>
#include <QRect>
#include <QString>

#include <algorithm>
#include <cstdlib>

struct ImageTolerance {
    int channel = 40;           // per-channel difference (0..255) still taken as equal
    double maxFraction = 0.001; // of all pixels, how many may differ by more than that
};

struct ImageComparison {
    bool sameSize = false;
    qint64 total = 0;     // pixels compared (the larger of both sizes)
    qint64 differing = 0; // pixels differing by more than the tolerance (or outside one image)
    int maxDelta = 0;     // largest channel difference seen
    QRect bounds;         // where the differing pixels are
    QImage diff;          // the expected picture faded, differing pixels in magenta
    ImageTolerance tolerance;

    bool matches() const {
        return sameSize && double(differing) <= tolerance.maxFraction * double(total);
    }
    QString summary() const {
        if (!sameSize) return QStringLiteral("sizes differ");
        return QStringLiteral("%1 of %2 pixels (%3%, at most %4% allowed) differ by more than %5 "
                              "(largest difference %6), within x %7..%8, y %9..%10")
            .arg(differing)
            .arg(total)
            .arg(100.0 * double(differing) / double(std::max<qint64>(1, total)), 0, 'f', 3)
            .arg(100.0 * tolerance.maxFraction, 0, 'f', 3)
            .arg(tolerance.channel)
            .arg(maxDelta)
            .arg(bounds.left())
            .arg(bounds.right())
            .arg(bounds.top())
            .arg(bounds.bottom());
    }
};

inline ImageComparison compareImages(const QImage& expectedImage, const QImage& actualImage,
                                     ImageTolerance tolerance = {}) {
    const QImage expected = expectedImage.convertToFormat(QImage::Format_ARGB32);
    const QImage actual = actualImage.convertToFormat(QImage::Format_ARGB32);
    ImageComparison c;
    c.tolerance = tolerance;
    c.sameSize = expected.size() == actual.size();
    const QSize size = expected.size().expandedTo(actual.size());
    c.total = qint64(size.width()) * size.height();
    c.diff = QImage(size, QImage::Format_ARGB32);
    const QRgb marked = qRgb(0xff, 0x00, 0xff);
    int left = size.width(), top = size.height(), right = -1, bottom = -1;
    for (int y = 0; y < size.height(); ++y) {
        const bool inExpected = y < expected.height(), inActual = y < actual.height();
        const auto* e =
            inExpected ? reinterpret_cast<const QRgb*>(expected.constScanLine(y)) : nullptr;
        const auto* a = inActual ? reinterpret_cast<const QRgb*>(actual.constScanLine(y)) : nullptr;
        auto* d = reinterpret_cast<QRgb*>(c.diff.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const bool hasE = e && x < expected.width(), hasA = a && x < actual.width();
            int delta = 255;
            if (hasE && hasA)
                delta = std::max(
                    {std::abs(qRed(e[x]) - qRed(a[x])), std::abs(qGreen(e[x]) - qGreen(a[x])),
                     std::abs(qBlue(e[x]) - qBlue(a[x])), std::abs(qAlpha(e[x]) - qAlpha(a[x]))});
            c.maxDelta = std::max(c.maxDelta, delta);
            if (delta > tolerance.channel) {
                ++c.differing;
                d[x] = marked;
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            } else {
                // context: the expected picture, pale grey so that the marks stand out
                const int g = 200 + qGray(hasE ? e[x] : a[x]) * 55 / 255;
                d[x] = qRgb(g, g, g);
            }
        }
    }
    if (right >= 0) c.bounds = QRect(QPoint(left, top), QPoint(right, bottom));
    return c;
}

// Writes expected.png, actual.png and diff.png into `dir` (created if missing).
inline bool writeComparisonImages(const QString& dir, const QImage& expected, const QImage& actual,
                                  const ImageComparison& comparison) {
    if (!QDir().mkpath(dir)) return false;
    const QDir out(dir);
    return expected.save(out.filePath(QStringLiteral("expected.png")), "PNG") &&
           actual.save(out.filePath(QStringLiteral("actual.png")), "PNG") &&
           comparison.diff.save(out.filePath(QStringLiteral("diff.png")), "PNG");
}
