/* shutdown_fixed.c - shutdown.c with a shutdown that cannot deadlock: the owner collects the
 * results of every job it submitted *before* it stops and joins the workers, so no worker is left
 * waiting for room in the results queue when the owner waits for it to end.
 *
 * usage: shutdown_fixed WORKERS JOBS
 *
 * weft: run
 * args: 2 16
 * expect: none
 * expect-exit: 0
 * expect-stdout: jobs=16 sum=1240
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define RESULTS_CAP 4

static struct {
	pthread_mutex_t lock;
	pthread_cond_t work, room, result;    /* jobs queued or stop; room for a result; a result */
	int next_job, njobs;                  /* jobs next_job..njobs-1 are queued */
	long results[RESULTS_CAP];
	int rhead, rlen;
	int stop;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER,
	  .room = PTHREAD_COND_INITIALIZER, .result = PTHREAD_COND_INITIALIZER};

static void put_result(long r)               /* called with pool.lock held */
{
	while (pool.rlen == RESULTS_CAP)
		pthread_cond_wait(&pool.room, &pool.lock);
	pool.results[(pool.rhead + pool.rlen++) % RESULTS_CAP] = r;
	pthread_cond_signal(&pool.result);
}

static long take_result(void)                /* called with pool.lock held */
{
	while (pool.rlen == 0)
		pthread_cond_wait(&pool.result, &pool.lock);
	long r = pool.results[pool.rhead];
	pool.rhead = (pool.rhead + 1) % RESULTS_CAP;
	pool.rlen--;
	pthread_cond_signal(&pool.room);
	return r;
}

static void *worker(void *arg)
{
	pthread_mutex_lock(&pool.lock);
	for (;;) {
		while (pool.next_job == pool.njobs && !pool.stop)
			pthread_cond_wait(&pool.work, &pool.lock);
		if (pool.next_job == pool.njobs)
			break;                       /* stopping, and nothing left: graceful */
		long job = pool.next_job++;
		pthread_mutex_unlock(&pool.lock);
		long r = job * job;              /* the work */
		pthread_mutex_lock(&pool.lock);
		put_result(r);
	}
	pthread_mutex_unlock(&pool.lock);
	return NULL;
}

static void pool_submit(int njobs)
{
	pthread_mutex_lock(&pool.lock);
	pool.njobs += njobs;
	pthread_cond_broadcast(&pool.work);
	pthread_mutex_unlock(&pool.lock);
}

static void pool_shutdown(pthread_t *t, int n)
{
	pthread_mutex_lock(&pool.lock);
	pool.stop = 1;
	pthread_cond_broadcast(&pool.work);
	pthread_mutex_unlock(&pool.lock);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

int main(int argc, char **argv)
{
	int nworkers = argc > 1 ? atoi(argv[1]) : 2, njobs = argc > 2 ? atoi(argv[2]) : 16;
	long sum = 0;

	if (nworkers < 1 || njobs < 0) {
		fprintf(stderr, "usage: shutdown_fixed WORKERS JOBS\n");
		return 2;
	}
	pthread_t t[nworkers];
	for (int i = 0; i < nworkers; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	pool_submit(njobs);
	pthread_mutex_lock(&pool.lock);
	for (int i = 0; i < njobs; i++)          /* FIX: collect every result first ... */
		sum += take_result();
	pthread_mutex_unlock(&pool.lock);
	pool_shutdown(t, nworkers);             /* ... then stop and join */
	printf("jobs=%d sum=%ld\n", njobs, sum);
	return 0;
}
