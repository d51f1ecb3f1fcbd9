// SPDX-License-Identifier: GPL-2.0-or-later
/* The C side of tracedat.cpp: Debian 12's libtracefs header (included by libtracecmd's) is C,
 * not C++ (it converts an int to an enum), so the calls into libtracecmd live in tracedat_c.c. */
#ifndef DS_TRACEDAT_C_H
#define DS_TRACEDAT_C_H

#ifdef __cplusplus
extern "C" {
#endif

/* Called with each event's text line (`trace-cmd report` style, ending in '\n'). */
typedef void (*ds_trace_dat_line)(const char* line, unsigned long len, void* data);

/* Reads FILE's events in time order; 0 on success, -1 when libtracecmd cannot open the file,
 * -2 when it cannot read its events. *lost: events the ring buffer dropped, as recorded. */
int ds_trace_dat_read(const char* path, ds_trace_dat_line line, void* data, long long* events,
                      long long* lost);

#ifdef __cplusplus
}
#endif

#endif
