/* misuse_cond_two_mutexes_fixed.c - twin of misuse_cond_two_mutexes.c: both waiters use the same
 * mutex with the condition variable. Same schedule. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: woken=2
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t lock_1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int go;                 /* protected by lock_1 */
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
	pthread_mutex_lock(&lock_1);     /* waiter_1 is inside its wait now */
	step_set(&step, 2);
	while (!go)
		pthread_cond_wait(&wake, &lock_1);
	pthread_mutex_unlock(&lock_1);
	atomic_fetch_add(&woken, 1);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, waiter_1, NULL);
	pthread_create(&t2, NULL, waiter_2, NULL);
	step_wait(&step, 2);
	pthread_mutex_lock(&lock_1);     /* waiter_2 is inside its wait now */
	go = 1;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock_1);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("woken=%d\n", atomic_load(&woken));
	return 0;
}
