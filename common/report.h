/* report.h - the report model shared by the runtime, the CLI, the viewer and every output format.
 *
 * The JSON file (docs/report-format.md) is the serialized form of this model. The runtime fills it
 * (at report time, never on a hot path) and writes it with report_write_json(); the CLI reads it back
 * with report_read_json() and formats it (text, SARIF, JUnit, DOT, the TUI). One model, one writer,
 * one reader: the text report and the viewer cannot disagree.
 *
 * Rules:
 *  - Everything here is plain heap data owned by the report (malloc/strdup); report_free() frees it.
 *  - Strings may be NULL when unknown. Integers that may be unknown use -1 (line, thread, lock ids).
 *  - Adding a field: add it here, to the writer, to the reader and to docs/report-format.md. Never
 *    remove or rename one (schema version 1 is a promise to CI users).
 */
#ifndef WEFT_REPORT_H
#define WEFT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPORT_SCHEMA_VERSION 1

/* Finding kinds. X(enum suffix, json name, suppression keyword, human title) */
#define REPORT_KINDS(X)                                                                  \
	X(DATA_RACE, "data-race", "race", "data race")                                  \
	X(LOCK_ORDER_INVERSION, "lock-order-inversion", "deadlock", "lock-order inversion") \
	X(DEADLOCK, "deadlock", "deadlock", "deadlock")                                   \
	X(API_MISUSE, "api-misuse", "misuse", "pthread API misuse")

enum report_kind {
#define X(e, json, supp, title) REPORT_##e,
	REPORT_KINDS(X)
#undef X
	REPORT_KIND_COUNT
};

const char *report_kind_name(enum report_kind k);   /* "data-race" ... */
const char *report_kind_title(enum report_kind k);  /* "data race" ... */
int report_kind_from_name(const char *name);        /* -1 if unknown */

struct report_frame {
	uint64_t pc;          /* absolute address in the reporting process (0 for inlined callers) */
	char *function;       /* demangled if possible; NULL when unknown */
	char *file;           /* source path as in the debug info; NULL when unknown */
	int line;             /* -1 when unknown */
	int column;           /* -1 when unknown */
	char *module;         /* path of the ELF object; NULL when unknown */
	uint64_t offset;      /* pc relative to the module's load base */
	bool inlined;         /* this frame was inlined into the next (outer) frame */
};

struct report_stack {
	char *role;           /* "blocked", "acquired", "held", "created", "first-use", "current", ... */
	int thread;           /* weft thread id, -1 when none */
	char *note;           /* e.g. "outer frames not captured"; NULL normally */
	size_t nframes;
	struct report_frame *frames;
};

/* One edge of a lock cycle or one blocked thread of a deadlock. Indexes refer to finding.stacks. */
struct report_cycle_step {
	int thread;           /* thread that holds `holds` and waits for (or later took) `waits` */
	int holds;            /* lock id held (-1: none, e.g. a thread waiting in join) */
	char *hold_mode;      /* "write" | "read" | NULL */
	int waits;            /* lock id waited for / acquired next; -1 if the wait is not on a lock */
	char *wait_mode;      /* "write" | "read" | NULL */
	char *wait_kind;      /* "mutex", "rwlock", "spinlock", "join", "cond", "sem", "barrier", ... */
	int waits_thread;     /* for "join": the thread waited for; otherwise -1 */
	int hold_stack;       /* index into stacks, -1 if none */
	int wait_stack;       /* index into stacks, -1 if none */
};

/* data-race: one of the two accesses. */
struct report_access {
	int thread;
	bool write;
	bool atomic;
	unsigned size;
	uint64_t addr;
	int stack;            /* index into finding.stacks */
	size_t nlocks;        /* locks held at the access */
	int *locks;
};

struct report_memory {
	char *kind;           /* "global", "heap", "stack", "tls", "unknown" */
	char *name;           /* global variable name, when known */
	uint64_t base;        /* start of the object / block */
	uint64_t size;
	uint64_t offset;      /* of the racy address in the object */
	int thread;           /* heap: allocating thread; stack/tls: owner; -1 otherwise */
	int alloc_stack;      /* index into finding.stacks, -1 if none */
	char *module;         /* global: the module that defines it */
};

struct report_finding {
	enum report_kind kind;
	char *misuse;         /* api-misuse sub-kind, e.g. "unlock-not-owner"; NULL otherwise */
	char *summary;        /* one line, no trailing newline */
	unsigned count;       /* times seen (duplicates folded in), >= 1 */
	size_t nstacks;
	struct report_stack *stacks;
	size_t nthreads;      /* threads involved (ids) */
	int *threads;
	size_t nlocks;        /* locks involved (ids) */
	int *locks;
	size_t ncycle;        /* lock-order-inversion and deadlock */
	struct report_cycle_step *cycle;
	size_t naccesses;     /* data-race: 2 */
	struct report_access *accesses;
	struct report_memory *memory; /* data-race; NULL otherwise */
};

struct report_thread {
	int id;               /* 0 is the main thread */
	int parent;           /* -1 for the main thread or unknown */
	long tid;             /* kernel tid, 0 if unknown */
	char *name;           /* pthread_setname_np / prctl name, NULL if none */
	char *state;          /* "running", "finished", "blocked", "detached-running", ... at report time */
	bool has_created;
	struct report_stack created; /* creation stack (role "created") */
	bool has_last;
	struct report_stack last;    /* what it was doing at the end, when known (role "blocked"/"current") */
};

