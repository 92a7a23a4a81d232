/* eventloop.c - an event loop hands jobs to worker threads and collects their completions: a
 * worker puts its result on a completion list and writes to an eventfd; the loop poll()s the
 * eventfd, drains the list, and when every job is complete shuts down and prints statistics.
 *
 * BUG, an order violation at shutdown: a worker counts the job in its statistics *after* it has
 * signalled the completion, and the loop reads those statistics as soon as the last completion
 * arrives, *before* joining the workers. Nothing orders the worker's last increment before the
 * loop's read: a data race, and a count that is sometimes one short.
 * Forced (gallery.h): the worker that signals the last completion is slow to count it.
 *
 * usage: eventloop WORKERS JOBS
 *
 * build: weft-cc
 * weft: run
 * args: 1 300
 * expect: data-race function=worker function=event_loop threads=2
 * allow: data-race
 * expect-exit: 66
 */
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "gallery.h"

struct job {
	long input, result;
	struct job *next;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t nonempty;
	struct job *todo, *done;   /* jobs waiting for a worker; completed jobs */
	int stop;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER, .nonempty = PTHREAD_COND_INITIALIZER};

struct worker {
	pthread_t thread;
	long jobs_done;            /* statistics, read by the loop at shutdown */
};

static int completion_fd, total_jobs;
static atomic_int signalled, stats_read;

static void *worker(void *arg)
{
	struct worker *self = arg;
	uint64_t one = 1;

	for (;;) {
		pthread_mutex_lock(&q.lock);
		while (!q.todo && !q.stop)
			pthread_cond_wait(&q.nonempty, &q.lock);
		struct job *j = q.todo;
		if (!j) {
			pthread_mutex_unlock(&q.lock);
			return NULL;
		}
		q.todo = j->next;
		pthread_mutex_unlock(&q.lock);

		j->result = j->input * 3 + 1;      /* the work */

		pthread_mutex_lock(&q.lock);
		j->next = q.done;
		q.done = j;
		pthread_mutex_unlock(&q.lock);
		if (write(completion_fd, &one, sizeof one) != sizeof one)
			abort();
		if (step_add(&signalled) == total_jobs)  /* forced: the loop shuts down right now */
			step_await(&stats_read, 1, 200);
		self->jobs_done++;                 /* BUG: counted after the completion is signalled */
	}
}

static long event_loop(struct worker *w, int nworkers, int njobs)
{
	struct pollfd pfd = {.fd = completion_fd, .events = POLLIN};
	long sum = 0, stats = 0;
	int completed = 0;

	pthread_mutex_lock(&q.lock);                /* hand out the jobs */
	for (int i = 0; i < njobs; i++) {
		struct job *j = calloc(1, sizeof *j);
		j->input = i;
		j->next = q.todo;
		q.todo = j;
	}
	pthread_cond_broadcast(&q.nonempty);
	pthread_mutex_unlock(&q.lock);

	while (completed < njobs) {
		uint64_t n;
		if (poll(&pfd, 1, -1) < 0 || read(completion_fd, &n, sizeof n) != sizeof n)
			abort();
		pthread_mutex_lock(&q.lock);
		struct job *done = q.done;
		q.done = NULL;
		pthread_mutex_unlock(&q.lock);
		while (done) {
			struct job *next = done->next;
			sum += done->result;
			completed++;
			free(done);
			done = next;
		}
	}

	for (int i = 0; i < nworkers; i++)         /* BUG: read before the workers are joined */
		stats += w[i].jobs_done;
	step_post(&stats_read, 1);
	pthread_mutex_lock(&q.lock);                /* shut down */
	q.stop = 1;
	pthread_cond_broadcast(&q.nonempty);
	pthread_mutex_unlock(&q.lock);
	for (int i = 0; i < nworkers; i++)
		pthread_join(w[i].thread, NULL);
	printf("jobs=%d sum=%ld counted=%ld\n", completed, sum, stats);
	return sum;
}

int main(int argc, char **argv)
{
	int nworkers = argc > 1 ? atoi(argv[1]) : 3, njobs = argc > 2 ? atoi(argv[2]) : 300;

	if (nworkers < 1 || njobs < 0) {
		fprintf(stderr, "usage: eventloop WORKERS JOBS\n");
		return 2;
	}
	total_jobs = njobs;
	completion_fd = eventfd(0, EFD_CLOEXEC);
	struct worker *w = calloc(nworkers, sizeof *w);
	for (int i = 0; i < nworkers; i++)
		pthread_create(&w[i].thread, NULL, worker, &w[i]);
	event_loop(w, nworkers, njobs);
	close(completion_fd);
	free(w);
	return 0;
}
