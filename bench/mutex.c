/* mutex.c - mutex-heavy microbenchmark: 2 threads each lock and unlock one shared mutex N times
 * (default 1,000,000), incrementing a counter inside. Measures the cost weft adds to the hottest
 * path it intercepts (an uncontended-or-briefly-contended lock/unlock pair).
 *
 * Usage: mutex [N]. Prints "counter=2N"; exits 1 if the counter is wrong.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long iterations = 1000000;

static void *hammer(void *arg)
{
	for (long i = 0; i < iterations; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[2];

	if (argc > 1)
		iterations = atol(argv[1]);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, hammer, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("counter=%ld\n", counter);
	return counter == 2 * iterations ? 0 : 1;
}
