/* philosophers_fixed.c - philosophers.c with the deadlock fixed by resource ordering: forks are
 * numbered and everybody takes the lower-numbered of their two forks first. The last philosopher
 * now reaches for fork 0 first, like the first one, so the waits can never close a cycle.
 *
 * usage: philosophers_fixed N MEALS
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
static int n, meals;
static atomic_int holding_first;   /* philosophers holding their first fork at the first meal */
static atomic_long eaten;

static void *philosopher(void *arg)
{
	int i = (int)(long)arg;
	int left = i, right = (i + 1) % n;
	pthread_mutex_t *first = &forks[left < right ? left : right];      /* FIX: lower first */
	pthread_mutex_t *second = &forks[left < right ? right : left];

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
		fprintf(stderr, "usage: philosophers_fixed N>=2 MEALS>=1\n");
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
