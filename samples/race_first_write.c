/* race_first_write.c - threads released together each write a fresh global exactly once: their very
 * first accesses race. The shadow cell is empty when they arrive, so the detector must install a
 * first access with compare-and-swap: two plain stores could both see the empty cell and the race
 * would be lost. (The start flag is a relaxed atomic, invisible to weft.)
 *
 * weft: run preload
 * expect: data-race function=writer
 * expect-exit: 66
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define THREADS 4

static atomic_int go, ready;
long owner;           /* written once by every thread */

static void *writer(void *arg)
{
	atomic_fetch_add_explicit(&ready, 1, memory_order_relaxed);
	while (!atomic_load_explicit(&go, memory_order_relaxed))
		;
	owner = (long)arg;
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, writer, (void *)i);
	while (atomic_load_explicit(&ready, memory_order_relaxed) < THREADS)
		sched_yield();
	atomic_store_explicit(&go, 1, memory_order_relaxed);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("owner=%s\n", owner >= 0 ? "set" : "unset");
	return 0;
}
