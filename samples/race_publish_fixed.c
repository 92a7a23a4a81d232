/* race_publish_fixed.c - twin of race_publish.c: the flag is stored with release and loaded
 * with acquire: the message happens before its read. Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
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
	atomic_store_explicit(&ready, 1, memory_order_release);
	return arg;
}

static void *consumer(void *arg)
{
	while (!atomic_load_explicit(&ready, memory_order_acquire))
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
