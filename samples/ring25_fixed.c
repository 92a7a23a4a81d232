/* ring25_fixed.c - twin of ring25.c: every thread takes the lower-numbered lock first, so the last
 * ring_link takes 0 then 24 and there is no cycle. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
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
	int i = (int)(long)arg, j = (i + 1) % N;
	int lo = i < j ? i : j, hi = i < j ? j : i;

	step_wait(&turn, i);
	pthread_mutex_lock(&ring[lo]);
	pthread_mutex_lock(&ring[hi]);
	passes++;
	pthread_mutex_unlock(&ring[hi]);
	pthread_mutex_unlock(&ring[lo]);
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
