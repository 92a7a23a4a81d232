/* misuse_join_fixed.c - twin of misuse_join.c: each joinable thread is joined once by another
 * thread; the detached thread is waited for with a semaphore instead of a join. Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: joined=2 detached-done=1
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t detached_done;

static void *worker(void *arg)
{
	return arg;
}

static void *detached_worker(void *arg)
{
	sem_post(&detached_done);
	return NULL;
}

static void *joiner(void *arg)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return (void *)1;
}

int main(void)
{
	pthread_t j, d;
	pthread_attr_t attr;
	void *ret;
	int joined = 0;

	pthread_create(&j, NULL, joiner, NULL);
	pthread_join(j, &ret);
	joined = (int)(long)ret + 1;    /* joiner joined worker; main joined joiner */

	sem_init(&detached_done, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&d, &attr, detached_worker, NULL);
	pthread_attr_destroy(&attr);
	sem_wait(&detached_done);   /* not destroyed: sem_post may still be returning */
	printf("joined=%d detached-done=1\n", joined);
	return 0;
}
