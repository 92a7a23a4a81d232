/* explore_order_violation.c - use before initialisation: main publishes the configuration after it
 * has started the worker, which assumes it is already there. Usually main wins the race.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 200
 * explore-max-preemptions: 1
 * explore-expect: abort
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
	struct config *c = config;      /* BUG: may run before main published it */
	pthread_mutex_unlock(&lock);
	assert(c != NULL);
	return (void *)(long)c->workers;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	pthread_mutex_lock(&lock);
	config = &the_config;
	pthread_mutex_unlock(&lock);
	void *r;
	pthread_join(t, &r);
	printf("workers=%ld\n", (long)r);
	return 0;
}
