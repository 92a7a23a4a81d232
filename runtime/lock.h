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

/* Before a possibly blocking acquisition (try == false) or a try; write: exclusive mode. */
static inline void lock_pre_acquire(struct wthr *t, struct wlock *l, bool write, bool try, bool timed, uintptr_t pc)
{
	if (try)
		return;
	if (likely(l->owner != t->id && l->o.kind != OBJ_RWLOCK)) {
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
	if (likely(ret == 0 && write && l->owner != t->id && l->o.kind != OBJ_RWLOCK && t->nheld == 0 &&
		   !rt_slow)) {
		struct held *h = thread_held_push(t);
		h->lock = l;
		h->pc = pc;
		h->depth = 1;
		l->owner = t->id;
		l->depth = 1;
		return;
	}
	lock_post_acquire_slow(t, l, write, try, ret, pc);
}

/* Before the real unlock. */
static inline void lock_pre_release(struct wthr *t, struct wlock *l, uintptr_t pc)
{
	if (likely(l->owner == t->id && l->depth == 1 && l->o.kind != OBJ_RWLOCK && t->nheld > 0 &&
		   t->held[t->nheld - 1].lock == l && !rt_slow)) {
		l->owner = -1;
		l->depth = 0;
		t->nheld--;
		return;
	}
	lock_pre_release_slow(t, l, pc);
}
/* For condition variables: the wait releases and re-acquires the mutex inside libc. */
void lock_model_release(struct wthr *t, struct wlock *l);
void lock_model_reacquire(struct wthr *t, struct wlock *l, uintptr_t pc);

#endif
