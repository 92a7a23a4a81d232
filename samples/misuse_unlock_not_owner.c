/* misuse_unlock_not_owner.c - a mutex used as a signal between threads: main locks it, another
 * thread unlocks it. POSIX leaves that undefined for a mutex (it is a semaphore's job). The report
 * must show where the unlock happened and where the owner (main) took the mutex.
 *
 * weft: run
 * expect: api-misuse misuse=unlock-not-owner function=releaser function=main
 * allow: api-misuse/exit-holding-locks
 * expect-exit: 66
 * expect-stdout: released
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;

static void *releaser(void *arg)
{
	printf("released\n");
	pthread_mutex_unlock(&gate);   /* BUG: main holds gate, not this thread */
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_mutex_lock(&gate);
	pthread_create(&t, NULL, releaser, NULL);
	pthread_join(t, NULL);
	return 0;
}
