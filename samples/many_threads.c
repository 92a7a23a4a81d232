/* many_threads.c - 1,000 short-lived threads in waves of 50 (joinable), plus 100 detached ones, all
 * sharing one mutex-protected counter. Exercises weft's thread bookkeeping well past any small fixed
 * table: no crash, no finding, a correct count. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: counter=1100 detached-done=100
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#define WAVES 20
#define WAVE 50
#define DETACHED 100

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t detached_done;
static long counter;

static void *bump(void *arg)
{
	pthread_mutex_lock(&lock);
	counter++;
	pthread_mutex_unlock(&lock);
	if (arg)
		sem_post(&detached_done);
	return NULL;
}

int main(void)
{
	pthread_t t[WAVE];
	pthread_attr_t detached;
	int done = 0;

	sem_init(&detached_done, 0, 0);
	pthread_attr_init(&detached);
	pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
	for (int w = 0; w < WAVES; w++) {
		for (int i = 0; i < WAVE; i++)
			pthread_create(&t[i], NULL, bump, NULL);
		for (int i = 0; i < WAVE / 10; i++) {
			pthread_t d;
			pthread_create(&d, &detached, bump, (void *)1);
		}
		for (int i = 0; i < WAVE; i++)
			pthread_join(t[i], NULL);
	}
	pthread_attr_destroy(&detached);
	for (int i = 0; i < DETACHED; i++, done++)
		sem_wait(&detached_done);
	pthread_mutex_lock(&lock);
	printf("counter=%ld detached-done=%d\n", counter, done);
	pthread_mutex_unlock(&lock);
	return 0;
}
