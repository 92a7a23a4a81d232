/* explore_gated_inversion.c - two threads take two mutexes in opposite orders, but the second
 * thread starts its b-then-a section only after the first has finished its a-then-b section and
 * said so through a flag under a condition variable. The two orders can never overlap: no
 * deadlock is possible. `weft run` reports the lock-order inversion (its lock graph does not know
 * about the flag); `weft explore --confirm` tries to steer toward the cycle and reports that it
 * could not confirm it.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 200
 * explore-expect: none
 * explore-confirm: not-confirmed
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int done, total;

static void *first(void *arg)
{
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);       /* a then b ... */
	total++;
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	pthread_mutex_lock(&m);
	done = 1;
	pthread_cond_signal(&done_cv);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *second(void *arg)
{
	pthread_mutex_lock(&m);
	while (!done)                 /* the gate: only after first() is through */
		pthread_cond_wait(&done_cv, &m);
	pthread_mutex_unlock(&m);
	pthread_mutex_lock(&b);
	pthread_mutex_lock(&a);       /* ... b then a, never at the same time */
	total++;
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;
	pthread_create(&t1, NULL, first, NULL);
	pthread_create(&t2, NULL, second, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("total=%d\n", total);
	return 0;
}
