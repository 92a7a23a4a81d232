/* explore_lost_update.c - an atomicity violation: each thread reads the counter in one critical
 * section and writes it back in another, so an update can be lost. Every access is under the lock
 * (no data race, no lock-order problem): only some interleavings fail, and stress runs almost
 * never hit them (the window is a few instructions wide).
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

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *add_one(void *arg)
{
	pthread_mutex_lock(&lock);
	int seen = counter;           /* BUG: read in one critical section ... */
	pthread_mutex_unlock(&lock);
	pthread_mutex_lock(&lock);
	counter = seen + 1;           /* ... written back in another */
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
