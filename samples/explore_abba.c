/* explore_abba.c - two threads take two mutexes in opposite orders. The windows are a few
 * instructions wide, so plain runs (and `weft run`, which reports the inversion but cannot make the
 * deadlock happen) almost never hang; weft explore finds a schedule that really deadlocks, in the
 * same run, and replays it. `weft explore --confirm` on the report of `weft run` deadlocks it in
 * the first run steered toward the cycle.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 200
 * explore-max-preemptions: 1
 * explore-expect: deadlock
 * explore-confirm: confirmed
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int total;

static void *transfer_ab(void *arg)
{
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);       /* BUG: a then b ... */
	total++;
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return NULL;
}

static void *transfer_ba(void *arg)
{
	pthread_mutex_lock(&b);
	pthread_mutex_lock(&a);       /* ... and b then a */
	total++;
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;
	pthread_create(&t1, NULL, transfer_ab, NULL);
	pthread_create(&t2, NULL, transfer_ba, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("total=%d\n", total);
	return 0;
}
