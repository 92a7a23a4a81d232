/* lost_wakeup.c - the waiter tests its predicate outside the mutex, with `if` instead of a loop
 * under the lock; the notifier signals in between, before anybody waits, and the wakeup is lost.
 *
 * Forced (steps weft cannot see): the waiter sees ready == 0, then the notifier sets ready and
 * signals, then the waiter waits -- forever. main waits in pthread_join for the waiter: every
 * thread left is blocked. weft must end the program (exit 66) and report it.
 *
 * weft: run
 * expect: deadlock cycle=2 wait-kind=cond wait-kind=join function=waiter
 * expect-exit: 66
 * expect-ended-by-weft: yes
 * expect-max-seconds: 3
 * timeout: 20
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static atomic_int ready;
static atomic_int step;

static void *waiter(void *arg)
{
	if (!atomic_load(&ready)) {          /* BUG: tested outside the mutex, and only once */
		step_set(&step, 1);
		step_wait(&step, 2);         /* the notifier signals here */
		pthread_mutex_lock(&lock);
		pthread_cond_wait(&cond, &lock);
		pthread_mutex_unlock(&lock);
	}
	printf("waiter woke up\n");
	return NULL;
}

static void *notifier(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&lock);
	atomic_store(&ready, 1);
	pthread_cond_signal(&cond);          /* nobody is waiting yet: lost */
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
