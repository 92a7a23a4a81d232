/* invisible.h - forcing an interleaving with a mechanism weft cannot see.
 *
 * The samples are plain programs (no instrumentation), so weft sees their pthread and C11 thread
 * calls and nothing else: C11 atomics and sched_yield() create no happens-before edge and take no
 * lock that weft knows of. The samples use these "steps" to put their threads in the order a bug
 * needs (STYLE.md, Tests) -- never a real lock, barrier or condition variable, which weft would see
 * and which could hide the bug.
 *
 * Rules: a step is an atomic int; step_set() publishes a value, step_wait() spins (yielding the CPU:
 * the machine may have fewer cores than the sample has threads) until the step reaches at least
 * that value. A wait longer than STEP_LIMIT_S aborts the program, so a sample never spins forever.
 */
#ifndef SAMPLES_INVISIBLE_H
#define SAMPLES_INVISIBLE_H

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* 10 s: far beyond any wait in a correct run (milliseconds), well under the harness timeout. */
#define STEP_LIMIT_S 10

static inline void step_set(atomic_int *step, int value)
{
	atomic_store_explicit(step, value, memory_order_release);
}

static inline void step_wait(atomic_int *step, int value)
{
	struct timespec t0, t;
	unsigned spins = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (atomic_load_explicit(step, memory_order_acquire) < value) {
		sched_yield();
		if ((++spins & 1023) == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (t.tv_sec - t0.tv_sec > STEP_LIMIT_S) {
				fprintf(stderr, "sample: step wait for %d timed out\n", value);
				abort();
			}
		}
	}
}

#endif
