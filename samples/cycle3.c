/* cycle3.c - three threads, three mutexes, a cycle A->B->C->A (no two threads alone conflict).
 *
 * The threads run one after another (steps weft cannot see), so nothing deadlocks in this run; with
 * all three running at once each could hold its first lock and wait for the next.
 *
 * weft: run
 * expect: lock-order-inversion locks=3 cycle=3 function=thread_ab function=thread_bc function=thread_ca
 * expect-exit: 66
 * expect-ended-by-weft: no
 * expect-stdout: counter=3
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_c = PTHREAD_MUTEX_INITIALIZER;
static atomic_int turn;
static int counter;

static void take_two(pthread_mutex_t *first, pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	pthread_mutex_lock(second);
	counter++;
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
}

static void *thread_ab(void *arg)
{
	step_wait(&turn, 0);
	take_two(&lock_a, &lock_b);
	step_set(&turn, 1);
	return NULL;
}

static void *thread_bc(void *arg)
{
	step_wait(&turn, 1);
	take_two(&lock_b, &lock_c);
	step_set(&turn, 2);
	return NULL;
}

static void *thread_ca(void *arg)
{
	step_wait(&turn, 2);
	take_two(&lock_c, &lock_a);   /* BUG: closes the cycle A -> B -> C -> A */
	return NULL;
}

int main(void)
{
	pthread_t t[3];

	pthread_create(&t[0], NULL, thread_ab, NULL);
	pthread_create(&t[1], NULL, thread_bc, NULL);
	pthread_create(&t[2], NULL, thread_ca, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("counter=%d\n", counter);
	return 0;
}
