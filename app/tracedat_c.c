// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracedat_c.h"

#include <trace-cmd.h>

struct ds_reader {
    struct tep_handle* tep;
    ds_trace_dat_line line;
    void* data;
    long long events;
    long long lost;
};

/* One event: "COMM-PID [CPU] SECONDS.MICROS: EVENT: FIELDS". */
static int ds_on_record(struct tracecmd_input* handle, struct tep_record* record, int cpu,
                        void* data) {
    struct ds_reader* r = data;
    struct trace_seq s;
    (void)handle;
    (void)cpu;
    if (record->missed_events > 0) r->lost += record->missed_events;
    trace_seq_init(&s);
    tep_print_event(r->tep, &s, record, "%16s-%-7d [%03d] ", TEP_PRINT_COMM, TEP_PRINT_PID,
                    TEP_PRINT_CPU);
    trace_seq_printf(&s, "%llu.%06llu: ", record->ts / 1000000000ULL,
                     record->ts / 1000ULL % 1000000ULL);
    tep_print_event(r->tep, &s, record, "%s: %s\n", TEP_PRINT_NAME, TEP_PRINT_INFO);
    trace_seq_terminate(&s);
    if (s.state == TRACE_SEQ__GOOD) r->line(s.buffer, s.len, r->data);
    trace_seq_destroy(&s);
    ++r->events;
    return 0;
}

int ds_trace_dat_read(const char* path, ds_trace_dat_line line, void* data, long long* events,
                      long long* lost) {
    struct ds_reader r = {0};
    struct tracecmd_input* handle;
    int rc;
    tracecmd_set_loglevel(TEP_LOG_NONE); /* its own complaints would reach stderr unasked */
    handle = tracecmd_open(path, 0);
    if (!handle) return -1;
    r.tep = tracecmd_get_tep(handle);
    r.line = line;
    r.data = data;
    rc = r.tep ? tracecmd_iterate_events(handle, 0, 0, ds_on_record, &r) : -1;
    tracecmd_close(handle);
    *events = r.events;
    *lost = r.lost;
    return rc < 0 ? -2 : 0;
}
