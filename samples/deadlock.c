/* deadlock.c - two threads really deadlock: each holds one mutex and waits for the other's.
 *
 * thread_1 takes A, thread_2 takes B; only when both hold their first lock (steps weft cannot see)
 * does each ask for the other one. Without weft this program hangs forever; weft must end it within
 * 2 s with exit status 66 and report both blocked threads. This is the sample `make demo` runs.
 *
 * weft: run preload
 * expect: deadlock cycle=2 locks=2 wait-kind=mutex function=thread_1 function=thread_2
 * allow: lock-order-inversion
 * expect-exit: 66
 * expect-ended-by-weft: yes
 * expect-max-seconds: 3
 * timeout: 20
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static atomic_int holding;   /* how many threads hold their first lock */
static long balance_a = 100, balance_b = 100;

static void *thread_1(void *arg)
{
	pthread_mutex_lock(&lock_a);
	atomic_fetch_add(&holding, 1);
	step_wait(&holding, 2);
	pthread_mutex_lock(&lock_b);   /* blocks forever: thread_2 holds B and waits for A */
	balance_a -= 10;
	balance_b += 10;
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

static void *thread_2(void *arg)
{
	pthread_mutex_lock(&lock_b);
	atomic_fetch_add(&holding, 1);
	step_wait(&holding, 2);
	pthread_mutex_lock(&lock_a);   /* blocks forever: thread_1 holds A and waits for B */
	balance_b -= 20;
	balance_a += 20;
	pthread_mutex_unlock(&lock_a);
	pthread_mutex_unlock(&lock_b);
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
