/* race_tls.c - every thread updates its own _Thread_local counter (instrumented like any access);
 * threads come and go so a new thread's TLS reuses a finished thread's memory. Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: sum=8000
 */
#include <pthread.h>
#include <stdio.h>

static _Thread_local long mine;
static _Thread_local char buf[64];

static void *worker(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		mine++;
		buf[i % 64]++;
	}
	return (void *)mine;
}

int main(void)
{
	long sum = 0;
	for (int round = 0; round < 4; round++) {
		pthread_t t[2];
		for (int i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, worker, NULL);
		for (int i = 0; i < 2; i++) {
			void *r;
			pthread_join(t[i], &r);
			sum += (long)r;
		}
	}
	printf("sum=%ld\n", sum);
	return 0;
}
