/* race_atomic_reuse_fixed.c - the twin of race_atomic_reuse.c: the consumer reads the global only
 * after it acquired the producer's flag in the same, still mapped page (the producer unmaps nothing
 * before the consumer is done). Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: config=42
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>

long config;

static void *producer(void *arg)
{
	atomic_int *flag = arg;
	config = 42;
	atomic_store_explicit(flag, 1, memory_order_release);
	return NULL;
}

static void *consumer(void *arg)
{
	atomic_int *flag = arg;
	while (atomic_load_explicit(flag, memory_order_acquire) == 0)
		sched_yield();
	printf("config=%ld\n", config);
	return NULL;
}

int main(void)
{
	atomic_int *flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (flag == MAP_FAILED)
		return 1;
	pthread_t a, b;
	pthread_create(&b, NULL, consumer, flag);
	pthread_create(&a, NULL, producer, flag);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	munmap(flag, 4096);
	return 0;
}
