/* deadlock_fixed.c - twin of deadlock.c: both transfers take A before B, so the forced schedule
 * that deadlocks deadlock.c only makes thread_2 wait for a while.
 *
 * thread_1 holds A when thread_2 starts; thread_2 then blocks on A until thread_1 is done.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-ended-by-weft: no
 * expect-stdout: balance a=110 b=90
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static atomic_int holding;
static long balance_a = 100, balance_b = 100;

static void *thread_1(void *arg)
{
	pthread_mutex_lock(&lock_a);
	atomic_fetch_add(&holding, 1);
	step_wait(&holding, 2);
	pthread_mutex_lock(&lock_b);
	balance_a -= 10;
	balance_b += 10;
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

static void *thread_2(void *arg)
{
	step_wait(&holding, 1);
	atomic_fetch_add(&holding, 1);
	pthread_mutex_lock(&lock_a);   /* fixed: A before B, like thread_1 */
	pthread_mutex_lock(&lock_b);
	balance_b -= 20;
	balance_a += 20;
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, thread_1, NULL);
	pthread_create(&t2, NULL, thread_2, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("balance a=%ld b=%ld\n", balance_a, balance_b);
	return 0;
}
