/* trace_read.h - reading a happens-before trace (common/trace.h, docs/trace-format.md) into memory,
 * and deriving its happens-before arrows. Used by the viewer's timeline; pure (no curses, no report).
 *
 * Semantics of the arrows (derived from the order, seq, of release and acquire events on one object,
 * which is how the runtime joined its clocks):
 *   lock, rdlock      <- the latest unlock of the same lock before it (a write lock also from every
 *                        rdunlock since the last write lock)
 *   cond-wake         <- the latest signal or broadcast of the condition before it, when that came
 *                        after the thread's own cond-wait (otherwise the wake-up was spurious)
 *   sem-wait          <- the latest sem-post of the semaphore before it
 *   barrier-leave     <- every barrier-arrive of the same round (the round of the thread's own arrive)
 *   once-pass         <- the once-done of the same once object
 *   start             <- the create that named the thread
 *   join              <- the exit of the joined thread
 * Failed operations (flag TRACE_F_FAILED: a timed-out wait) receive no arrow. Arrows within one thread
 * are derived too (they are program order, and the timeline does not draw them).
 */
#ifndef WEFT_TRACE_READ_H
#define WEFT_TRACE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "trace.h"

struct trace_event {
	uint64_t seq;
	uint32_t thread;
	uint16_t kind;     /* enum trace_kind; unknown kinds (a newer writer) are kept */
	uint16_t flags;    /* TRACE_F_* */
	uint32_t obj;
	uint32_t clock;
	uint32_t aux;
};

/* A happens-before arrow: events[from] happens before events[to] (indexes in seq order). */
struct trace_arrow {
	size_t from, to;
};

struct trace_data {
	uint32_t version;
	uint64_t pid;
	struct trace_event *events;   /* sorted by seq (file order among equal seqs: a dropped record
	                               * comes before the first record kept after it) */
	size_t nevents;
	uint32_t *threads;            /* the thread ids that have events, ascending */
	size_t nthreads;
	struct trace_arrow *arrows;   /* sorted by to, then from */
	size_t narrows;
};

/* Read a trace from memory. Returns 0 with *out set, or -1 with a one-line message in err naming
 * the problem (truncated, bad magic, wrong version, bad sizes, bad record). */
int trace_read_mem(const void *buf, size_t len, struct trace_data **out, char *err, size_t errlen);
/* Read a trace file; the message starts with the path. */
int trace_read_file(const char *path, struct trace_data **out, char *err, size_t errlen);
void trace_data_free(struct trace_data *t);

/* The lane (index in t->threads) of a thread id, -1 if it has no events. */
int trace_lane(const struct trace_data *t, uint32_t thread);
/* The arrows into event i: *first is the index of the first in t->arrows; returns how many. */
size_t trace_arrows_into(const struct trace_data *t, size_t i, size_t *first);

/* The object of an event as the report writes it: "M1" (lock), "C1" (condition), "S1" (semaphore),
 * "B1" (barrier), "O1" (once), "T2" (thread for create/join/start); "" when it has none. */
char *trace_describe_object(const struct trace_event *e, char *buf, size_t len);
/* A short label: "lock M1", "signal C2", "create T2", "dropped 120"; at most 14 columns for ids
 * below 1000. */
char *trace_describe_event(const struct trace_event *e, char *buf, size_t len);

#endif
