/* abba_fixed.c - twin of abba.c: both threads take A before B. Must stay silent.
 *
 * Same forced schedule as abba.c (thread_ab first, then thread_ba).
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
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

static void *thread_ab_too(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&lock_a);   /* fixed: same order as thread_ab */
	pthread_mutex_lock(&lock_b);
	counter++;
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, thread_ab, NULL);
	pthread_create(&t2, NULL, thread_ab_too, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("counter=%d\n", counter);
	return 0;
}
