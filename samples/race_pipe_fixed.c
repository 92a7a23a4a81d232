/* race_pipe_fixed.c - the twin of race_pipe.c: the producer fills each request completely before
 * the pointer goes through the pipe and never touches it again. The pipe orders the filling before
 * the consumer's reads (a write releases, a read that returns data acquires): silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: served 64
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct request {
	long id;
	long retries;
	char path[48];
};

static int chan[2];

static void *producer(void *arg)
{
	for (long i = 0; i < 64; i++) {
		struct request *r = malloc(sizeof *r);
		r->id = i;
		r->retries = 1;
		snprintf(r->path, sizeof r->path, "/item/%ld", i);
		if (write(chan[1], &r, sizeof r) != sizeof r)
			abort();
	}
	return arg;
}

static void *consumer(void *arg)
{
	long served = 0;
	for (int i = 0; i < 64; i++) {
		struct request *r;
		if (read(chan[0], &r, sizeof r) != sizeof r)
			abort();
		served += r->path[0] == '/' && r->retries >= 0;
		free(r);
	}
	printf("served %ld\n", served);
	return arg;
}

int main(void)
{
	if (pipe(chan) != 0)
		return 1;
	pthread_t p, c;
	pthread_create(&c, NULL, consumer, NULL);
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	return 0;
}
