/* misuse_exit_holding_fixed.c - twin of misuse_exit_holding.c: every path unlocks. Must stay
 * silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: processed=1
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int queue_len = 1, processed;

static void *worker(void *arg)
{
	pthread_mutex_lock(&queue_lock);
	if (queue_len == 0)
		goto out;
	queue_len--;
	processed++;
out:
	pthread_mutex_unlock(&queue_lock);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	pthread_mutex_lock(&queue_lock);
	printf("processed=%d\n", processed);
	pthread_mutex_unlock(&queue_lock);
	return 0;
}
