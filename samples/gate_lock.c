/* gate_lock.c - A and B are taken in opposite orders, but always under one outer "gate" mutex, so
 * the two orders can never overlap: no deadlock is possible. Must stay silent.
 *
 * Both threads run at the same time, many rounds.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: moves=20000 a+b=0
 */
#include <pthread.h>
#include <stdio.h>

#define ROUNDS 10000

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static long a, b, moves;

static void *move_ab(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&gate);
		pthread_mutex_lock(&lock_a);
		pthread_mutex_lock(&lock_b);
		a--, b++, moves++;
		pthread_mutex_unlock(&lock_b);
		pthread_mutex_unlock(&lock_a);
		pthread_mutex_unlock(&gate);
	}
	return NULL;
}

static void *move_ba(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&gate);
		pthread_mutex_lock(&lock_b);    /* opposite order, but under the gate */
		pthread_mutex_lock(&lock_a);
		b--, a++, moves++;
		pthread_mutex_unlock(&lock_a);
		pthread_mutex_unlock(&lock_b);
		pthread_mutex_unlock(&gate);
	}
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, move_ab, NULL);
	pthread_create(&t2, NULL, move_ba, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("moves=%ld a+b=%ld\n", moves, a + b);
	return 0;
}
