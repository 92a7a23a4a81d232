/* explore_order_violation_fixed.c - the twin: the configuration is published before the worker
 * starts.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 200
 * explore-expect: none
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

struct config { int workers; };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct config *config;
static struct config the_config = {4};

static void *worker(void *arg)
{
	pthread_mutex_lock(&lock);
	struct config *c = config;
	pthread_mutex_unlock(&lock);
	assert(c != NULL);
	return (void *)(long)c->workers;
}

int main(void)
{
	pthread_t t;
	pthread_mutex_lock(&lock);
	config = &the_config;
	pthread_mutex_unlock(&lock);
	pthread_create(&t, NULL, worker, NULL);
	void *r;
	pthread_join(t, &r);
	printf("workers=%ld\n", (long)r);
	return 0;
}
