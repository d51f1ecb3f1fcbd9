// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/uapi.h"

namespace ds {

namespace {

struct ErrnoEntry {
    int value;
    std::string_view name;
    std::string_view description; // as strace and strerror(3) print it
};

constexpr ErrnoEntry kErrnos[] = {
    {1, "EPERM", "Operation not permitted"},
    {2, "ENOENT", "No such file or directory"},
    {3, "ESRCH", "No such process"},
    {4, "EINTR", "Interrupted system call"},
    {5, "EIO", "Input/output error"},
    {6, "ENXIO", "No such device or address"},
    {7, "E2BIG", "Argument list too long"},
    {8, "ENOEXEC", "Exec format error"},
    {9, "EBADF", "Bad file descriptor"},
    {10, "ECHILD", "No child processes"},
    {11, "EAGAIN", "Resource temporarily unavailable"},
    {12, "ENOMEM", "Cannot allocate memory"},
    {13, "EACCES", "Permission denied"},
    {14, "EFAULT", "Bad address"},
    {15, "ENOTBLK", "Block device required"},
    {16, "EBUSY", "Device or resource busy"},
    {17, "EEXIST", "File exists"},
    {18, "EXDEV", "Invalid cross-device link"},
    {19, "ENODEV", "No such device"},
    {20, "ENOTDIR", "Not a directory"},
    {21, "EISDIR", "Is a directory"},
    {22, "EINVAL", "Invalid argument"},
    {23, "ENFILE", "Too many open files in system"},
    {24, "EMFILE", "Too many open files"},
    {25, "ENOTTY", "Inappropriate ioctl for device"},
    {26, "ETXTBSY", "Text file busy"},
    {27, "EFBIG", "File too large"},
    {28, "ENOSPC", "No space left on device"},
    {29, "ESPIPE", "Illegal seek"},
    {30, "EROFS", "Read-only file system"},
    {31, "EMLINK", "Too many links"},
    {32, "EPIPE", "Broken pipe"},
    {33, "EDOM", "Numerical argument out of domain"},
    {34, "ERANGE", "Numerical result out of range"},
    {35, "EDEADLK", "Resource deadlock avoided"},
    {36, "ENAMETOOLONG", "File name too long"},
    {37, "ENOLCK", "No locks available"},
    {38, "ENOSYS", "Function not implemented"},
    {39, "ENOTEMPTY", "Directory not empty"},
    {40, "ELOOP", "Too many levels of symbolic links"},
    {75, "EOVERFLOW", "Value too large for defined data type"},
    {95, "EOPNOTSUPP", "Operation not supported"},
    {116, "ESTALE", "Stale file handle"},
};

const ErrnoEntry* findErrno(int err) {
    for (const auto& e : kErrnos)
        if (e.value == err) return &e;
    return nullptr;
}

} // namespace

std::string_view errnoName(int err) {
    const ErrnoEntry* e = findErrno(err);
    return e ? e->name : std::string_view();
}

std::optional<int> errnoFromName(std::string_view name) {
    for (const auto& e : kErrnos)
        if (e.name == name) return e.value;
    return std::nullopt;
}

std::string_view errnoDescription(int err) {
    const ErrnoEntry* e = findErrno(err);
    return e ? e->description : std::string_view("Unknown error");
}

std::string_view dtypeName(uint8_t type) {
    switch (type) {
    case 0:
        return "DT_UNKNOWN";
    case 1:
        return "DT_FIFO";
    case 2:
        return "DT_CHR";
    case DT_DIR_:
        return "DT_DIR";
    case 6:
        return "DT_BLK";
    case DT_REG_:
        return "DT_REG";
    case 10:
        return "DT_LNK";
    case 12:
        return "DT_SOCK";
    default:
        return {};
    }
}

} // namespace ds
