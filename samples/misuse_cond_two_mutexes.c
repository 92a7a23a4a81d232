/* misuse_cond_two_mutexes.c - two threads wait on one condition variable at the same time, each
 * with a different mutex (undefined in POSIX).
 *
 * Forced: waiter_1 waits with mutex 1; once it is inside the wait (it released mutex 1, which the
 * second thread checks by taking and releasing it), waiter_2 waits with mutex 2. main then wakes
 * both with a broadcast. The report must name both mutexes and show both waits: the fix is in
 * one of them.
 *
 * weft: run
 * expect: api-misuse misuse=cond-two-mutexes locks=2 function=waiter_1 function=waiter_2
 * expect-exit: 66
 * expect-stdout: woken=2
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t lock_1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int go;                 /* written with both mutexes held */
static atomic_int woken;
static atomic_int step;

static void *waiter_1(void *arg)
{
	pthread_mutex_lock(&lock_1);
	step_set(&step, 1);
	while (!go)
		pthread_cond_wait(&wake, &lock_1);
	pthread_mutex_unlock(&lock_1);
	atomic_fetch_add(&woken, 1);
	return NULL;
}

static void *waiter_2(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&lock_1);     /* returns once waiter_1 is inside its wait */
	pthread_mutex_unlock(&lock_1);
	pthread_mutex_lock(&lock_2);
	step_set(&step, 2);
	while (!go)
		pthread_cond_wait(&wake, &lock_2);   /* BUG: waiter_1 waits on `wake` with lock_1 */
	pthread_mutex_unlock(&lock_2);
	atomic_fetch_add(&woken, 1);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, waiter_1, NULL);
	pthread_create(&t2, NULL, waiter_2, NULL);
	step_wait(&step, 2);
	pthread_mutex_lock(&lock_1);
	pthread_mutex_lock(&lock_2);     /* returns once waiter_2 is inside its wait */
	go = 1;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock_2);
	pthread_mutex_unlock(&lock_1);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("woken=%d\n", atomic_load(&woken));
	return 0;
}
