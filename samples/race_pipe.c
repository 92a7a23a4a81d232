/* race_pipe.c - a producer hands requests to a consumer through a pipe (the pointer travels
 * through the pipe), then touches a request it already handed over: that write races with the
 * consumer's read. What the producer wrote before the hand-over is ordered by the pipe (weft
 * models descriptors: a write releases, a read that returns data acquires), so only the late
 * write is reported. The twin stops touching requests once they are sent.
 *
 * weft: run preload
 * expect: data-race function=producer function=consumer threads=2
 * allow: data-race
 * expect-exit: 66
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
		r->retries = 0;
		snprintf(r->path, sizeof r->path, "/item/%ld", i);
		if (write(chan[1], &r, sizeof r) != sizeof r)
			abort();
		r->retries = 1;  /* BUG: the request belongs to the consumer now */
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
