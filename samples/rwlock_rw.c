/* rwlock_rw.c - two rwlocks taken in opposite orders, each time read then write: a potential
 * deadlock (a writer waits for the reader that waits for it).
 *
 * thread_1 read-locks A then write-locks B; thread_2, after it (forced), read-locks B then
 * write-locks A.
 *
 * weft: run
 * expect: lock-order-inversion locks=2 cycle=2 lock-kind=rwlock function=thread_1 function=thread_2
 * expect-exit: 66
 * expect-stdout: a=1 b=1
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_rwlock_t lock_a = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t lock_b = PTHREAD_RWLOCK_INITIALIZER;
static int a, b;
static atomic_int step;

static void *thread_1(void *arg)
{
	pthread_rwlock_rdlock(&lock_a);
	pthread_rwlock_wrlock(&lock_b);
	b = a + 1;
	pthread_rwlock_unlock(&lock_b);
	pthread_rwlock_unlock(&lock_a);
	step_set(&step, 1);
	return NULL;
}

static void *thread_2(void *arg)
{
	step_wait(&step, 1);
	pthread_rwlock_rdlock(&lock_b);
	pthread_rwlock_wrlock(&lock_a);   /* BUG: B then A; with thread_1 both could wait forever */
	a = b;
	pthread_rwlock_unlock(&lock_a);
	pthread_rwlock_unlock(&lock_b);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, thread_1, NULL);
	pthread_create(&t2, NULL, thread_2, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("a=%d b=%d\n", a, b);
	return 0;
}
