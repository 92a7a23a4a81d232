/* explore_abba_fixed.c - the twin of explore_abba.c: both threads take the mutexes in the same order. The windows are a few
 * instructions wide, so plain runs (and `weft run`, which reports the inversion but cannot make the
 * deadlock happen) almost never hang; weft explore finds a schedule that really deadlocks, in the
 * same run, and replays it.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 300
 * explore-expect: none
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int total;

static void *transfer_ab(void *arg)
{
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);
	total++;
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return NULL;
}

static void *transfer_ba(void *arg)
{
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);       /* the same order as transfer_ab */
	total++;
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
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