struct report_lock {
	int id;
	char *kind;           /* "mutex", "rwlock", "spinlock", "c11-mutex" */
	char *type;           /* mutex type: "normal", "errorcheck", "recursive", "adaptive"; NULL otherwise */
	uint64_t addr;
	char *name;           /* global variable name when the lock is a global, NULL otherwise */
	bool has_created;
	struct report_stack created;  /* role "created" (init) or "first-use" */
};

/* weft explore / weft replay: where the failing schedule switched a thread out (a preemption). */
struct report_preemption {
	long step;            /* index of the decision in the schedule */
	int thread;           /* the thread switched out */
	int to;               /* the thread that ran instead */
	char *call;           /* operation the thread was about to do: "lock", "unlock", "cond-signal", ... */
	uint64_t pc;          /* its call site (addresses repeat across runs: ASLR is off when exploring) */
	bool has_stack;       /* stack: where the thread was switched out (role "preempted"), captured
				 in the replay of the schedule that writes the report */
	struct report_stack stack;
};

/* weft explore / weft replay: the failing run; NULL when no run failed. */
struct report_failure {
	char *kind;           /* "deadlock", "livelock", "crash", "abort", "exit-status", "timeout",
				 "diverged", or a finding kind with --fail-on ("lock-order-inversion", ...) */
	char *summary;        /* one line */
	long run;             /* run number (0-based) */
	uint64_t seed;
	char *strategy;       /* "random", "pct", "dfs" */
	char *schedule;       /* path of the saved schedule file, NULL if none */
	long steps;           /* decisions in the schedule */
	size_t npreemptions;
	struct report_preemption *preemptions;
	/* shrinking (weft explore only): runs it took and the schedule before it; shrink_runs 0 when
	 * no shrinking run was made (--no-shrink, nothing to shrink, weft replay) */
	long shrink_runs;
	long shrunk_from_preemptions, shrunk_from_steps;
};

/* weft explore --confirm: steering toward a reported lock-order inversion. */
struct report_confirm {
	char *source;         /* the report file the inversion came from; NULL: found while exploring */
	char *inversion;      /* the inversion's summary line */
	bool confirmed;       /* a run deadlocked ("failure" holds it) */
	long runs;            /* runs steered toward it */
	long edges;           /* edges of its cycle */
	long edges_reached;   /* edges at which some thread was paused in some run */
	long closed;          /* times every edge had a paused thread at once */
};

struct report {
	int version;          /* REPORT_SCHEMA_VERSION */
	char *tool_version;
	char *program;        /* path */
	size_t argc;
	char **argv;
	long pid;
	long parent_pid;      /* for a forked child's report; 0 otherwise */
	/* how the program ended; filled by the runtime (exit through exit(), or ended by weft) and
	 * completed by `weft run` from the wait status */
	bool ended;
	int exit_status;      /* -1 if killed by a signal or unknown */
	int signal;           /* 0 if none */
	bool ended_by_weft;   /* weft ended the program (deadlock) */
	unsigned suppressed;  /* findings dropped by suppressions */
	char *trace;          /* path of the happens-before trace written with this report, or NULL */
	/* weft explore / weft replay only (absent from the reports of weft run) */
	bool explored;        /* "runs" and "failure" are written */
	long runs;            /* runs executed */
	struct report_failure *failure; /* NULL: no failure */
	struct report_confirm *confirm; /* weft explore --confirm only; NULL otherwise */
	size_t nfindings;
	struct report_finding *findings;
	size_t nthreads;
	struct report_thread *threads;
	size_t nlocks;
	struct report_lock *locks;
};

/* Construction helpers (abort on out-of-memory: reports are built outside hot paths). */
struct report *report_new(void);
void report_free(struct report *r);
struct report_finding *report_add_finding(struct report *r, enum report_kind kind);
struct report_stack *report_finding_add_stack(struct report_finding *f, const char *role, int thread);
struct report_frame *report_stack_add_frame(struct report_stack *s);
struct report_thread *report_add_thread(struct report *r, int id);
struct report_lock *report_add_lock(struct report *r, int id);
const struct report_thread *report_find_thread(const struct report *r, int id);
const struct report_lock *report_find_lock(const struct report *r, int id);
void report_stack_clear(struct report_stack *s);
void report_stack_copy(struct report_stack *dst, const struct report_stack *src);
char *report_strdup(const char *s);       /* NULL-safe strdup */
void *report_xcalloc(size_t n, size_t sz);

/* Counts per kind, for summaries: counts[k] = number of findings of kind k (not weighted by count). */
void report_count_kinds(const struct report *r, unsigned counts[REPORT_KIND_COUNT]);

/* Serialization. Both return 0 on success, -1 on error with a one-line message in err. */
int report_write_json(const struct report *r, int fd, char *err, size_t errlen);
/* Write to path atomically (temporary name, then rename), so a reader never sees half a report. */
int report_write_json_file(const struct report *r, const char *path, char *err, size_t errlen);
int report_read_json(const char *text, size_t len, struct report **out, char *err, size_t errlen);
int report_read_json_file(const char *path, struct report **out, char *err, size_t errlen);

#endif
