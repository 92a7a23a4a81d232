/* finding.h - the runtime's store of findings, before they become a report.
 *
 * Analyses record findings here in raw form (stack ids, thread and lock ids); report_rt.c turns
 * them into the shared report model (symbolized) when the report is written. Findings with the same
 * signature are folded into one whose count grows. Recording may happen on any thread inside an
 * interceptor: it uses rt_alloc only and takes one spinlock.
 */
#ifndef WEFT_FINDING_H
#define WEFT_FINDING_H

#include <stdbool.h>
#include <stdint.h>

#include "report.h"

enum rstk_type { RSTK_NONE, RSTK_DEPOT, RSTK_SPLICE };

/* A stack of a finding: a depot stack, or a "splice": the single call-site pc of an earlier
 * acquisition followed by the outer frames of a later stack taken while the lock was still held
 * (resolved at report time: frames of `id` after the one in the same function as `pc`). */
struct rstk {
	uint8_t type;
	uint32_t id;
	uintptr_t pc;
	const char *role;
	int thread;
};

struct rstep {
	int thread, holds, waits, waits_thread;
	bool hold_read, wait_read;
	const char *wait_kind;
	int hold_stack, wait_stack;   /* indexes into stacks, -1 none */
};

struct rfinding {
	struct rfinding *next;
	enum report_kind kind;
	const char *misuse;
	uint64_t sig;
	volatile unsigned count;
	char summary[240];
	int nstacks, stacks_cap;
	struct rstk *stacks;
	int nsteps;
	struct rstep *steps;
	int nthreads;
	int threads[8];
	int nlocks, locks_cap;
	int *locks;
	void *extra;                  /* kind-specific data owned by the analysis (data races) */
};

struct rfinding *finding_new(enum report_kind kind, int max_stacks, int nsteps, int max_locks);
int finding_add_stack(struct rfinding *f, int type, uint32_t id, uintptr_t pc, const char *role, int thread);
void finding_add_thread(struct rfinding *f, int id);
void finding_add_lock(struct rfinding *f, int id);
/* Publish f (takes ownership). If one with the same signature exists, its count grows and f is
 * dropped: returns false. Returns true for a new finding (the report file is then rewritten). */
bool finding_publish(struct rfinding *f);
/* Signature helper: mix v into h. */
static inline uint64_t finding_mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull + 0x9e37; }

/* Snapshot for the report writer: the list head (findings are prepended; never removed). */
struct rfinding *finding_list(void);
unsigned finding_total(void);
void finding_after_fork_child(void);    /* the child starts with no findings */

/* api-misuse with the current stack: fmt describes it for the summary. */
void finding_misuse(const char *misuse, int lock_id, int other_thread, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The same with more detail: a second lock, and where a lock concerned was taken (held_pc, by
 * held_thread; -1: by the current thread). Fields not used are 0 (lock, lock2, held_pc) or -1. */
struct misuse_info {
	int lock, lock2;
	int other_thread;
	uintptr_t held_pc;
	int held_thread;
	const char *held_role;   /* role of that stack; NULL: "held" */
};
void finding_misuse_ex(const char *misuse, const struct misuse_info *mi, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
