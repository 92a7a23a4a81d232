/* rwcache.c - a reader/writer cache: 3 readers look keys up under a read lock, a writer refreshes
 * entries under the write lock; a miss is filled under the write lock after dropping the read lock
 * (never upgrading while holding it). Correct: must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: lookups=60000 version=500 entries=64
 */
#include <pthread.h>
#include <stdio.h>

#define KEYS 64
#define LOOKUPS 20000
#define REFRESHES 500

struct entry { int valid; long value; };

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct entry cache[KEYS];
static long version;

static long compute(int key)
{
	return (long)key * key;
}

static long lookup(int key)
{
	long v;
	int hit;

	pthread_rwlock_rdlock(&cache_lock);
	hit = cache[key].valid;
	v = cache[key].value;
	pthread_rwlock_unlock(&cache_lock);
	if (hit)
		return v;
	pthread_rwlock_wrlock(&cache_lock);
	if (!cache[key].valid) {          /* somebody may have filled it meanwhile */
		cache[key].value = compute(key);
		cache[key].valid = 1;
	}
	v = cache[key].value;
	pthread_rwlock_unlock(&cache_lock);
	return v;
}

static void *reader(void *arg)
{
	long bad = 0;

	for (int i = 0; i < LOOKUPS; i++) {
		int key = (i * 7 + (int)(long)arg) % KEYS;
		if (lookup(key) != compute(key))
			bad++;
	}
	return (void *)bad;
}

static void *writer(void *arg)
{
	for (int i = 0; i < REFRESHES; i++) {
		pthread_rwlock_wrlock(&cache_lock);
		cache[i % KEYS].valid = 0;    /* invalidate: the next reader recomputes it */
		version++;
		pthread_rwlock_unlock(&cache_lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t r[3], w;
	long bad = 0;
	int entries = 0;

	for (int i = 0; i < 3; i++)
		pthread_create(&r[i], NULL, reader, (void *)(long)i);
	pthread_create(&w, NULL, writer, NULL);
	for (int i = 0; i < 3; i++) {
		void *b;
		pthread_join(r[i], &b);
		bad += (long)b;
	}
	pthread_join(w, NULL);
	for (int k = 0; k < KEYS; k++)
		entries += lookup(k) == compute(k);
	if (bad)
		printf("wrong values: %ld\n", bad);
	printf("lookups=%d version=%ld entries=%d\n", 3 * LOOKUPS, version, entries);
	return bad != 0;
}
