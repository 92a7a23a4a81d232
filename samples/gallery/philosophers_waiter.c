/* philosophers_waiter.c - philosophers.c fixed another way: a waiter. A philosopher asks the
 * waiter (a mutex) for permission, picks up both forks, left then right, and only then lets the
 * waiter serve someone else; eating and putting the forks down need no permission. A philosopher
 * can still wait for a fork while holding the waiter, but the fork's holder is eating and will put
 * it down without needing anything: no cycle of waits, no deadlock. weft sees that every
 * left-then-right order is taken under the same waiter ("gate" lock) and stays silent.
 *
 * (The other classic waiter, a counting semaphore with N-1 seats, is also deadlock-free, but weft's
 * lock-order analysis does not know what a semaphore bounds and would report the fork cycle as a
 * potential deadlock.)
 *
 * usage: philosophers_waiter N MEALS
 *
 * weft: run
 * args: 5 100
 * expect: none
 * expect-exit: 0
 * expect-stdout: philosophers=5 meals=500
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "gallery.h"

static pthread_mutex_t *forks;
static pthread_mutex_t waiter = PTHREAD_MUTEX_INITIALIZER;
static int n, meals;
static atomic_long eaten;

static void *philosopher(void *arg)
{
	int i = (int)(long)arg;
	pthread_mutex_t *first = &forks[i], *second = &forks[(i + 1) % n];

	for (int meal = 0; meal < meals; meal++) {
		pthread_mutex_lock(&waiter);       /* FIX: ask the waiter */
		pthread_mutex_lock(first);
		pthread_mutex_lock(second);
		pthread_mutex_unlock(&waiter);     /* both forks in hand */
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
		fprintf(stderr, "usage: philosophers_waiter N>=2 MEALS>=1\n");
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
