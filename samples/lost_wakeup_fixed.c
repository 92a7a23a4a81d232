/* lost_wakeup_fixed.c - twin of lost_wakeup.c: the waiter tests the predicate under the mutex in a
 * while loop, so a signal sent before it waits is not lost. Same forced schedule. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: waiter woke up
 * expect-stdout: done
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;                            /* protected by lock */
static atomic_int step;

static void *waiter(void *arg)
{
	step_set(&step, 1);
	step_wait(&step, 2);                 /* the notifier signals here, as in lost_wakeup.c */
	pthread_mutex_lock(&lock);
	while (!ready)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	printf("waiter woke up\n");
	return NULL;
}

static void *notifier(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&lock);
	ready = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	step_set(&step, 2);
	return NULL;
}

int main(void)
{
	pthread_t w, n;

	pthread_create(&w, NULL, waiter, NULL);
	pthread_create(&n, NULL, notifier, NULL);
	pthread_join(n, NULL);
	pthread_join(w, NULL);
	printf("done\n");
	return 0;
}
