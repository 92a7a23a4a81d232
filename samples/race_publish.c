/* race_publish.c - a producer fills a message and raises a flag with a *relaxed* atomic store; the
 * consumer waits for the flag with relaxed loads and reads the message: no happens-before, a race
 * on the message (the flag itself is atomic and does not race).
 *
 * weft: run preload
 * expect: data-race function=producer function=consumer threads=2
 * allow: data-race
 * expect-exit: 66
 * expect-stdout: message=42
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static int message;
static atomic_int ready;

static void *producer(void *arg)
{
	message = 42;
	atomic_store_explicit(&ready, 1, memory_order_relaxed);
	return arg;
}

static void *consumer(void *arg)
{
	while (!atomic_load_explicit(&ready, memory_order_relaxed))
		;
	printf("message=%d\n", message);
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
