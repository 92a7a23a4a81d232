/* race_rdlock_write_fixed.c - twin of race_rdlock_write.c: the update takes the rwlock in write
 * mode. Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: total=999000
 */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long stat_total;

static void *updater(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_rwlock_wrlock(&rw);
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
	printf("total=%ld\n", stat_total);
	return 0;
}
