/* thread.c - the thread registry (rules in thread.h). */
#include "thread.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stack.h"

/* Registry: an append-only array of pointers in reserved address space. 2^20 threads over the
 * life of a process is far beyond what the O(threads) vector clocks serve well anyway. */
#define MAX_THREADS (1u << 20)

RT_TLS struct wthr *rt_cur;
static struct wthr **threads;
static volatile int nthreads;
static rt_spin reg_lock;
static volatile int reg_full;

static struct wthr *thread_alloc(int parent)
{
	rt_spin_lock(&reg_lock);
	if (!threads) {
		threads = rt_mmap(MAX_THREADS * sizeof *threads);
		RT_CHECK(threads != NULL, 0, 0);
	}
	if ((unsigned)nthreads >= MAX_THREADS) {
		if (!reg_full)
			rt_printf("more than %u threads: not tracking new ones\n", MAX_THREADS);
		reg_full = 1;
		rt_spin_unlock(&reg_lock);
		return NULL;
	}
	struct wthr *t = rt_alloc(sizeof *t);
	t->id = nthreads;
	t->parent = parent;
	vc_tick(&t->clock, (uint32_t)t->id);
	__atomic_store_n(&threads[t->id], t, __ATOMIC_RELEASE);
	__atomic_store_n(&nthreads, nthreads + 1, __ATOMIC_RELEASE);
	rt_spin_unlock(&reg_lock);
	return t;
}

struct wthr *thread_new(int parent) { return thread_alloc(parent); }

void thread_bind(struct wthr *t)
{
	t->tid = (pid_t)syscall(SYS_gettid);
	t->self = pthread_self();
	__atomic_store_n(&t->handle_known, true, __ATOMIC_RELEASE);
	t->started = true;
	rt_cur = t;
}

/* An unknown thread's first event. If it is also the first thread weft sees at all, it is the main
 * thread (id 0) when it is the process's initial thread. */
static struct wthr dummy_thread; /* used when the registry is full: events are then not modelled */

struct wthr *thread_register_current(void)
{
	int e = errno;
	rt_ensure_init();
	if (rt_cur) {
		errno = e;
		return rt_cur;
	}
	rt_guard++;
	struct wthr *t = thread_alloc(-1);
	rt_guard--;
	if (!t)
		t = &dummy_thread;
	else
		thread_bind(t);
	rt_cur = t;
	errno = e;
	return t;
}

void thread_set_handle(struct wthr *t, pthread_t p)
{
	t->self = p;
	__atomic_store_n(&t->handle_known, true, __ATOMIC_RELEASE);
}

struct wthr *thread_by_id(int id)
{
	if (id < 0 || id >= nthreads)
		return NULL;
	return __atomic_load_n(&threads[id], __ATOMIC_ACQUIRE);
}

struct wthr *thread_by_pthread(pthread_t p)
{
	/* newest first: joins usually concern recent threads; a finished, joined thread's pthread_t
	 * may be reused by a newer one, which the newest-first order also gets right */
	for (int i = nthreads - 1; i >= 0; i--) {
		struct wthr *t = thread_by_id(i);
		if (t && t->handle_known && pthread_equal(t->self, p))
			return t;
	}
	return NULL;
}

int thread_count(void) { return nthreads; }

void thread_after_fork_child(void)
{
	struct wthr *me = rt_cur;
	for (int i = 0; i < nthreads; i++) {
		struct wthr *t = thread_by_id(i);
		if (t && t != me && !t->finished) {
			t->finished = true;
			t->wait_kind = WAIT_NONE;
		}
	}
	if (me)
		me->tid = (pid_t)syscall(SYS_gettid);
}

struct held *thread_held_grow(struct wthr *t)
{
	uint32_t cap = t->held_cap ? t->held_cap * 2 : 8;
	struct held *h = rt_alloc(cap * sizeof *h);
	if (t->nheld)
		memcpy(h, t->held, t->nheld * sizeof *h);
	/* the old array is not freed: the deadlock watchdog may be reading it */
	__atomic_store_n(&t->held, h, __ATOMIC_RELEASE);
	t->held_cap = cap;
	return thread_held_push(t);
}
