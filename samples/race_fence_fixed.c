/* race_fence_fixed.c - twin of race_fence.c: release fence before the relaxed store, acquire fence
 * after the relaxed load (C11 7.17.4): the payload happens before its read. Must stay silent, where
 * libtsan reports a false race (it does not model standalone fences).
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
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
	atomic_thread_fence(memory_order_acquire);
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
