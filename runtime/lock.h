/* lock.h - hooks for locks: mutexes (all types), rwlocks, spinlocks and C11 mutexes.
 * Interceptors call them around the real function; names say when they run (DRD style).
 * They implement the happens-before rules (hb.h), the held-lock lists, lock-order edges,
 * self-deadlock detection and lock misuse checks. */
#ifndef WEFT_LOCK_H
#define WEFT_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "obj.h"
#include "thread.h"
#include "trace_rt.h"

/* Record for the lock at addr, created on first use (kind OBJ_MUTEX/RWLOCK/SPIN/C11_MUTEX).
 * A small per-thread cache of recent records answers the common case inline, without a table
 * probe; a cached record that was destroyed (or is of another kind) is looked up again. */
#define LOCK_CACHE 16
struct lock_cache_entry {
	uintptr_t addr;
	struct wlock *l;
};
extern RT_TLS struct lock_cache_entry lock_cache[LOCK_CACHE];
struct wlock *lock_get_slow(void *addr, int kind);
static inline struct wlock *lock_get(void *addr, int kind)
{
	struct lock_cache_entry *e = &lock_cache[((uintptr_t)addr >> 4) & (LOCK_CACHE - 1)];
	if (likely(e->addr == (uintptr_t)addr)) {
		struct wlock *c = e->l;
		/* kind and destroyed are adjacent bytes: one compare for "this kind, not destroyed" */
		uint16_t kd;
		__builtin_memcpy(&kd, &c->o.kind, sizeof kd);
		if (likely(kd == (uint16_t)kind))
			return c;
	}
	return lock_get_slow(addr, kind);
}
void lock_post_init(void *addr, int kind, int ret, bool shared); /* after a successful init */
void lock_pre_init(void *addr, int kind);                   /* misuse: re-init of a locked lock */
void lock_pre_destroy(void *addr, int kind);                /* misuse: destroy while locked */
/* The three hooks on every lock and unlock. Each has an inline fast path for the common case (a
 * mutex or spinlock taken and released by one thread, not recursively, no other lock held, no
 * clocks or trace kept) and a general out-of-line version; both do the same thing. */
void lock_pre_acquire_slow(struct wthr *t, struct wlock *l, bool write, bool try, bool timed, uintptr_t pc);
void lock_post_acquire_slow(struct wthr *t, struct wlock *l, bool write, bool try, int ret, uintptr_t pc);
void lock_pre_release_slow(struct wthr *t, struct wlock *l, uintptr_t pc);

static inline int lock_wait_kind(const struct wlock *l, bool write)
{
	switch (l->o.kind) {
	case OBJ_RWLOCK: return write ? WAIT_RWLOCK_WR : WAIT_RWLOCK_RD;
	case OBJ_SPIN: return WAIT_SPIN;
	case OBJ_C11_MUTEX: return WAIT_C11_MUTEX;
	default: return WAIT_MUTEX;
	}
}

/* Ownership: each thread's list of held locks (thread.h) is the truth, kept by the thread alone, so
 * the common case writes nothing that other threads read: the only cache line the threads taking
 * turns on a lock share is the lock itself. The record's owner and depth fields are kept as well
 * only while some analysis needs them from other threads (rt_slow: the explore scheduler), and
 * lock_holder() finds a holder by looking at every thread's list. */
int lock_holder(const struct wlock *l);     /* thread id holding l for writing, -1 if none */

/* Before a possibly blocking acquisition (try == false) or a try; write: exclusive mode. */
static inline void lock_pre_acquire(struct wthr *t, struct wlock *l, bool write, bool try, bool timed, uintptr_t pc)
{
	if (try)
		return;
	if (likely(t->nheld == 0 && !rt_slow)) {
		thread_wait_begin(t, lock_wait_kind(l, write) | (timed ? WAIT_TIMED : 0), l, pc);
		return;
	}
	lock_pre_acquire_slow(t, l, write, try, timed, pc);
}

/* After it; ret is the real function's result (0 = acquired). */
static inline void lock_post_acquire(struct wthr *t, struct wlock *l, bool write, bool try, int ret, uintptr_t pc)
{
	if (!try)
		thread_wait_end(t);
	if (likely(ret == 0 && write && l->o.kind != OBJ_RWLOCK && t->nheld == 0 && !rt_slow)) {
		struct held *h = thread_held_push(t);
		h->lock = l;
		h->pc = pc;
		h->depth = 1;
		return;
	}
	lock_post_acquire_slow(t, l, write, try, ret, pc);
}

/* The unlock of the common case (the thread's innermost lock, a mutex or spinlock held once, taken
 * for writing): lock_release_fast() says whether it applies and then models it, before the real
 * unlock, touching only the thread's own list. Otherwise lock_pre_release() does the general work. */
static inline bool lock_release_fast(struct wthr *t, const struct wlock *l)
{
	if (likely(t->nheld > 0 && !rt_slow)) {
		const struct held *h = &t->held[t->nheld - 1];
		if (likely(h->lock == l && h->depth == 1 && !h->read && l->o.kind != OBJ_RWLOCK)) {
			t->nheld--;
			return true;
		}
	}
	return false;
}

/* Before the real unlock. */
static inline void lock_pre_release(struct wthr *t, struct wlock *l, uintptr_t pc)
{
	if (!lock_release_fast(t, l))
		lock_pre_release_slow(t, l, pc);
}

/* For condition variables: the wait releases and re-acquires the mutex inside libc. */
void lock_model_release(struct wthr *t, struct wlock *l);
void lock_model_reacquire(struct wthr *t, struct wlock *l, uintptr_t pc);

#endif
