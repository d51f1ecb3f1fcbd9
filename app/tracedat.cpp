// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracedat.h"

#ifdef DS_HAVE_TRACECMD
#include "tracedat_c.h"
#endif

namespace ds::app {

bool isTraceDat(std::string_view head) {
    return head.starts_with(std::string_view("\x17\x08\x44tracing", 10));
}

#ifdef DS_HAVE_TRACECMD

std::optional<TraceDatText> readTraceDat(const std::string& path, std::string& err) {
    TraceDatText out;
    const auto append = [](const char* line, unsigned long len, void* data) {
        static_cast<std::string*>(data)->append(line, len);
    };
    switch (ds_trace_dat_read(path.c_str(), append, &out.text, &out.events, &out.lost)) {
    case 0:
        return out;
    case -1:
        err = "libtracecmd cannot open '" + path + "' as a trace.dat (truncated or damaged?)";
        return std::nullopt;
    default:
        err = "libtracecmd cannot read the events of '" + path + "'";
        return std::nullopt;
    }
}

#else

std::optional<TraceDatText> readTraceDat(const std::string& path, std::string& err) {
    err = "'" + path +
          "' is a trace.dat, and this program was built without libtracecmd "
          "(libtracecmd-dev): convert it with `trace-cmd report -i " +
          path + " > trace.txt` and import that";
    return std::nullopt;
}

#endif

} // namespace ds::app
