/* queue.c - a bounded blocking queue (a mutex and two condition variables) between a producer and
 * two consumers; the producer closes the queue when it is done, and the consumers stop when it is
 * closed and empty.
 *
 * BUGS: (1) waits are guarded by `if` instead of `while`: a woken thread does not check again that
 * what it waited for is still true (another consumer may have taken the item; wakeups may be
 * spurious); (2) queue_close() sets `closed` and broadcasts without holding the mutex: a consumer
 * that has just seen "empty, not closed" and is about to wait misses the broadcast -- a lost
 * wakeup -- and waits forever, while main waits forever to join it.
 *
 * The lost wakeup is forced with steps weft cannot see (gallery.h): the first consumer to find
 * the queue empty after the last item was consumed is held between its check and its wait while
 * the producer closes the queue. (Counted by the consumers, not by the producer: a consumer that
 * had emptied the queue and gone to wait before the producer could say "all produced" would be
 * woken by the close, and the run would end without the bug.)
 *
 * usage: queue CAPACITY ITEMS CONSUMERS
 *
 * weft: run
 * args: 4 1000 1
 * expect: deadlock wait-kind=cond wait-kind=join function=queue_get function=consumer
 * expect-exit: 66
 * expect-ended-by-weft: yes
 * expect-max-seconds: 4
 * timeout: 20
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "gallery.h"

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	int *items;
	int cap, head, len;
	int closed;
};

static int nitems;
static atomic_int consumed, in_window, closed_step;   /* consumed: items taken by the consumers */

static void queue_put(struct queue *q, int item)
{
	pthread_mutex_lock(&q->lock);
	if (q->len == q->cap)                          /* BUG: if, not while */
		pthread_cond_wait(&q->not_full, &q->lock);
	q->items[(q->head + q->len++) % q->cap] = item;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

/* Returns 0 and the item, or -1 once the queue is closed and empty. */
static int queue_get(struct queue *q, int *item)
{
	pthread_mutex_lock(&q->lock);
	if (q->len == 0 && !q->closed) {               /* BUG: if, not while */
		if (atomic_load_explicit(&consumed, memory_order_relaxed) == nitems &&
		    step_add(&in_window) == 1)     /* forced: the producer closes now */
			step_await(&closed_step, 1, 200);
		pthread_cond_wait(&q->not_empty, &q->lock);
	}
	if (q->len == 0) {
		pthread_mutex_unlock(&q->lock);
		return -1;
	}
	*item = q->items[q->head];
	q->head = (q->head + 1) % q->cap;
	q->len--;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

static void queue_close(struct queue *q)
{
	q->closed = 1;                                 /* BUG: without the mutex */
	pthread_cond_broadcast(&q->not_empty);
}

static void *consumer(void *arg)
{
	struct queue *q = arg;
	long sum = 0;
	int item;

	while (queue_get(q, &item) == 0) {
		sum += item;
		step_add(&consumed);
	}
	return (void *)sum;
}

int main(int argc, char **argv)
{
	struct queue q = {.lock = PTHREAD_MUTEX_INITIALIZER,
			  .not_empty = PTHREAD_COND_INITIALIZER,
			  .not_full = PTHREAD_COND_INITIALIZER};
	nitems = argc > 2 ? atoi(argv[2]) : 1000;
	int nconsumers = argc > 3 ? atoi(argv[3]) : 2;
	long sum = 0;

	q.cap = argc > 1 ? atoi(argv[1]) : 4;
	if (q.cap < 1 || nitems < 0 || nconsumers < 1) {
		fprintf(stderr, "usage: queue CAPACITY ITEMS CONSUMERS\n");
		return 2;
	}
	pthread_t c[nconsumers];
	q.items = calloc(q.cap, sizeof *q.items);
	for (int i = 0; i < nconsumers; i++)
		pthread_create(&c[i], NULL, consumer, &q);
	for (int i = 1; i <= nitems; i++)
		queue_put(&q, i);
	step_await(&in_window, 1, 200);                /* a consumer is about to wait */
	queue_close(&q);
	step_post(&closed_step, 10);
	for (int i = 0; i < nconsumers; i++) {
		void *s;
		pthread_join(c[i], &s);
		sum += (long)s;
	}
	printf("items=%d sum=%ld\n", nitems, sum);
	free(q.items);
	return 0;
}
