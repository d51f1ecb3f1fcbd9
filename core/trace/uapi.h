// SPDX-License-Identifier: GPL-2.0-or-later
// What user space sees of the kernel: errno values, d_type values and mode bits, with their
// names and strace's descriptions. The one place the engine, the parser and the exporters
// take them from.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ds {

// errno values the engine returns, as negative numbers like the kernel. (A trailing underscore
// keeps them clear of <cerrno>'s macros.)
inline constexpr int ENOENT_ = 2;
inline constexpr int EBADF_ = 9;
inline constexpr int ECHILD_ = 10;
inline constexpr int EEXIST_ = 17;
inline constexpr int ENOTDIR_ = 20;
inline constexpr int EISDIR_ = 21;
inline constexpr int EINVAL_ = 22;
inline constexpr int EMFILE_ = 24;
inline constexpr int ESPIPE_ = 29;

// Mode bits as in <sys/stat.h>.
inline constexpr uint32_t S_IFMT_ = 0170000;
inline constexpr uint32_t S_IFDIR_ = 0040000;
inline constexpr uint32_t S_IFREG_ = 0100000;
inline bool isDirMode(uint32_t mode) {
    return (mode & S_IFMT_) == S_IFDIR_;
}

// d_type values as getdents64 reports them.
inline constexpr uint8_t DT_DIR_ = 4;
inline constexpr uint8_t DT_REG_ = 8;

// "ENOENT" for 2; "" when unknown.
std::string_view errnoName(int err);
// 2 for "ENOENT"; nullopt when unknown.
std::optional<int> errnoFromName(std::string_view name);
// strace's text: "No such file or directory" for 2, "Unknown error" when unknown.
std::string_view errnoDescription(int err);
// "DT_DIR", "DT_REG" and the other DT_* names; "" for a value that has none.
std::string_view dtypeName(uint8_t type);

} // namespace ds
