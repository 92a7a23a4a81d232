/* sem_seats.c - dining philosophers with a "waiter" semaphore that has as many seats as there are
 * philosophers: it bounds nothing, so the cycle of forks (each philosopher takes left, then right)
 * can still close: a potential deadlock. The twin (sem_seats_fixed.c) has one seat fewer than
 * philosophers, which makes the cycle impossible; weft knows what a counting semaphore used as a
 * lock bounds and stays silent there (TSan and Helgrind report both).
 *
 * Forced (steps weft cannot see): the philosophers eat one after the other, so this run does not
 * deadlock; the order of acquisitions is what weft judges.
 *
 * weft: run
 * args: 4
 * expect: lock-order-inversion cycle=4 function=philosopher
 * expect-exit: 66
 * expect-stdout: meals=4
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

#include "invisible.h"

#ifndef SEATS_FEWER
#define SEATS_FEWER 0
#endif

static pthread_mutex_t forks[16];
static sem_t seats;
static int n;
static atomic_int turn;
static atomic_int meals;

static void *philosopher(void *arg)
{
	int i = (int)(long)arg;
	step_wait(&turn, i);
	sem_wait(&seats);
	pthread_mutex_lock(&forks[i]);
	pthread_mutex_lock(&forks[(i + 1) % n]);
	atomic_fetch_add(&meals, 1);
	pthread_mutex_unlock(&forks[(i + 1) % n]);
	pthread_mutex_unlock(&forks[i]);
	sem_post(&seats);
	step_set(&turn, i + 1);
	return NULL;
}

int main(int argc, char **argv)
{
	n = argc > 1 ? atoi(argv[1]) : 4;
	if (n < 2 || n > 16) {
		fprintf(stderr, "usage: %s N (2..16 philosophers)\n", argv[0]);
		return 2;
	}
	for (int i = 0; i < n; i++)
		pthread_mutex_init(&forks[i], NULL);
	sem_init(&seats, 0, (unsigned)(n - SEATS_FEWER));
	pthread_t t[16];
	for (long i = 0; i < n; i++)
		pthread_create(&t[i], NULL, philosopher, (void *)i);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("meals=%d\n", atomic_load(&meals));
	return 0;
}
