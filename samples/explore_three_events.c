/* explore_three_events.c - a bug that needs three events in one order (the loader publishes, the
 * indexer indexes, then the auditor audits), among two noise threads that take and release their
 * own lock. The auditor assumes it always runs before the indexer.
 *
 * weft: explore
 * explore-strategies: random pct
 * explore-budget: 500
 * explore-expect: abort
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t noise_lock = PTHREAD_MUTEX_INITIALIZER;
static int published, indexed, noise;

static void *loader(void *arg)
{
	pthread_mutex_lock(&lock);
	published = 1;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *indexer(void *arg)
{
	pthread_mutex_lock(&lock);
	if (published)
		indexed = 1;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *auditor(void *arg)
{
	pthread_mutex_lock(&lock);
	assert(!indexed);               /* BUG: fails after loader, then indexer */
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *noisy(void *arg)
{
	for (int i = 0; i < 5; i++) {
		pthread_mutex_lock(&noise_lock);
		noise++;
		pthread_mutex_unlock(&noise_lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[5];
	pthread_create(&t[0], NULL, noisy, NULL);
	pthread_create(&t[1], NULL, auditor, NULL);
	pthread_create(&t[2], NULL, indexer, NULL);
	pthread_create(&t[3], NULL, loader, NULL);
	pthread_create(&t[4], NULL, noisy, NULL);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	printf("noise=%d\n", noise);
	return 0;
}
