/* race_use_after_free.c - a thread frees a block while another thread still reads it, with no
 * synchronization between the free and the read: weft treats free() as a write to the block, so the
 * late read races with the free. The threads run in turn (relaxed-atomic steps, invisible to weft);
 * nothing is allocated between the free and the read, so the memory is not reused meanwhile.
 *
 * weft: run preload
 * expect: data-race function=owner function=reader threads=2
 * expect-exit: 66
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct msg {
	long id;
	long payload[7];
};

static struct msg *shared;
static atomic_int step;
static void step_set(int v) { atomic_store_explicit(&step, v, memory_order_relaxed); }
static void step_wait(int v)
{
	while (atomic_load_explicit(&step, memory_order_relaxed) < v)
		sched_yield();
}

static void *owner(void *arg)
{
	struct msg *m = malloc(sizeof *m);
	m->id = 7;
	atomic_store_explicit((_Atomic(struct msg *) *)&shared, m, memory_order_relaxed);
	step_set(1);
	step_wait(2);
	free(m);                       /* the reader is not ordered after this */
	step_set(3);
	return arg;
}

long seen;     /* not static: the compiler must keep the read */

static void *reader(void *arg)
{
	step_wait(1);
	struct msg *m = atomic_load_explicit((_Atomic(struct msg *) *)&shared, memory_order_relaxed);
	step_set(2);
	step_wait(3);
	seen = m->payload[0];          /* use after free, racing with the free */
	return arg;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, owner, NULL);
	pthread_create(&b, NULL, reader, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	puts("done");
	return 0;
}
