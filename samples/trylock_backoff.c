/* trylock_backoff.c - the classic deadlock-avoidance idiom: one thread takes A then B; the other
 * holds B and only *tries* A, backing off (releasing B) when it is busy. A trylock never waits, so
 * the opposite order cannot deadlock. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: moves=20000
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define ROUNDS 10000

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static long moves;

static void *in_order(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock_a);
		pthread_mutex_lock(&lock_b);
		moves++;
		pthread_mutex_unlock(&lock_b);
		pthread_mutex_unlock(&lock_a);
	}
	return NULL;
}

static void *backing_off(void *arg)
{
	for (int i = 0; i < ROUNDS;) {
		pthread_mutex_lock(&lock_b);
		if (pthread_mutex_trylock(&lock_a) == 0) {
			moves++;
			i++;
			pthread_mutex_unlock(&lock_a);
			pthread_mutex_unlock(&lock_b);
		} else {
			pthread_mutex_unlock(&lock_b);   /* back off and retry */
			sched_yield();
		}
	}
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, in_order, NULL);
	pthread_create(&t2, NULL, backing_off, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("moves=%ld\n", moves);
	return 0;
}
