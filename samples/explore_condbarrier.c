/* explore_condbarrier.c - a correct program: a dozen threads pass three times through a barrier
 * built from a mutex, a condition variable and a generation counter. Must never fail or hang.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 50
 * explore-expect: none
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

#define N 12
#define ROUNDS 3
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int arrived, generation, passed[ROUNDS];

static void barrier(void)
{
	pthread_mutex_lock(&lock);
	int gen = generation;
	if (++arrived == N) {
		arrived = 0;
		generation++;
		pthread_cond_broadcast(&cond);
	} else {
		while (gen == generation)
			pthread_cond_wait(&cond, &lock);
	}
	pthread_mutex_unlock(&lock);
}

static void *worker(void *arg)
{
	for (int r = 0; r < ROUNDS; r++) {
		barrier();
		pthread_mutex_lock(&lock);
		passed[r]++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[N];
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	for (int r = 0; r < ROUNDS; r++)
		assert(passed[r] == N);
	printf("rounds=%d\n", ROUNDS);
	return 0;
}
