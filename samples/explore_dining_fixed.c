/* explore_dining_fixed.c - the twin of explore_dining.c: every philosopher takes the lower-numbered
 * fork first, so the forks are always taken in one global order and no cycle can form.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 300
 * explore-expect: none
 */
#include <pthread.h>
#include <stdio.h>

#define N 3
static pthread_mutex_t fork_[N] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static int meals;

static void eat(int left, int right)
{
	int first = left < right ? left : right, second = left < right ? right : left;
	pthread_mutex_lock(&fork_[first]);
	pthread_mutex_lock(&fork_[second]);
	meals++;
	pthread_mutex_unlock(&fork_[second]);
	pthread_mutex_unlock(&fork_[first]);
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
