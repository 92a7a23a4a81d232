/* many_locks_fixed.c - twin of many_locks.c: the second thread takes lock 80 before lock 99, like
 * the thread that holds all 100. Must stay silent (and not crash with 100 locks held).
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: sum=301 rounds=3
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

#define N 100
#define ROUNDS 3

static pthread_mutex_t locks[N];
static int counters[N];
static atomic_int step;

__attribute__((noinline)) static void hold_all(int lifo)
{
	for (int i = 0; i < N; i++)
		pthread_mutex_lock(&locks[i]);
	for (int i = 0; i < N; i++)
		counters[i]++;
	for (int i = 0; i < N; i++)
		pthread_mutex_unlock(&locks[lifo ? N - 1 - i : i]);
}

static void *thread_many(void *arg)
{
	for (int r = 0; r < ROUNDS; r++)
		hold_all(r & 1);
	step_set(&step, 1);
	return NULL;
}

static void *thread_two(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&locks[80]);
	pthread_mutex_lock(&locks[99]);
	counters[80]++;
	pthread_mutex_unlock(&locks[99]);
	pthread_mutex_unlock(&locks[80]);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;
	int sum = 0;

	for (int i = 0; i < N; i++)
		pthread_mutex_init(&locks[i], NULL);
	pthread_create(&t1, NULL, thread_many, NULL);
	pthread_create(&t2, NULL, thread_two, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	for (int i = 0; i < N; i++)
		sum += counters[i];
	printf("sum=%d rounds=%d\n", sum, ROUNDS);
	return 0;
}
