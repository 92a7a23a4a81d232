/* race_mmap_reuse.c - a thread fills an anonymous mapping and unmaps it; another thread then maps
 * memory at the same address (a hint; the kernel gives it back when it is free) and fills it. The
 * new mapping must not race with the old one: weft forgets the shadow on munmap and on mmap. The
 * threads run in turn (relaxed-atomic steps, invisible to weft). Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: done
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>

#define LEN (64 * 1024)

static atomic_int step;
static _Atomic(char *) where;
static void step_set(int v) { atomic_store_explicit(&step, v, memory_order_relaxed); }
static void step_wait(int v)
{
	while (atomic_load_explicit(&step, memory_order_relaxed) < v)
		sched_yield();
}

static void fill(char *p, char v)
{
	for (long i = 0; i < LEN; i += 8)
		*(long *)(p + i) = v + i;
}

static void *first(void *arg)
{
	char *p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return arg;
	fill(p, 1);
	atomic_store_explicit(&where, p, memory_order_relaxed);
	munmap(p, LEN);
	step_set(1);
	return arg;
}

static int same;

static void *second(void *arg)
{
	step_wait(1);
	char *hint = atomic_load_explicit(&where, memory_order_relaxed);
	char *p = mmap(hint, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return arg;
	same = p == hint;
	fill(p, 2);
	munmap(p, LEN);
	return arg;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, first, NULL);
	pthread_create(&b, NULL, second, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	puts("done");
	return 0;
}
