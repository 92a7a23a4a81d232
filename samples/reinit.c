/* reinit.c - two mutexes destroyed and initialised again at the same addresses; their first lives
 * are taken A then B, their second lives B then A. They are new locks (docs/report-format.md:
 * "a new lock with a new id"), so there is no cycle. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: generation=2 counter=2
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a, lock_b;
static int counter;

static void *first_life(void *arg)
{
	pthread_mutex_lock(&lock_a);
	pthread_mutex_lock(&lock_b);
	counter++;
	pthread_mutex_unlock(&lock_b);
	pthread_mutex_unlock(&lock_a);
	return NULL;
}

static void *second_life(void *arg)
{
	pthread_mutex_lock(&lock_b);
	pthread_mutex_lock(&lock_a);
	counter++;
	pthread_mutex_unlock(&lock_a);
	pthread_mutex_unlock(&lock_b);
	return NULL;
}

int main(void)
{
	void *(*lives[2])(void *) = {first_life, second_life};
	int generation = 0;

	for (int g = 0; g < 2; g++) {
		pthread_t t;

		pthread_mutex_init(&lock_a, NULL);
		pthread_mutex_init(&lock_b, NULL);
		pthread_create(&t, NULL, lives[g], NULL);
		pthread_join(t, NULL);
		pthread_mutex_destroy(&lock_b);
		pthread_mutex_destroy(&lock_a);
		generation++;
	}
	printf("generation=%d counter=%d\n", generation, counter);
	return 0;
}
