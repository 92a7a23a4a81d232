/* explore_sleep_sync.c - "synchronisation" by sleeping: main gives the loader 10 ms to fill the
 * table and then reads it. On an idle machine the loader always wins; under explore time is
 * virtual and the sleep is only a yield, so the schedules where main reads first are tried.
 *
 * weft: explore
 * explore-strategies: random pct
 * explore-budget: 200
 * explore-expect: abort
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int table[4];
static int loaded;

static void *loader(void *arg)
{
	for (int i = 0; i < 4; i++) {
		pthread_mutex_lock(&lock);
		table[i] = i + 1;
		loaded = i + 1;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, loader, NULL);
	usleep(10000);                   /* BUG: "long enough" for the loader */
	pthread_mutex_lock(&lock);
	int n = loaded;
	pthread_mutex_unlock(&lock);
	assert(n == 4);
	pthread_join(t, NULL);
	printf("sum=%d\n", table[0] + table[1] + table[2] + table[3]);
	return 0;
}
