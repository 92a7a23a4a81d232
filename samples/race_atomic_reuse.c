/* race_atomic_reuse.c - the sync clock of an atomic location must not outlive its memory. Thread A
 * writes a global without a lock, then release-stores a flag inside a mapping and unmaps it. Thread
 * B maps memory at the same address and acquire-loads the flag of the new mapping: that load
 * synchronizes with nothing (the old flag died with its mapping), so B's read of the global races
 * with A's write. A detector that kept the old location's clock would see an order and stay
 * silent. The threads run in turn (relaxed-atomic steps, invisible to weft).
 *
 * weft: run preload
 * expect: data-race function=producer function=consumer threads=2
 * expect-exit: 66
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>

static atomic_int step;
static _Atomic(void *) where;
static void step_set(int v) { atomic_store_explicit(&step, v, memory_order_relaxed); }
static void step_wait(int v)
{
	while (atomic_load_explicit(&step, memory_order_relaxed) < v)
		sched_yield();
}

long config;       /* written by the producer, read by the consumer: not ordered */

static void *producer(void *arg)
{
	atomic_int *flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (flag == MAP_FAILED)
		return arg;
	config = 42;
	atomic_store_explicit(flag, 1, memory_order_release);
	atomic_store_explicit(&where, flag, memory_order_relaxed);
	munmap(flag, 4096);
	step_set(1);
	return arg;
}

static void *consumer(void *arg)
{
	step_wait(1);
	void *hint = atomic_load_explicit(&where, memory_order_relaxed);
	atomic_int *flag = mmap(hint, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (flag == MAP_FAILED)
		return arg;
	if (atomic_load_explicit(flag, memory_order_acquire) == 0)   /* a new page: 0 */
		printf("config=%ld\n", config);
	munmap(flag, 4096);
	return arg;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, producer, NULL);
	pthread_create(&b, NULL, consumer, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return 0;
}
