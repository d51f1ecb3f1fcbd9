// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/json_out.h"

#include <array>
#include <string>

namespace ds::exporter {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t utf8Length(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t min = 0;
    if (c < 0x80) return 1;
    if ((c & 0xe0) == 0xc0)
        n = 2, min = 0x80;
    else if ((c & 0xf0) == 0xe0)
        n = 3, min = 0x800;
    else if ((c & 0xf8) == 0xf0)
        n = 4, min = 0x10000;
    else
        return 0;
    if (i + n > s.size()) return 0;
    uint32_t cp = c & (0x7f >> n);
    for (size_t k = 1; k < n; ++k) {
        const auto d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return n;
}

} // namespace

void JsonOut::str(std::string_view s) {
    // 1: a byte the writer must escape or check (control, quote, backslash, not ASCII)
    static constexpr auto kSpecial = [] {
        std::array<uint8_t, 256> t{};
        for (int c = 0; c < 256; ++c)
            t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
        return t;
    }();
    uint8_t special = 0;
    for (const char c : s) // no early exit: the common case scans to the end anyway
        special |= kSpecial[static_cast<unsigned char>(c)];
    if (special == 0) {
        // The common case. The writer puts its separator and counts the value (an empty raw
        // value), and the bytes go into the sink in one copy: its own loop stores byte by byte.
        w_.RawValue("", 0, rapidjson::kStringType);
        sink_.put('"');
        sink_.put(s);
        sink_.put('"');
        return;
    }
    size_t i = 0;
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80)
        ++i;
    if (i == s.size()) { // ASCII the writer escapes
        w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
        return;
    }
    std::string fixed(s.substr(0, i));
    while (i < s.size()) {
        const size_t n = utf8Length(s, i);
        if (n == 0) {
            fixed += "\xef\xbf\xbd"; // U+FFFD
            ++i;
        } else {
            fixed.append(s.substr(i, n));
            i += n;
        }
    }
    w_.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
}

} // namespace ds::exporter
