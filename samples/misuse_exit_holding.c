/* misuse_exit_holding.c - a thread returns while it still holds a mutex (an early return skips the
 * unlock). Nobody can ever take that mutex again.
 *
 * weft: run
 * expect: api-misuse misuse=exit-holding-locks function=worker
 * expect-exit: 66
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
	return NULL;                   /* BUG: returns with queue_lock held */
out:
	pthread_mutex_unlock(&queue_lock);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	printf("processed=%d\n", processed);
	return 0;
}
