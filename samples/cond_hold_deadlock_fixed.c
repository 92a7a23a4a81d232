/* cond_hold_deadlock_fixed.c - twin of cond_hold_deadlock.c: the consumer waits for the queue
 * first and takes the table lock only afterwards, so it never sleeps holding it. Same forced
 * start. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: entries=2
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static int queued, table_entries;
static atomic_int step;

static void *consumer(void *arg)
{
	pthread_mutex_lock(&queue_lock);
	step_set(&step, 1);
	while (!queued)
		pthread_cond_wait(&queue_ready, &queue_lock);
	queued--;
	pthread_mutex_unlock(&queue_lock);
	pthread_mutex_lock(&table_lock);   /* fixed: taken after the wait */
	table_entries++;
	pthread_mutex_unlock(&table_lock);
	return NULL;
}

static void *producer(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&table_lock);
	table_entries++;
	pthread_mutex_unlock(&table_lock);
	pthread_mutex_lock(&queue_lock);
	queued++;
	pthread_cond_signal(&queue_ready);
	pthread_mutex_unlock(&queue_lock);
	return NULL;
}

int main(void)
{
	pthread_t c, p;

	pthread_create(&c, NULL, consumer, NULL);
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	printf("entries=%d\n", table_entries);
	return 0;
}
