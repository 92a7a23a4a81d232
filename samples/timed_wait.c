/* timed_wait.c - every thread is blocked for a while, but not for ever: main joins a worker that
 * waits 1.2 s on a condition variable nobody signals, with a timeout, then finishes. That is not a
 * deadlock (the timeout will wake it): weft must neither report nor end it.
 *
 * It runs 1.2 s, longer than the other samples, because the wait must outlast weft's
 * all-threads-blocked delay (twice deadlock_ms, 1 s by default).
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-ended-by-weft: no
 * expect-stdout: timed out as planned
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void *patient(void *arg)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 200000000;
	until.tv_sec += 1 + until.tv_nsec / 1000000000;
	until.tv_nsec %= 1000000000;
	pthread_mutex_lock(&lock);
	while (rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&never, &lock, &until);
	pthread_mutex_unlock(&lock);
	printf("timed out as planned\n");
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, patient, NULL);
	pthread_join(t, NULL);
	return 0;
}
