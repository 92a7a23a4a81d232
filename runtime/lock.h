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
		if (likely(c->o.kind == kind && !c->o.destroyed))
			return c;
	}
	return lock_get_slow(addr, kind);
}
void lock_post_init(void *addr, int kind, int ret);        /* after a successful init */
void lock_pre_init(void *addr, int kind);                   /* misuse: re-init of a locked lock */
void lock_pre_destroy(void *addr, int kind);                /* misuse: destroy while locked */
/* Before a possibly blocking acquisition (try == false) or a try; write: exclusive mode. */
void lock_pre_acquire(struct wthr *t, struct wlock *l, bool write, bool try, bool timed, uintptr_t pc);
/* After it; ret is the real function's result (0 = acquired). */
void lock_post_acquire(struct wthr *t, struct wlock *l, bool write, bool try, int ret, uintptr_t pc);
/* Before the real unlock. */
void lock_pre_release(struct wthr *t, struct wlock *l, uintptr_t pc);
/* For condition variables: the wait releases and re-acquires the mutex inside libc. */
void lock_model_release(struct wthr *t, struct wlock *l);
void lock_model_reacquire(struct wthr *t, struct wlock *l, uintptr_t pc);

#endif
