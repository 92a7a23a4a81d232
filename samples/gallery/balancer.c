/* balancer.c - a round-robin load balancer: two dispatcher threads spread incoming jobs across the
 * queues of WORKERS worker threads, each job to the next worker in turn.
 *
 * BUG: "the next worker" is a plain int that both dispatchers read and increment: a data race.
 * Two dispatchers can pick the same worker (and skip another), and the index itself can be torn or
 * lost -- the load is not balanced. Forced (gallery.h): the second dispatcher's first job comes
 * right after the first dispatcher's, which waits for it; so the first race weft sees is always the
 * second dispatcher reading the index that the first one wrote (and the tour's excerpt is stable).
 *
 * usage: balancer WORKERS JOBS   (each dispatcher dispatches JOBS jobs)
 *
 * build: weft-cc
 * weft: run
 * args: 4 500
 * expect: data-race function=pick_worker threads=2
 * allow: data-race
 * expect-exit: 66
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "gallery.h"

struct wqueue {
	pthread_mutex_t lock;
	pthread_cond_t nonempty;
	long *jobs;               /* a ring of cap entries */
	int cap, head, len;
	long handled;             /* by this queue's worker */
};

static struct wqueue *queues;
static int nworkers, njobs;
static unsigned next_worker;      /* BUG: shared by the dispatchers, plain */
static atomic_int first_dispatched;

static int pick_worker(void)
{
	return next_worker++ % nworkers;   /* BUG: read-modify-write, not atomic */
}

static void push(struct wqueue *q, long job)
{
	pthread_mutex_lock(&q->lock);
	q->jobs[(q->head + q->len++) % q->cap] = job;
	pthread_cond_signal(&q->nonempty);
	pthread_mutex_unlock(&q->lock);
}

static void *worker(void *arg)
{
	struct wqueue *q = arg;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->len == 0)
			pthread_cond_wait(&q->nonempty, &q->lock);
		long job = q->jobs[q->head];
		q->head = (q->head + 1) % q->cap;
		q->len--;
		if (job < 0)
			break;                   /* stop */
		q->handled++;
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

static void *dispatcher(void *arg)
{
	long id = (long)arg;

	if (id == 1)
		step_await(&first_dispatched, 1, 0);   /* forced: right after dispatcher 0 */
	for (int i = 0; i < njobs; i++) {
		push(&queues[pick_worker()], id * njobs + i);
		if (id == 0 && i == 0) {
			step_post(&first_dispatched, 1);
			step_await(&first_dispatched, 2, 0); /* ... which waits for it */
		}
		if (id == 1 && i == 0)
			step_post(&first_dispatched, 2);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t d[2];
	long min = -1, max = 0, total = 0;

	nworkers = argc > 1 ? atoi(argv[1]) : 4;
	njobs = argc > 2 ? atoi(argv[2]) : 500;
	if (nworkers < 1 || njobs < 0) {
		fprintf(stderr, "usage: balancer WORKERS JOBS\n");
		return 2;
	}
	pthread_t w[nworkers];
	queues = calloc(nworkers, sizeof *queues);
	for (int i = 0; i < nworkers; i++) {
		pthread_mutex_init(&queues[i].lock, NULL);
		pthread_cond_init(&queues[i].nonempty, NULL);
		queues[i].cap = 2 * njobs + 1;
		queues[i].jobs = calloc(queues[i].cap, sizeof(long));
		pthread_create(&w[i], NULL, worker, &queues[i]);
	}
	for (long i = 0; i < 2; i++)
		pthread_create(&d[i], NULL, dispatcher, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(d[i], NULL);
	for (int i = 0; i < nworkers; i++)
		push(&queues[i], -1);
	for (int i = 0; i < nworkers; i++) {
		pthread_join(w[i], NULL);
		total += queues[i].handled;
		if (min < 0 || queues[i].handled < min)
			min = queues[i].handled;
		if (queues[i].handled > max)
			max = queues[i].handled;
		free(queues[i].jobs);
	}
	printf("jobs=%ld per-worker min=%ld max=%ld\n", total, min, max);
	free(queues);
	return 0;
}
