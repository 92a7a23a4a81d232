/* slow_worker.c - main waits on a condition variable for a result that a worker computes slowly
 * (it sleeps 1.2 s in nanosleep, which is not a wait on any synchronisation object). Every thread
 * but one is blocked, and that one is making progress: not a deadlock. Must stay silent.
 *
 * It runs 1.2 s, longer than the other samples, because the sleep must outlast weft's
 * all-threads-blocked delay (twice deadlock_ms, 1 s by default).
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-ended-by-weft: no
 * expect-stdout: result=42
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static int result = -1;

static void *worker(void *arg)
{
	struct timespec slow = {1, 200000000};

	nanosleep(&slow, NULL);
	pthread_mutex_lock(&lock);
	result = 42;
	pthread_cond_signal(&done);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int r;

	pthread_create(&t, NULL, worker, NULL);
	pthread_mutex_lock(&lock);
	while (result < 0)
		pthread_cond_wait(&done, &lock);
	r = result;
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	printf("result=%d\n", r);
	return 0;
}
