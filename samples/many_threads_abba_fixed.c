/* many_threads_abba_fixed.c - twin of many_threads_abba.c: the last two threads both take A
 * before B. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: counter=1002
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

#define WAVES 20
#define WAVE 50

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static atomic_int step;
static long counter;

static void *bump(void *arg)
{
	pthread_mutex_lock(&lock_a);
	counter++;
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

static void *thread_ab(void *arg)
{
	pthread_mutex_lock(&lock_a);
	pthread_mutex_lock(&lock_b);
	counter++;
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	step_set(&step, 1);
	return NULL;
}

static void *thread_ab_too(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&lock_a);   /* fixed: A before B */
	pthread_mutex_lock(&lock_b);
	counter++;
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

int main(void)
{
	pthread_t t[WAVE], t1, t2;

	for (int w = 0; w < WAVES; w++) {
		for (int i = 0; i < WAVE; i++)
			pthread_create(&t[i], NULL, bump, NULL);
		for (int i = 0; i < WAVE; i++)
			pthread_join(t[i], NULL);
	}
	pthread_create(&t1, NULL, thread_ab, NULL);
	pthread_create(&t2, NULL, thread_ab_too, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("counter=%ld\n", counter);
	return 0;
}
