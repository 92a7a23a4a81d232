/* schedule_model.h - an explored schedule as steps (pure: no curses, no view state), for the
 * schedule view: which thread ran at each scheduling step, where the preemptions were, the
 * operations done at each step and the locks held after it.
 *
 * Sources and what each gives:
 *   the schedule file (cli/schedule.h)   the thread chosen at every step; nothing else
 *   the report's "failure"               the preemptions left: step, thread switched out, the
 *                                        operation it was about to do, its pc
 *   the report's findings                for a deadlock, who holds and waits for what at the end
 *   a trace of the failing run           every operation with its object (lock M1, create T2...):
 *   (report "trace", from exploring      events are put on steps by alignment (below), and the locks
 *   with WEFT_OPTIONS=trace=FILE)        held after each step follow from its lock/unlock events
 *
 * Semantics of the alignment (the trace has no step numbers; an approximation): a step lets the
 * chosen thread do the operation it was stopped at and run to its next scheduling point, so each
 * operation a thread records uses one of its steps: a thread's `start` goes to its first step, each
 * other event to the thread's first step after the step of its previous event, and never before
 * the step of an earlier event (seq order). Events no step explains stay where the thread was.
 * Scheduling points that record nothing (yield, sleep, system calls) shift a thread's later
 * operations to earlier steps of that thread.
 */
#ifndef WEFT_TUI_SCHEDULE_MODEL_H
#define WEFT_TUI_SCHEDULE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "schedule.h"
#include "trace_read.h"

struct sm_step {
	int thread;           /* chosen at this step */
	int preemption;       /* index in the report's failure preemptions, -1 if none */
	size_t ev_first, ev_n;/* the trace events aligned to this step: ev_index[ev_first ..+ ev_n] */
};

struct sm_hold {
	int lock, thread;
	bool read;            /* rdlock */
};

struct schedule_model {
	struct schedule sched;        /* owned */
	struct trace_data *trace;     /* owned, NULL: no trace */
	const struct report *r;       /* not owned */
	struct sm_step *steps;        /* sched.n of them */
	size_t *ev_index;             /* trace event indexes ordered by step, then seq */
	int *threads;                 /* lanes: the thread ids that ran, ascending */
	size_t nthreads;
};

/* Build m from s and t (both taken over; t may be NULL) and r. */
void schedule_model_init(struct schedule_model *m, struct schedule *s, struct trace_data *t,
                         const struct report *r);
void schedule_model_free(struct schedule_model *m);

/* The lane of a thread id, -1 if it never ran. */
int schedule_model_lane(const struct schedule_model *m, int thread);

/* The locks held after step `step` (step >= sched.n: at the end) into out (at most max): the count,
 * or -1 when unknown (no trace). */
int schedule_model_holders(const struct schedule_model *m, size_t step, struct sm_hold *out, int max);

/* The preemption counted by the report at `step` (its index), -1 if none. */
int schedule_model_preemption_at(const struct report *r, size_t step);

#endif
