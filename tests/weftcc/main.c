/* main.c - the program of tests/weft-cc.sh: two threads bump a counter that lives in another
 * translation unit (counter.c) and another that lives in an instrumented shared library
 * (libshared.c), neither under a lock: two data races, found in every way weft-cc builds it.
 *
 * expect: data-race function=bump_local threads=2
 * expect: data-race function=shared_bump threads=2
 * allow: data-race
 * expect-exit: 66
 * expect-stdout: done
 */
#include <pthread.h>
#include <stdio.h>

void bump_local(void);
void shared_bump(void);

static pthread_barrier_t start;

static void *worker(void *arg)
{
	pthread_barrier_wait(&start);
	for (int i = 0; i < 1000; i++) {
		bump_local();
		shared_bump();
	}
	return arg;
}

int main(void)
{
	pthread_t t[2];
	pthread_barrier_init(&start, NULL, 2);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("done\n");
	return 0;
}
