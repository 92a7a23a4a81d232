/* join_deadlock.c - main joins a worker while holding the mutex the worker needs: main waits for
 * the worker to end, the worker waits for main's mutex. weft must end the program (exit 66) and
 * report a deadlock through a join.
 *
 * Forced: the worker asks for the mutex only once main holds it (a step weft cannot see).
 *
 * weft: run
 * expect: deadlock cycle=2 wait-kind=join wait-kind=mutex function=flush_worker function=main
 * expect-exit: 66
 * expect-ended-by-weft: yes
 * expect-max-seconds: 3
 * timeout: 20
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
	pthread_mutex_lock(&log_lock);      /* main holds it and waits for us */
	flushed++;
	pthread_mutex_unlock(&log_lock);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, flush_worker, NULL);
	pthread_mutex_lock(&log_lock);
	step_set(&step, 1);
	pthread_join(t, NULL);              /* BUG: joins while holding log_lock */
	pthread_mutex_unlock(&log_lock);
	printf("flushed=%d\n", flushed);
	return 0;
}
