/* race_rdlock_write.c - two threads update a shared statistic while holding a rwlock in *read*
 * mode: readers do not exclude each other, so the writes race.
 *
 * weft: run preload
 * expect: data-race function=updater threads=2 locks>=1
 * allow: data-race
 * expect-exit: 66
 */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long stat_total;

static void *updater(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_rwlock_rdlock(&rw);
		stat_total += i;
		pthread_rwlock_unlock(&rw);
	}
	return arg;
}

int main(void)
{
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, updater, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("total=%s\n", stat_total > 0 ? "positive" : "zero");
	return 0;
}
