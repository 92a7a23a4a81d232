/* explore_lost_wakeup.c - the waiter tests the flag in one critical section and waits in another;
 * when the notifier signals in between, nobody is waiting yet and the wakeup is lost: the waiter
 * sleeps forever and main waits for it in join. weft explore reports the deadlock (everybody
 * blocked) in the run itself, with the stacks.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 200
 * explore-expect: deadlock
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void *waiter(void *arg)
{
	pthread_mutex_lock(&lock);
	int r = ready;
	pthread_mutex_unlock(&lock);
	if (!r) {                        /* BUG: the signal may come right here */
		pthread_mutex_lock(&lock);
		pthread_cond_wait(&cond, &lock);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *notifier(void *arg)
{
	pthread_mutex_lock(&lock);
	ready = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t w, n;
	pthread_create(&w, NULL, waiter, NULL);
	pthread_create(&n, NULL, notifier, NULL);
	pthread_join(w, NULL);
	pthread_join(n, NULL);
	printf("woken\n");
	return 0;
}
