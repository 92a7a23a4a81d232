/* trace_rt.h - recording the happens-before trace (format: common/trace.h, docs/trace-format.md).
 * Off unless option trace=FILE: then every synchronization event is appended to a per-thread ring
 * of trace_events records (the oldest are dropped and counted, so a long run cannot exhaust
 * memory), and the file is written with the final report. Switching the trace on keeps the
 * happens-before clocks (hb_enable) so that each record carries its thread's clock. */
#ifndef WEFT_TRACE_RT_H
#define WEFT_TRACE_RT_H

#include <stdint.h>

#include "rt.h"
#include "trace.h"

struct wthr;

extern volatile int trace_on;
void trace_init(void);
/* Start recording to path now (a single-threaded process: the explored run that writes the
 * report); does nothing when a trace is already on. */
void trace_start(const char *file);
void trace_ev_slow(struct wthr *t, unsigned kind, uint32_t obj, unsigned flags, uint32_t aux);
static inline void trace_ev(struct wthr *t, unsigned kind, uint32_t obj, unsigned flags, uint32_t aux)
{
	if (unlikely(trace_on))
		trace_ev_slow(t, kind, obj, flags, aux);
}
/* Write the trace file (temporary name + rename). Returns the path, or NULL when off/failed. */
const char *trace_write(void);
void trace_after_fork_child(void);

#endif
