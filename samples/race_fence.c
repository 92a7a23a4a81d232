/* race_fence.c - publication through relaxed atomics with only one of the two fences it needs:
 * the producer has a release fence, the consumer none. No happens-before: a race on the payload.
 *
 * weft: run preload
 * expect: data-race function=producer function=consumer threads=2
 * allow: data-race
 * expect-exit: 66
 * expect-stdout: payload=7
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static int payload;
static atomic_int flag;

static void *producer(void *arg)
{
	payload = 7;
	atomic_thread_fence(memory_order_release);
	atomic_store_explicit(&flag, 1, memory_order_relaxed);
	return arg;
}

static void *consumer(void *arg)
{
	while (!atomic_load_explicit(&flag, memory_order_relaxed))
		;
	printf("payload=%d\n", payload);
	return arg;
}

int main(void)
{
	pthread_t p, c;
	pthread_create(&c, NULL, consumer, NULL);
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	return 0;
}
