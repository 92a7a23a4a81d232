/* sched_proto.h - the protocol between `weft explore`/`weft replay` (cli/explore.c) and the
 * explore-mode fork server inside the program (runtime/sched_server.c).
 *
 * The program is started once with WEFT_OPTIONS explore=1 explore_in=FD explore_out=FD. At the start
 * of main (single-threaded there) the runtime reads requests from explore_in; for each `run` request
 * it forks a child that runs main under the requested strategy, seed and imposed decisions, waits
 * for it and writes one result (struct sched_res followed by nsteps struct sched_step) to
 * explore_out. Both sides are the same build of weft: the structs are sent as raw bytes.
 */
#ifndef WEFT_SCHED_PROTO_H
#define WEFT_SCHED_PROTO_H

#include <stdint.h>

#define SCHED_PROTO_MAGIC 0x74666577u   /* "weft" */
#define SCHED_MAX_THREADS 256           /* threads one explored run may create */
#define SCHED_DEFAULT_MAX_STEPS 100000  /* far beyond the small tests (hundreds of steps) */

enum sched_op { SOP_RUN = 1, SOP_QUIT = 2, SOP_CONFIRM = 3 };
enum sched_strategy { SCHED_RANDOM = 0, SCHED_PCT = 1, SCHED_DFS = 2 };
enum sched_failure { SF_NONE = 0, SF_DEADLOCK = 1, SF_LIVELOCK = 2, SF_DIVERGED = 3 };

/* How imposed decisions are followed. */
enum sched_follow {
	SFOLLOW_NONE = 0,     /* the strategy decides everything */
	SFOLLOW_STRICT = 1,   /* replay: a decision that is not enabled is a divergence */
	SFOLLOW_LENIENT = 2,  /* shrinking/dfs: follow when enabled, else the default policy */
};

/* request flags */
#define SREQ_REPORT 1u        /* show the program's output and write the JSON report (final run) */
#define SREQ_DEFAULT_AFTER 2u /* after the imposed decisions: the non-preemptive default policy */
#define SREQ_CONFIRM 4u       /* steer toward the cycle of the last SOP_CONFIRM (DeadlockFuzzer) */
#define SREQ_QUIET 8u         /* with SREQ_REPORT: write the report, but the program's output goes
				 to /dev/null (a report weft needs for itself) */

struct sched_req {
	uint32_t magic, op;
	uint32_t run;
	uint32_t strategy;    /* enum sched_strategy */
	uint64_t seed;
	uint32_t depth;       /* pct */
	uint32_t pct_len;     /* pct: estimated run length in steps */
	uint32_t max_steps;
	uint32_t follow;      /* enum sched_follow */
	uint32_t flags;
	uint32_t timeout_ms;  /* a run longer than this is killed (SIGALRM) and reported as a hang */
	uint32_t ndecisions;  /* followed by ndecisions uint16_t thread ids */
	uint32_t pad;
};

/* SOP_CONFIRM: the request is followed by one struct sched_confirm, the lock-order cycle that runs
 * with SREQ_CONFIRM steer toward; the server answers with one struct sched_res (nsteps 0, findings:
 * the number of call sites found in the program's modules, summary: the first one not found).
 * Edge i of the cycle: a thread holding a lock taken at held[i] acquires another at acq[i]. Sites
 * are module (as the report's frames name it: the path in /proc/PID/maps) + offset from the
 * module's lowest mapping, so a report from a run with ASLR on still matches. */
#define SCHED_CONFIRM_MAX 32    /* edges of one cycle (most have 2 or 3; samples/ring25.c has 25;
				   32: one bit each in confirm_reached) */
struct sched_site {
	uint64_t offset;
	char module[512];
};
struct sched_confirm {
	uint32_t nedges, pad;
	struct sched_site held[SCHED_CONFIRM_MAX], acq[SCHED_CONFIRM_MAX];
};

/* step flags */
#define SSTEP_FREE 1u         /* the asking thread could not go on (blocked, ended) or yielded:
				 switching here is not a preemption */
#define SSTEP_YIELD 2u
#define SSTEP_TIMEOUT 4u      /* the chosen thread's timed wait timed out */

/* operation at which a decision was taken (for reports: "switched out at ...") */
#define SCHED_OPS(X)                                                                        \
	X(OP_OTHER, "call") X(OP_LOCK, "lock") X(OP_UNLOCK, "unlock") X(OP_TRYLOCK, "trylock") \
	X(OP_COND_WAIT, "cond-wait") X(OP_SIGNAL, "cond-signal") X(OP_SEM_WAIT, "sem-wait")    \
	X(OP_SEM_POST, "sem-post") X(OP_BARRIER, "barrier-wait") X(OP_ONCE, "once")            \
	X(OP_CREATE, "thread-create") X(OP_START, "thread-start") X(OP_EXIT, "thread-exit")     \
	X(OP_JOIN, "join") X(OP_YIELD, "sched_yield") X(OP_SLEEP, "sleep") X(OP_SYSCALL, "syscall")     \
	X(OP_ATOMIC, "atomic")
enum sched_opkind {
#define X(e, name) e,
	SCHED_OPS(X)
#undef X
	OP_COUNT
};

struct sched_step {
	uint16_t chosen;      /* thread that got the turn */
	uint16_t cur;         /* thread that asked (held the turn) */
	uint8_t flags;        /* SSTEP_* */
	uint8_t op;           /* enum sched_opkind of the asking thread's operation */
	uint16_t pad;
	uint32_t pad2;
	uint64_t enabled;     /* enabled threads (ids < 64) */
	uint64_t pc;          /* call site of the asking thread's operation */
};

struct sched_res {
	uint32_t magic;
	int32_t wstatus;      /* waitpid status of the run's process */
	int32_t failure;      /* enum sched_failure (crashes and exit statuses come from wstatus) */
	int32_t diverged_step;/* SF_DIVERGED: the step whose decision could not be followed */
	uint32_t findings;    /* bit (1 << enum report_kind) for each kind of finding of the run */
	uint32_t nsteps;      /* followed by nsteps struct sched_step */
	uint32_t nthreads;
	uint32_t timed_out;   /* killed after timeout_ms */
	uint32_t confirm_reached; /* SREQ_CONFIRM: bit i when a thread paused at edge i of the cycle */
	uint32_t confirm_closed;  /* SREQ_CONFIRM: times every edge had a paused thread at once */
	char summary[256];    /* deadlock/livelock/divergence in one line */
};

#endif
