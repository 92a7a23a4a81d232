/* abba.c - two threads take two mutexes in opposite orders (potential deadlock).
 *
 * thread_ab takes A then B and finishes; only then does thread_ba take B then A (forced by a step
 * weft cannot see), so this run never deadlocks -- but another schedule would. weft must report the
 * inversion from this one harmless run.
 *
 * weft: run preload
 * expect: lock-order-inversion locks=2 cycle=2 lock-kind=mutex function=thread_ab function=thread_ba
 * expect-exit: 66
 * expect-ended-by-weft: no
 * expect-stdout: counter=2
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static atomic_int step;
static int counter;

static void *thread_ab(void *arg)
{
	pthread_mutex_lock(&lock_a);
	pthread_mutex_lock(&lock_b);
	counter++;
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	step_set(&step, 1);
	return NULL;
}

static void *thread_ba(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&lock_b);
	pthread_mutex_lock(&lock_a);   /* BUG: B then A, while thread_ab takes A then B */
	counter++;
	pthread_mutex_unlock(&lock_a);
	pthread_mutex_unlock(&lock_b);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, thread_ab, NULL);
	pthread_create(&t2, NULL, thread_ba, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("counter=%d\n", counter);
	return 0;
}
