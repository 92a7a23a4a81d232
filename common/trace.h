/* trace.h - the happens-before trace: a compact binary record of synchronization events, written
 * by the runtime (`weft run --trace FILE`, option trace=FILE) and read by the viewer's timeline.
 * The format is documented in docs/trace-format.md; this header is its single definition.
 *
 * Rules: fixed-size little-endian records after a fixed header; fields are only ever added at the
 * end of the header (header_size tells readers how much to skip) or in the reserved bits; record
 * kinds are only ever added (TRACE_KINDS below).
 */
#ifndef WEFT_TRACE_H
#define WEFT_TRACE_H

#include <stdint.h>

#define TRACE_MAGIC "WEFTTRC1"
#define TRACE_VERSION 1

/* X(enum suffix, name, role): role is 'A' acquire side of an arrow, 'R' release side, '-' neither */
#define TRACE_KINDS(X)                                   \
	X(LOCK, "lock", 'A')                              \
	X(UNLOCK, "unlock", 'R')                          \
	X(RDLOCK, "rdlock", 'A')                          \
	X(RDUNLOCK, "rdunlock", 'R')                      \
	X(BLOCK, "block", '-')                            \
	X(COND_WAIT, "cond-wait", 'R')                    \
	X(COND_WAKE, "cond-wake", 'A')                    \
	X(SIGNAL, "signal", 'R')                          \
	X(BROADCAST, "broadcast", 'R')                    \
	X(SEM_POST, "sem-post", 'R')                      \
	X(SEM_WAIT, "sem-wait", 'A')                      \
	X(BARRIER_ARRIVE, "barrier-arrive", 'R')          \
	X(BARRIER_LEAVE, "barrier-leave", 'A')            \
	X(ONCE_DONE, "once-done", 'R')                    \
	X(ONCE_PASS, "once-pass", 'A')                    \
	X(CREATE, "create", 'R')                          \
	X(START, "start", 'A')                            \
	X(EXIT, "exit", 'R')                              \
	X(JOIN, "join", 'A')                              \
	X(DROPPED, "dropped", '-')

enum trace_kind {
#define X(e, name, role) TRACE_##e,
	TRACE_KINDS(X)
#undef X
	TRACE_KIND_COUNT
};

struct trace_header {
	char magic[8];          /* TRACE_MAGIC */
	uint32_t version;       /* TRACE_VERSION */
	uint32_t header_size;   /* sizeof(struct trace_header) when written */
	uint32_t record_size;   /* sizeof(struct trace_record) when written */
	uint32_t nthreads;      /* threads that have records */
	uint64_t pid;
	uint64_t nrecords;      /* records that follow */
};

struct trace_record {
	uint64_t seq;           /* global order of the events (1, 2, ...) */
	uint32_t thread;        /* weft thread id */
	uint16_t kind;          /* enum trace_kind */
	uint16_t flags;         /* TRACE_F_* */
	uint32_t obj;           /* lock id (as in the report's "locks"), object id, or for
	                         * CREATE/JOIN the other thread's id; DROPPED: records lost */
	uint32_t clock;         /* the thread's own vector-clock entry after the event */
	uint32_t aux;           /* kind-specific: BLOCK: what the thread blocks in (a TRACE kind) */
	uint32_t reserved;
};

#define TRACE_F_OBJ_IS_LOCK 1u   /* obj is a lock id of the report */
#define TRACE_F_TIMED 2u         /* the wait had a timeout (and may have ended by it) */
#define TRACE_F_FAILED 4u        /* the operation did not succeed (timed out, busy) */

_Static_assert(sizeof(struct trace_header) == 40, "trace header layout");
_Static_assert(sizeof(struct trace_record) == 32, "trace record layout");

const char *trace_kind_name(unsigned kind);   /* "lock", ...; "?" when unknown */
char trace_kind_role(unsigned kind);          /* 'A', 'R' or '-' */

#endif
