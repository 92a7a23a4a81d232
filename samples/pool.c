/* pool.c - a thread pool: 4 workers take tasks from a shared work queue (a mutex and two condition
 * variables, predicates tested in while loops), main waits until all are done, then shuts the pool
 * down. Correct: must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: tasks=2000 sum=2001000
 */
#include <pthread.h>
#include <stdio.h>

#define WORKERS 4
#define TASKS 2000
#define QCAP 64

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t has_work;    /* queue not empty, or shutting down */
	pthread_cond_t idle;        /* pending reached 0 */
	int queue[QCAP];
	int head, len;
	int pending;                /* queued or running */
	int shutdown;
	long sum;
	int done;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->len == 0 && !p->shutdown)
			pthread_cond_wait(&p->has_work, &p->lock);
		if (p->len == 0)
			break;
		int task = p->queue[p->head];
		p->head = (p->head + 1) % QCAP;
		p->len--;
		pthread_mutex_unlock(&p->lock);

		long result = task + 1;             /* the "work" */

		pthread_mutex_lock(&p->lock);
		p->sum += result;
		p->done++;
		if (--p->pending == 0)
			pthread_cond_broadcast(&p->idle);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static int submit(struct pool *p, int task)
{
	int ok = 0;

	pthread_mutex_lock(&p->lock);
	if (p->len < QCAP) {
		p->queue[(p->head + p->len) % QCAP] = task;
		p->len++;
		p->pending++;
		pthread_cond_signal(&p->has_work);
		ok = 1;
	}
	pthread_mutex_unlock(&p->lock);
	return ok;
}

int main(void)
{
	static struct pool p = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.has_work = PTHREAD_COND_INITIALIZER,
		.idle = PTHREAD_COND_INITIALIZER,
	};
	pthread_t t[WORKERS];

	for (int i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, worker, &p);
	for (int task = 0; task < TASKS;)
		if (submit(&p, task))
			task++;
		else
			sched_yield();
	pthread_mutex_lock(&p.lock);
	while (p.pending > 0)
		pthread_cond_wait(&p.idle, &p.lock);
	p.shutdown = 1;
	pthread_cond_broadcast(&p.has_work);
	pthread_mutex_unlock(&p.lock);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	printf("tasks=%d sum=%ld\n", p.done, p.sum);
	return 0;
}
