/* ring25.c - a long cycle: 25 threads and 25 mutexes in a ring; thread i takes lock i then lock
 * i+1 (mod 25). The threads run one after another (steps weft cannot see), so nothing deadlocks,
 * but all 25 at once could. weft must report the whole 25-lock cycle.
 *
 * weft: run
 * expect: lock-order-inversion locks=25 cycle=25 function=ring_link
 * expect-exit: 66
 * expect-stdout: passes=25
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

#define N 25

static pthread_mutex_t ring[N];
static atomic_int turn;
static int passes;

static void *ring_link(void *arg)
{
	int i = (int)(long)arg;

	step_wait(&turn, i);
	pthread_mutex_lock(&ring[i]);
	pthread_mutex_lock(&ring[(i + 1) % N]);   /* the last link, 24 -> 0, closes the ring */
	passes++;
	pthread_mutex_unlock(&ring[(i + 1) % N]);
	pthread_mutex_unlock(&ring[i]);
	step_set(&turn, i + 1);
	return NULL;
}

int main(void)
{
	pthread_t t[N];

	for (int i = 0; i < N; i++)
		pthread_mutex_init(&ring[i], NULL);
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, ring_link, (void *)(long)i);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	printf("passes=%d\n", passes);
	return 0;
}
