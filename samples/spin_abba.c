/* spin_abba.c - the ABBA inversion of abba.c with pthread spinlocks (a spinning thread deadlocks
 * just as surely, and burns a CPU doing it).
 *
 * weft: run
 * expect: lock-order-inversion locks=2 cycle=2 lock-kind=spinlock function=thread_ab function=thread_ba
 * expect-exit: 66
 * expect-stdout: counter=2
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_spinlock_t lock_a, lock_b;
static atomic_int step;
static int counter;

static void *thread_ab(void *arg)
{
	pthread_spin_lock(&lock_a);
	pthread_spin_lock(&lock_b);
	counter++;
	pthread_spin_unlock(&lock_b);
	pthread_spin_unlock(&lock_a);
	step_set(&step, 1);
	return NULL;
}

static void *thread_ba(void *arg)
{
	step_wait(&step, 1);
	pthread_spin_lock(&lock_b);
	pthread_spin_lock(&lock_a);   /* BUG: B then A */
	counter++;
	pthread_spin_unlock(&lock_a);
	pthread_spin_unlock(&lock_b);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_spin_init(&lock_a, PTHREAD_PROCESS_PRIVATE);
	pthread_spin_init(&lock_b, PTHREAD_PROCESS_PRIVATE);
	pthread_create(&t1, NULL, thread_ab, NULL);
	pthread_create(&t2, NULL, thread_ba, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_spin_destroy(&lock_a);
	pthread_spin_destroy(&lock_b);
	printf("counter=%d\n", counter);
	return 0;
}
