/* thread.h - weft's view of the program's threads.
 *
 * Every thread gets a small integer id (0 = main thread, then in order of creation or of first
 * sight) that indexes vector clocks and names the thread in reports. A thread's state lives in a
 * struct wthr reached through a TLS pointer; threads that weft did not see being created (made
 * before the runtime started, or by clone) are registered on their first event. Ids are never
 * reused. The registry is append-only: entries stay valid forever (reports refer to them).
 */
#ifndef WEFT_THREAD_H
#define WEFT_THREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "rt.h"
#include "vc.h"
#include "hb.h"

struct wlock;

/* A lock held by a thread. */
struct held {
	struct wlock *lock;
	uintptr_t pc;        /* call site of the acquisition (return address of the interceptor) */
	uint32_t stack;      /* full acquisition stack when captured, else 0 */
	uint8_t read;        /* held in read mode (rwlock) */
	uint32_t depth;      /* recursion depth for recursive mutexes */
};

/* What a thread is blocked in (set before a possibly blocking call, cleared after). */
enum wait_kind {
	WAIT_NONE = 0,
	WAIT_MUTEX, WAIT_RWLOCK_RD, WAIT_RWLOCK_WR, WAIT_SPIN, WAIT_COND, WAIT_SEM, WAIT_BARRIER,
	WAIT_JOIN, WAIT_ONCE, WAIT_C11_MUTEX, WAIT_C11_COND, WAIT_C11_JOIN,
	WAIT_KIND_MASK = 0xff,
	WAIT_TIMED = 0x100,       /* or-ed in: the wait has a timeout, so it is not a deadlock */
};

struct wthr {
	int id;
	int parent;              /* -1: main or unknown */
	pid_t tid;
	pthread_t self;
	uint32_t created_stack;  /* 0: none */
	struct vc clock;         /* this thread's vector clock (its own entry changes only in hb_tick) */
	uint64_t *epoch_mirror;  /* epoch_mirror_n words whose low 32 bits hb_tick keeps equal to the own */
	uint32_t epoch_mirror_n; /* entry (the race detector's hot path: race.h, race_thr.tidep) */
	struct hb_sync exit_sync;/* released when the thread ends; joiners acquire it */

	/* locks held, in acquisition order (growable, no fixed limit) */
	struct held *held;
	uint32_t nheld, held_cap;

	/* semaphore permits taken (sem_wait) and not yet given back (sem_post) by this thread */
	struct wsem **permits;
	uint32_t npermits, permits_cap;

	/* blocking state, read by the deadlock watchdog */
	volatile int wait_kind;       /* enum wait_kind */
	void *volatile wait_obj;      /* struct wlock* / struct wobj* / struct wthr* */
	volatile uintptr_t wait_pc;
	volatile uint64_t wait_seq;   /* bumped at every wait begun */
	volatile uint32_t blocked_stack;   /* captured on request of the watchdog */
	volatile int stack_request;

	/* life cycle */
	volatile bool detached, joined, finished, started, handle_known;
	void *volatile trace;          /* trace ring (trace_rt.c), NULL when not tracing */
	char name[16];                 /* the thread's name when it ended (prctl PR_GET_NAME) */
};

extern RT_TLS struct wthr *rt_cur;

struct wthr *thread_register_current(void);     /* first event of an unknown thread */
static inline struct wthr *rt_thread(void)
{
	struct wthr *t = rt_cur;
	return likely(t != NULL) ? t : thread_register_current();
}
struct wthr *thread_new(int parent);            /* for pthread_create: id assigned now */
void thread_bind(struct wthr *t);               /* first thing the new thread does */
void thread_set_handle(struct wthr *t, pthread_t p); /* the creator learns the new thread's handle */
struct wthr *thread_by_id(int id);
struct wthr *thread_by_pthread(pthread_t p);    /* NULL when unknown */
int thread_count(void);                         /* ids handed out so far */
void thread_after_fork_child(void);             /* only the calling thread survives */

/* Held-lock list (inline: on every lock and unlock). */
struct held *thread_held_grow(struct wthr *t);
static inline struct held *thread_held_push(struct wthr *t)
{
	if (unlikely(t->nheld == t->held_cap))
		return thread_held_grow(t);
	struct held *h = &t->held[t->nheld++];
	*h = (struct held){0};
	return h;
}
static inline struct held *thread_held_find(struct wthr *t, const struct wlock *l)
{
	for (uint32_t i = t->nheld; i-- > 0;)
		if (t->held[i].lock == l)
			return &t->held[i];
	return NULL;
}
static inline void thread_held_remove(struct wthr *t, struct held *h)
{
	uint32_t i = (uint32_t)(h - t->held);
	if (i + 1 < t->nheld) /* not the innermost: keep acquisition order */
		__builtin_memmove(h, h + 1, (t->nheld - i - 1) * sizeof *h);
	t->nheld--;
}

/* Blocking state for the watchdog. */
static inline void thread_wait_begin(struct wthr *t, int kind, void *obj, uintptr_t pc)
{
	t->wait_obj = obj;
	t->wait_pc = pc;
	__atomic_store_n(&t->wait_kind, kind, __ATOMIC_RELEASE);
	/* only the thread itself writes its wait_seq: a plain increment published by a release store */
	__atomic_store_n(&t->wait_seq, t->wait_seq + 1, __ATOMIC_RELEASE);
}
/* wait_seq changes at every wait begun, which is all the watchdog needs to tell a thread that
 * stayed in one wait from one that went on and waits again */
static inline void thread_wait_end(struct wthr *t)
{
	__atomic_store_n(&t->wait_kind, WAIT_NONE, __ATOMIC_RELEASE);
}

#endif
