/* pipeline.c - message passing, shared nothing: a pipeline of three threads connected by pipes.
 * The producer sends the numbers 1..N down the first pipe; the squarer reads each one, sends its
 * square down the second pipe; main adds the squares up. No thread touches another's memory: every
 * value travels as a copy through the kernel, and the end of the stream is the writer closing its
 * end of the pipe. Correct: built with weft-cc, weft must stay silent (no race, nothing else).
 *
 * usage: pipeline N
 *
 * build: weft-cc
 * weft: run
 * args: 20000
 * expect: none
 * expect-exit: 0
 * expect-stdout: messages=20000 sum=2666866670000
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct stage {
	int in, out;      /* file descriptors: -1 when unused */
	long n;
};

static int send_msg(int fd, int64_t v)
{
	return write(fd, &v, sizeof v) == sizeof v ? 0 : -1;
}

static int recv_msg(int fd, int64_t *v)
{
	return read(fd, v, sizeof *v) == sizeof *v ? 0 : -1;  /* 8 bytes < PIPE_BUF: never split */
}

static void *producer(void *arg)
{
	struct stage *s = arg;

	for (int64_t i = 1; i <= s->n; i++)
		if (send_msg(s->out, i) < 0)
			break;
	close(s->out);                     /* end of stream */
	return NULL;
}

static void *squarer(void *arg)
{
	struct stage *s = arg;
	int64_t v;

	while (recv_msg(s->in, &v) == 0)
		if (send_msg(s->out, v * v) < 0)
			break;
	close(s->in);
	close(s->out);
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000, count = 0;
	int p1[2], p2[2];
	int64_t v, sum = 0;
	pthread_t tp, ts;

	if (n < 0 || pipe(p1) < 0 || pipe(p2) < 0) {
		fprintf(stderr, "usage: pipeline N\n");
		return 2;
	}
	struct stage prod = {.in = -1, .out = p1[1], .n = n};
	struct stage sq = {.in = p1[0], .out = p2[1], .n = n};
	pthread_create(&tp, NULL, producer, &prod);
	pthread_create(&ts, NULL, squarer, &sq);
	while (recv_msg(p2[0], &v) == 0) {
		sum += v;
		count++;
	}
	close(p2[0]);
	pthread_join(tp, NULL);
	pthread_join(ts, NULL);
	printf("messages=%ld sum=%lld\n", count, (long long)sum);
	return 0;
}
