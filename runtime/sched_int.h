/* sched_int.h - state shared by the scheduler (sched.c) and its fork server (sched_server.c);
 * nothing else includes it. */
#ifndef WEFT_SCHED_INT_H
#define WEFT_SCHED_INT_H

#include <stdint.h>

#include "sched_proto.h"

/* What one run is asked to do (from a server request, or from WEFT_OPTIONS when standalone). */
struct sched_config {
	uint32_t run;
	uint32_t strategy;
	uint64_t seed;
	uint32_t depth, pct_len, max_steps;
	uint32_t follow, flags;
	uint32_t ndecisions;
	const uint16_t *decisions;
};

/* The cycle runs with SREQ_CONFIRM steer toward (sites resolved to addresses in the server). */
struct sched_cycle {
	uint32_t n;
	uintptr_t held[SCHED_CONFIRM_MAX], acq[SCHED_CONFIRM_MAX];
};
extern struct sched_cycle sched_cycle;

extern struct sched_config sched_cfg;
extern struct sched_res *sched_res;      /* outcome, in memory shared with the server */
extern struct sched_step *sched_steps;   /* step log, same mapping */

void sched_time_base(void);              /* capture the base of virtual time (in the server) */
void sched_record_findings(void);        /* findings of the run so far into sched_res */

#endif
