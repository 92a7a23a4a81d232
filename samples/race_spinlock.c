/* race_spinlock.c - a hand-made spinlock on __sync builtins (seq_cst test-and-set, release by
 * __sync_lock_release) protects a shared counter. The atomics order the critical sections. Must
 * stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: counter=40000
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static int spin;
static long counter;

static void lock(void)
{
	while (__sync_lock_test_and_set(&spin, 1))
		while (__atomic_load_n(&spin, __ATOMIC_RELAXED))
			sched_yield();
}

static void unlock(void) { __sync_lock_release(&spin); }

static void *worker(void *arg)
{
	for (int i = 0; i < 10000; i++) {
		lock();
		counter++;
		unlock();
	}
	return arg;
}

int main(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("counter=%ld\n", counter);
	return 0;
}
