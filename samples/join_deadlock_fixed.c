/* join_deadlock_fixed.c - twin of join_deadlock.c: main releases the mutex before it joins.
 * Same forced schedule. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: flushed=1
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int step;
static int flushed;

static void *flush_worker(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&log_lock);
	flushed++;
	pthread_mutex_unlock(&log_lock);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int f;

	pthread_create(&t, NULL, flush_worker, NULL);
	pthread_mutex_lock(&log_lock);
	step_set(&step, 1);
	pthread_mutex_unlock(&log_lock);    /* fixed: never join while holding it */
	pthread_join(t, NULL);
	pthread_mutex_lock(&log_lock);
	f = flushed;
	pthread_mutex_unlock(&log_lock);
	printf("flushed=%d\n", f);
	return 0;
}
