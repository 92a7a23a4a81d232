/* misuse_cond_unlocked_fixed.c - twin of misuse_cond_unlocked.c: the waiter holds the mutex while
 * it tests the flag and waits. Same schedule. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: job=7
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include "invisible.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static atomic_int job;
static atomic_int step;

__attribute__((noinline)) static int wait_for_job(void)
{
	int j;

	pthread_mutex_lock(&lock);
	while ((j = atomic_load(&job)) == 0) {
		step_set(&step, 1);
		pthread_cond_wait(&cond, &lock);
	}
	pthread_mutex_unlock(&lock);
	return j;
}

static void *waiter(void *arg)
{
	printf("job=%d\n", wait_for_job());
	step_set(&step, 2);
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct timespec ms = {0, 1000000};

	pthread_create(&t, NULL, waiter, NULL);
	step_wait(&step, 1);
	atomic_store(&job, 7);
	/* main never takes `lock` (signalling without the mutex is allowed); a signal sent before the
	 * waiter sleeps would be lost, so repeat until it is through */
	while (atomic_load(&step) < 2) {
		pthread_cond_signal(&cond);
		nanosleep(&ms, NULL);
	}
	pthread_join(t, NULL);
	return 0;
}
