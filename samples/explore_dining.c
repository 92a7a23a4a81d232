/* explore_dining.c - three philosophers, three forks: each takes its left fork, then its right one,
 * in one helper function. All three edges of the cycle have the same call sites, so --confirm must
 * match edges to threads by the locks they hold, not by position. The windows are a few
 * instructions wide: plain runs almost never hang.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 300
 * explore-expect: deadlock
 * explore-confirm: confirmed
 */
#include <pthread.h>
#include <stdio.h>

#define N 3
static pthread_mutex_t fork_[N] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static int meals;

static void eat(int left, int right)
{
	pthread_mutex_lock(&fork_[left]);
	pthread_mutex_lock(&fork_[right]);   /* BUG: every philosopher takes the left fork first */
	meals++;
	pthread_mutex_unlock(&fork_[right]);
	pthread_mutex_unlock(&fork_[left]);
}

static void *philosopher(void *arg)
{
	int i = (int)(long)arg;
	eat(i, (i + 1) % N);
	return NULL;
}

int main(void)
{
	pthread_t t[N];
	for (long i = 0; i < N; i++)
		pthread_create(&t[i], NULL, philosopher, (void *)i);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	printf("meals=%d\n", meals);
	return 0;
}
