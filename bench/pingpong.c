/* pingpong.c - condition-variable ping-pong: two threads hand a token back and forth N times
 * (default 100,000 round trips) through one mutex and two condition variables. Every step is a
 * wait and a wakeup, so this measures weft's cost on blocking synchronisation.
 *
 * Usage: pingpong [N]. Prints "round_trips=N".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ping_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t pong_cv = PTHREAD_COND_INITIALIZER;
static int turn;              /* 0: ping's turn, 1: pong's turn; protected by lock */
static long round_trips = 100000;

static void *ping(void *arg)
{
	pthread_mutex_lock(&lock);
	for (long i = 0; i < round_trips; i++) {
		while (turn != 0)
			pthread_cond_wait(&ping_cv, &lock);
		turn = 1;
		pthread_cond_signal(&pong_cv);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *pong(void *arg)
{
	pthread_mutex_lock(&lock);
	for (long i = 0; i < round_trips; i++) {
		while (turn != 1)
			pthread_cond_wait(&pong_cv, &lock);
		turn = 0;
		pthread_cond_signal(&ping_cv);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t a, b;

	if (argc > 1)
		round_trips = atol(argv[1]);
	pthread_create(&a, NULL, ping, NULL);
	pthread_create(&b, NULL, pong, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("round_trips=%ld\n", round_trips);
	return 0;
}
