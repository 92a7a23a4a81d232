/* rwlock_rr.c - two rwlocks read-locked in opposite orders. Readers never wait for readers (glibc's
 * default rwlocks prefer readers), so this cannot deadlock. Must stay silent.
 *
 * Both threads run at the same time, many rounds, so the opposite orders really overlap.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: sum=200000
 */
#include <pthread.h>
#include <stdio.h>

#define ROUNDS 100000

static pthread_rwlock_t lock_a = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t lock_b = PTHREAD_RWLOCK_INITIALIZER;
static const int a = 1, b = 0;

static void *reader_ab(void *arg)
{
	long sum = 0;

	for (int i = 0; i < ROUNDS; i++) {
		pthread_rwlock_rdlock(&lock_a);
		pthread_rwlock_rdlock(&lock_b);
		sum += a + b;
		pthread_rwlock_unlock(&lock_b);
		pthread_rwlock_unlock(&lock_a);
	}
	return (void *)sum;
}

static void *reader_ba(void *arg)
{
	long sum = 0;

	for (int i = 0; i < ROUNDS; i++) {
		pthread_rwlock_rdlock(&lock_b);
		pthread_rwlock_rdlock(&lock_a);
		sum += a + b;
		pthread_rwlock_unlock(&lock_a);
		pthread_rwlock_unlock(&lock_b);
	}
	return (void *)sum;
}

int main(void)
{
	pthread_t t1, t2;
	void *s1, *s2;

	pthread_create(&t1, NULL, reader_ab, NULL);
	pthread_create(&t2, NULL, reader_ba, NULL);
	pthread_join(t1, &s1);
	pthread_join(t2, &s2);
	printf("sum=%ld\n", (long)s1 + (long)s2);
	return 0;
}
