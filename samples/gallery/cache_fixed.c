/* cache_fixed.c - cache.c with the reload done correctly: a lookup that finds its entry expired
 * lets go of the read lock, takes the lock in write mode, checks again (another thread may have
 * reloaded the entry in between) and only then reloads it. (A pthread rwlock cannot be upgraded in
 * place: taking the write lock while holding the read lock deadlocks.)
 *
 * As in cache.c: a read-mostly cache behind a read-write lock: lookups take the lock in read mode so
 * that they run in parallel; an entry older than its time to live is reloaded from the "backend".
 *
 * usage: cache_fixed KEYS LOOKUPS   (each of 4 reader threads makes LOOKUPS lookups)
 *
 * build: weft-cc
 * weft: run
 * args: 16 2000
 * expect: none
 * expect-exit: 0
 * expect-stdout: lookups=8000 sum=627986
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "gallery.h"

#define READERS 4
#define TTL 50                    /* ticks an entry stays fresh */

struct entry {
	long value;
	long expires;             /* tick after which the entry must be reloaded */
};

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct entry *cache;
static int nkeys, nlookups;
static atomic_long clock_ticks;   /* a logical clock: one tick per lookup */
static atomic_int started;        /* readers that made their first lookup */

static long backend_load(int key)
{
	return (long)key * key + 1;   /* the slow source of truth */
}

static long lookup(int key)
{
	long now = atomic_fetch_add_explicit(&clock_ticks, 1, memory_order_relaxed), value;
	struct entry *e = &cache[key];

	pthread_rwlock_rdlock(&cache_lock);
	if (e->expires > now) {                /* fresh: the common, parallel case */
		value = e->value;
		pthread_rwlock_unlock(&cache_lock);
		return value;
	}
	pthread_rwlock_unlock(&cache_lock);    /* FIX: reload under the write lock ... */
	pthread_rwlock_wrlock(&cache_lock);
	if (e->expires <= now) {               /* ... after checking again */
		e->value = backend_load(key);
		e->expires = now + TTL;
	}
	value = e->value;
	pthread_rwlock_unlock(&cache_lock);
	return value;
}

static void *reader(void *arg)
{
	long id = (long)arg, sum = 0;

	step_await(&started, id, 0);       /* forced: first lookups of key 0, one reader after another */
	sum += lookup(0);
	step_post(&started, id + 1);
	step_await(&started, READERS, 0);  /* ... and no reader goes on before the last one's */
	for (int i = 1; i < nlookups; i++)
		sum += lookup((int)((i * 7 + id) % nkeys));
	return (void *)sum;
}

int main(int argc, char **argv)
{
	pthread_t t[READERS];
	long sum = 0;

	nkeys = argc > 1 ? atoi(argv[1]) : 16;
	nlookups = argc > 2 ? atoi(argv[2]) : 2000;
	if (nkeys < 1 || nlookups < 1) {
		fprintf(stderr, "usage: cache_fixed KEYS LOOKUPS\n");
		return 2;
	}
	cache = calloc(nkeys, sizeof *cache);
	for (long i = 0; i < READERS; i++)
		pthread_create(&t[i], NULL, reader, (void *)i);
	for (int i = 0; i < READERS; i++) {
		void *s;
		pthread_join(t[i], &s);
		sum += (long)s;
	}
	printf("lookups=%d sum=%ld\n", READERS * nlookups, sum);
	free(cache);
	return 0;
}
