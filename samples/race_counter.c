/* race_counter.c - two threads increment a global counter without a lock (a data race).
 * Built with weft-cc (gcc and clang variants).
 *
 * weft: run preload
 * expect: data-race function=worker threads=2
 * allow: data-race
 * expect-exit: 66
 */
#include <pthread.h>
#include <stdio.h>

static long counter;

static void *worker(void *arg)
{
	for (int i = 0; i < 10000; i++)
		counter++;
	return arg;
}

int main(void)
{
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("counter=%s\n", counter > 0 ? "positive" : "zero");
	return 0;
}
