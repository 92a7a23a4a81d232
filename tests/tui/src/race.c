/* race.c - source of the viewer's test fixtures (never built): two threads update a heap counter,
 * one under a lock, the other without. */
#include <pthread.h>
#include <stdlib.h>

struct stats {
	long hits;
	long misses;
};

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

static void *count_hits(void *arg)
{
	struct stats *s = arg;
	pthread_mutex_lock(&stats_lock);
	s->hits++;
	pthread_mutex_unlock(&stats_lock);
	return NULL;
}

static void *count_misses(void *arg)
{
	struct stats *s = arg;
	s->hits += s->misses;
	return NULL;
}

int main(void)
{
	struct stats *s = calloc(1, sizeof *s);
	pthread_t a, b;
	pthread_create(&a, NULL, count_hits, s);
	pthread_create(&b, NULL, count_misses, s);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	free(s);
	return 0;
}
