/* gallery.h - forcing the interleaving a gallery sample's bug needs, invisibly to weft.
 *
 * Like samples/invisible.h, a "step" is an atomic int that threads publish and wait for while
 * spinning on sched_yield(). Two differences, for the gallery:
 *
 *   - Every access is *relaxed*. In a plain program weft does not see atomics at all; in a program
 *     built with weft-cc it does, and an acquire/release step would create the very
 *     happens-before edge that hides a data race. A relaxed one creates none.
 *   - step_await() takes a limit in milliseconds and says whether the step was reached. The fixed
 *     variant of a sample keeps the same forcing code as the buggy one, and there the awaited step
 *     may never come (the other thread now waits for a lock we hold, as it should): after the
 *     limit, the thread goes on. A limit of 0 means "must come": after STEP_ABORT_S the program
 *     aborts, so a sample never spins forever.
 */
#ifndef GALLERY_H
#define GALLERY_H

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define STEP_ABORT_S 10

static inline long step_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

/* Publishes value (steps only grow: a smaller value is ignored). */
static inline void step_post(atomic_int *step, int value)
{
	int cur = atomic_load_explicit(step, memory_order_relaxed);

	while (cur < value &&
	       !atomic_compare_exchange_weak_explicit(step, &cur, value, memory_order_relaxed,
						      memory_order_relaxed))
		;
}

/* Adds one and returns the new value: "one more thread got here". */
static inline int step_add(atomic_int *step)
{
	return atomic_fetch_add_explicit(step, 1, memory_order_relaxed) + 1;
}

/* Waits until the step reaches value: 1. After limit_ms (> 0): 0. limit_ms == 0: abort after
 * STEP_ABORT_S seconds. */
static inline int step_await(atomic_int *step, int value, int limit_ms)
{
	long t0 = step_now_ms(), limit = limit_ms > 0 ? limit_ms : STEP_ABORT_S * 1000L;
	unsigned spins = 0;

	while (atomic_load_explicit(step, memory_order_relaxed) < value) {
		sched_yield();
		if ((++spins & 255) == 0 && step_now_ms() - t0 > limit) {
			if (limit_ms > 0)
				return 0;
			fprintf(stderr, "sample: step wait for %d timed out\n", value);
			abort();
		}
	}
	return 1;
}

#endif
