/* explore_spin.c - a correct program that spins on a flag with sched_yield until another thread
 * sets it. Fair scheduling lets the setter run; the exploration must never report a livelock.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 100
 * explore-expect: none
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int flag;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int value;

static void *setter(void *arg)
{
	pthread_mutex_lock(&lock);
	value = 42;
	pthread_mutex_unlock(&lock);
	atomic_store(&flag, 1);
	return NULL;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, setter, NULL);
	while (!atomic_load(&flag))
		sched_yield();
	pthread_join(t, NULL);
	printf("value=%d\n", value);
	return value == 42 ? 0 : 1;
}
