/* c11_abba.c - the ABBA inversion of abba.c with C11 threads (thrd_create, mtx_lock).
 *
 * glibc's C11 functions call its internal pthread code directly, not through the pthread symbols,
 * so weft must wrap mtx_* and thrd_* themselves to see this.
 *
 * weft: run
 * expect: lock-order-inversion locks=2 cycle=2 lock-kind=c11-mutex function=thread_ab function=thread_ba
 * expect-exit: 66
 * expect-stdout: counter=2
 */
#include <stdio.h>
#include <threads.h>
#include "invisible.h"

static mtx_t lock_a, lock_b;
static atomic_int step;
static int counter;

static int thread_ab(void *arg)
{
	mtx_lock(&lock_a);
	mtx_lock(&lock_b);
	counter++;
	mtx_unlock(&lock_b);
	mtx_unlock(&lock_a);
	step_set(&step, 1);
	return 0;
}

static int thread_ba(void *arg)
{
	step_wait(&step, 1);
	mtx_lock(&lock_b);
	mtx_lock(&lock_a);   /* BUG: B then A */
	counter++;
	mtx_unlock(&lock_a);
	mtx_unlock(&lock_b);
	return 0;
}

int main(void)
{
	thrd_t t1, t2;

	mtx_init(&lock_a, mtx_plain);
	mtx_init(&lock_b, mtx_plain);
	thrd_create(&t1, thread_ab, NULL);
	thrd_create(&t2, thread_ba, NULL);
	thrd_join(t1, NULL);
	thrd_join(t2, NULL);
	mtx_destroy(&lock_a);
	mtx_destroy(&lock_b);
	printf("counter=%d\n", counter);
	return 0;
}
