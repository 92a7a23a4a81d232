/* explore_lost_update_fixed.c - the twin of explore_lost_update.c: the read and the write back are
 * one critical section, so no schedule loses an update.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 300
 * explore-expect: none
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *add_one(void *arg)
{
	pthread_mutex_lock(&lock);
	int seen = counter;
	counter = seen + 1;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, add_one, NULL);
	pthread_create(&b, NULL, add_one, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("counter=%d\n", counter);
	assert(counter == 2);
	return 0;
}
