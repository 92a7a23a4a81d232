/* balancer_fixed.c - balancer.c with the round-robin index an atomic: atomic_fetch_add hands every
 * dispatch its own ticket, so the jobs are spread exactly evenly and nothing races. (Relaxed order
 * is enough: the ticket only chooses a queue; the job itself is published by the queue's mutex.)
 *
 * usage: balancer_fixed WORKERS JOBS   (each dispatcher dispatches JOBS jobs)
 *
 * build: weft-cc
 * weft: run
 * args: 4 500
 * expect: none
 * expect-exit: 0
 * expect-stdout: jobs=1000 per-worker min=250 max=250
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
static atomic_uint next_worker;   /* FIX: atomic */
static atomic_int first_dispatched;

static int pick_worker(void)
{
	return atomic_fetch_add_explicit(&next_worker, 1, memory_order_relaxed) % nworkers;
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
		fprintf(stderr, "usage: balancer_fixed WORKERS JOBS\n");
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
