/* cond_hold_deadlock.c - a consumer waits on a condition variable while still holding another
 * mutex (the table lock) that the producer needs before it can signal: the consumer sleeps in the
 * wait, the producer blocks on the table lock, main blocks in join. Nobody is left to wake anybody.
 * weft must end the program (exit 66) and report it.
 *
 * Forced: the producer starts only once the consumer holds the table lock.
 *
 * weft: run
 * expect: deadlock wait-kind=cond wait-kind=mutex function=consumer function=producer
 * expect-exit: 66
 * expect-ended-by-weft: yes
 * expect-max-seconds: 3
 * timeout: 20
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
	pthread_mutex_lock(&table_lock);
	step_set(&step, 1);
	pthread_mutex_lock(&queue_lock);
	while (!queued)
		pthread_cond_wait(&queue_ready, &queue_lock);   /* BUG: sleeps holding table_lock */
	queued--;
	pthread_mutex_unlock(&queue_lock);
	table_entries++;
	pthread_mutex_unlock(&table_lock);
	return NULL;
}

static void *producer(void *arg)
{
	step_wait(&step, 1);
	pthread_mutex_lock(&table_lock);   /* blocks forever: the consumer holds it while it sleeps */
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
