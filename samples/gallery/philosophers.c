/* philosophers.c - the dining philosophers: N philosophers around a table, a fork (a mutex)
 * between each two; to eat, a philosopher takes the fork on the left, then the one on the right.
 *
 * BUG: when every philosopher has taken the left fork, each waits for the right one, held by the
 * neighbour: a cycle of N waits, a deadlock (the shape of every "lock A then B, in an order that
 * depends on the data" bug). Forced (gallery.h): before the first meal, everyone takes the left
 * fork before anyone reaches for the right one.
 *
 * usage: philosophers N MEALS
 *
 * weft: run
 * args: 5 100
 * expect: deadlock cycle=5 wait-kind=mutex function=philosopher
 * allow: lock-order-inversion
 * expect-exit: 66
 * expect-ended-by-weft: yes
 * expect-max-seconds: 3
 * timeout: 20
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "gallery.h"

static pthread_mutex_t *forks;
static int n, meals;
static atomic_int holding_first;   /* philosophers holding their first fork at the first meal */
static atomic_long eaten;

static void *philosopher(void *arg)
{
	int i = (int)(long)arg;
	pthread_mutex_t *first = &forks[i], *second = &forks[(i + 1) % n];   /* BUG: left, right */

	for (int meal = 0; meal < meals; meal++) {
		pthread_mutex_lock(first);
		if (meal == 0) {                   /* forced: everybody holds a fork */
			step_add(&holding_first);
			step_await(&holding_first, n, 200);
		}
		pthread_mutex_lock(second);
		atomic_fetch_add(&eaten, 1);       /* eat */
		pthread_mutex_unlock(second);
		pthread_mutex_unlock(first);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	n = argc > 1 ? atoi(argv[1]) : 5;
	meals = argc > 2 ? atoi(argv[2]) : 100;
	if (n < 2 || meals < 1) {
		fprintf(stderr, "usage: philosophers N>=2 MEALS>=1\n");
		return 2;
	}
	pthread_t t[n];
	forks = calloc(n, sizeof *forks);
	for (int i = 0; i < n; i++)
		pthread_mutex_init(&forks[i], NULL);
	for (long i = 0; i < n; i++)
		pthread_create(&t[i], NULL, philosopher, (void *)i);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("philosophers=%d meals=%ld\n", n, atomic_load(&eaten));
	free(forks);
	return 0;
}
