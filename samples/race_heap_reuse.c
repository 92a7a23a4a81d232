/* race_heap_reuse.c - a thread frees a block; another thread then gets memory from malloc (likely
 * the same block) and writes it. The new life of the memory must not race with the old: weft resets
 * the shadow on free and malloc. The threads run in turn (invisible steps), unsynchronized for
 * weft. Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: done
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <stdatomic.h>

/* Steps the detector cannot see: relaxed atomics create no happens-before (invisible.h uses
 * release/acquire, which an instrumented program makes visible). */
static atomic_int step;
static void step_set(atomic_int *s, int v) { atomic_store_explicit(s, v, memory_order_relaxed); }
static void step_wait(atomic_int *s, int v)
{
	while (atomic_load_explicit(s, memory_order_relaxed) < v)
		sched_yield();
}

static void *first(void *arg)
{
	for (int i = 0; i < 16; i++) {
		int *p = malloc(64);
		for (int k = 0; k < 16; k++)
			p[k] = k;
		free(p);
	}
	step_set(&step, 1);
	return arg;
}

static void *second(void *arg)
{
	step_wait(&step, 1);
	for (int i = 0; i < 16; i++) {
		int *p = malloc(64);
		for (int k = 0; k < 16; k++)
			p[k] = -k;
		char *q = malloc(64);
		memset(q, 0, 64);
		free(q);
		free(p);
	}
	return arg;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, first, NULL);
	pthread_create(&b, NULL, second, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	puts("done");
	return 0;
}
