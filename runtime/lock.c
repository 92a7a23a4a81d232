/* lock.c - lock hooks (see lock.h). */
#include "lock.h"

#include <errno.h>
#include <pthread.h>

#include "deadlock.h"
#include "finding.h"
#include "lockgraph.h"
#include "rt.h"
#include "trace_rt.h"

static uint8_t mutex_type_of(void *addr, int kind)
{
	if (kind != OBJ_MUTEX && kind != OBJ_C11_MUTEX)
		return MT_NORMAL;
	/* glibc keeps the type in the low bits of __kind (PTHREAD_MUTEX_KIND_MASK_NP == 3), also for
	 * statically initialised mutexes (PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP ...) */
	return (uint8_t)(((pthread_mutex_t *)addr)->__data.__kind & 3);
}

RT_TLS struct lock_cache_entry lock_cache[LOCK_CACHE];

struct wlock *lock_get_slow(void *addr, int kind)
{
	unsigned ci = ((uintptr_t)addr >> 4) & (LOCK_CACHE - 1);
	bool was_destroyed = false;
	struct wlock *l = (struct wlock *)obj_get((uintptr_t)addr, kind, false, &was_destroyed);
	if (!l)
		return NULL;
	/* a statically initialised mutex: its type is in the mutex itself (write only on change: the
	 * record's cache line is shared by every thread using the lock) */
	if (!l->o.by_init && l->type == MT_NORMAL) {
		uint8_t type = mutex_type_of(addr, kind);
		if (type != MT_NORMAL)
			l->type = type;
	}
	if (was_destroyed)
		finding_misuse("invalid-object", l->o.id, -1, "use of %s M%d after it was destroyed",
			       obj_kind_name(kind), l->o.id);
	lock_cache[ci].addr = (uintptr_t)addr;
	lock_cache[ci].l = l;
	return l;
}

int lock_holder(const struct wlock *l)
{
	int n = thread_count();
	for (int i = 0; i < n; i++) {
		struct wthr *t = thread_by_id(i);
		if (!t || t->finished)
			continue;
		struct held *h = __atomic_load_n(&t->held, __ATOMIC_ACQUIRE);
		uint32_t nh = __atomic_load_n(&t->nheld, __ATOMIC_ACQUIRE);
		for (uint32_t j = 0; j < nh; j++)
			if (h[j].lock == l && !h[j].read)
				return t->id;
	}
	return -1;
}

void lock_pre_init(void *addr, int kind)
{
	struct wobj *o = obj_peek((uintptr_t)addr);
	if (!o || o->kind != kind || o->destroyed)
		return;
	struct wlock *l = (struct wlock *)o;
	int owner = lock_holder(l);
	if (owner >= 0 || l->nreaders > 0)
		finding_misuse("reinit-locked", l->o.id, owner,
			       "%s M%d initialised again while it is locked%s", obj_kind_name(kind), l->o.id,
			       owner >= 0 ? " (held by another thread or this one)" : " (read-locked)");
}

void lock_post_init(void *addr, int kind, int ret, bool shared)
{
	if (ret != 0)
		return;
	struct wlock *l = (struct wlock *)obj_get((uintptr_t)addr, kind, true, NULL);
	if (l) {
		l->type = mutex_type_of(addr, kind);
		l->o.shared = shared;
	}
}

void lock_pre_destroy(void *addr, int kind)
{
	struct wobj *o = obj_peek((uintptr_t)addr);
	if (!o || o->kind != kind)
		return;
	struct wlock *l = (struct wlock *)o;
	if (o->destroyed) {
		finding_misuse("invalid-object", l->o.id, -1, "%s M%d destroyed twice", obj_kind_name(kind), l->o.id);
		return;
	}
	int owner = lock_holder(l);
	if (owner >= 0 || l->nreaders > 0)
		finding_misuse("destroy-locked", l->o.id, owner, "%s M%d destroyed while locked%s",
			       obj_kind_name(kind), l->o.id, owner >= 0 ? "" : " (read-locked)");
	o->destroyed = true;
}

void lock_pre_acquire_slow(struct wthr *t, struct wlock *l, bool write, bool try, bool timed, uintptr_t pc)
{
	if (try)
		return;
	struct held *mine = thread_held_find(t, l);
	if (mine && !mine->read) {
		bool recursive = l->o.kind == OBJ_MUTEX || l->o.kind == OBJ_C11_MUTEX ? l->type == MT_RECURSIVE : false;
		bool errcheck = (l->o.kind == OBJ_MUTEX || l->o.kind == OBJ_C11_MUTEX) && l->type == MT_ERRORCHECK;
		/* glibc returns EDEADLK for errorcheck mutexes and for rwlock re-locks by the writer */
		if (!recursive && !errcheck && l->o.kind != OBJ_RWLOCK && !timed)
			deadlock_self(t, l, pc);
	} else if (write && l->o.kind == OBJ_RWLOCK && !timed && mine) {
		deadlock_self(t, l, pc); /* write lock while holding it for read: waits for itself */
	}
	thread_wait_begin(t, lock_wait_kind(l, write) | (timed ? WAIT_TIMED : 0), l, pc);
}

void lock_post_acquire_slow(struct wthr *t, struct wlock *l, bool write, bool try, int ret, uintptr_t pc)
{
	if (ret != 0) {
		if (ret == EDEADLK)
			finding_misuse("relock-errorcheck", l->o.id, -1,
				       "%s M%d locked again by the thread that holds it (EDEADLK)",
				       obj_kind_name(l->o.kind), l->o.id);
		return;
	}
	if (write && l->type == MT_RECURSIVE) {
		struct held *mine = thread_held_find(t, l);
		if (mine && !mine->read) {
			mine->depth++;
			l->depth = mine->depth;
			return;
		}
	}
	if (!try && t->nheld)
		lockgraph_on_acquire(t, l, !write);
	struct held *h = thread_held_push(t);
	h->lock = l;
	h->pc = pc;
	h->read = !write;
	h->depth = 1;
	trace_ev(t, write ? TRACE_LOCK : TRACE_RDLOCK, (uint32_t)l->o.id, TRACE_F_OBJ_IS_LOCK, 0);
	if (write) {
		l->owner = t->id;
		l->depth = 1;
		hb_acquire_excl(t, &l->hb);
		if (l->o.kind == OBJ_RWLOCK)
			hb_acquire(t, &l->hb_r);
	} else {
		__atomic_add_fetch(&l->nreaders, 1, __ATOMIC_RELAXED);
		hb_acquire_excl(t, &l->hb); /* written only by writers, who exclude readers */
	}
}

void lock_pre_release_slow(struct wthr *t, struct wlock *l, uintptr_t pc)
{
	struct held *h = thread_held_find(t, l);
	if (l->o.kind == OBJ_RWLOCK && h && h->read) {
		trace_ev(t, TRACE_RDUNLOCK, (uint32_t)l->o.id, TRACE_F_OBJ_IS_LOCK, 0);
		hb_release(t, &l->hb_r);
		__atomic_sub_fetch(&l->nreaders, 1, __ATOMIC_RELAXED);
		thread_held_remove(t, h);
		return;
	}
	if (!h || h->read) {
		int owner = lock_holder(l);
		if (owner < 0 && l->nreaders == 0)
			finding_misuse("unlock-unlocked", l->o.id, -1, "unlock of %s M%d, which is not locked",
				       obj_kind_name(l->o.kind), l->o.id);
		else if (owner >= 0) {
			/* the other side: where the owner took it (its held entry is stable while it holds) */
			struct wthr *o = thread_by_id(owner);
			struct held *oh = o ? thread_held_find(o, l) : NULL;
			struct misuse_info mi = {.lock = l->o.id, .other_thread = owner, .held_pc = oh ? oh->pc : 0,
						 .held_thread = owner};
			finding_misuse_ex("unlock-not-owner", &mi, "thread T%d unlocks %s M%d, which thread T%d holds",
					  t->id, obj_kind_name(l->o.kind), l->o.id, owner);
		}
		else
			finding_misuse("unlock-not-owner", l->o.id, -1,
				       "thread T%d unlocks %s M%d, which other threads hold for reading", t->id,
				       obj_kind_name(l->o.kind), l->o.id);
		return;
	}
	if (h->depth > 1) {
		h->depth--;
		l->depth = h->depth;
		return;
	}
	trace_ev(t, TRACE_UNLOCK, (uint32_t)l->o.id, TRACE_F_OBJ_IS_LOCK, 0);
	hb_release_excl(t, &l->hb);
	l->owner = -1;
	l->depth = 0;
	thread_held_remove(t, h);
}

void lock_model_release(struct wthr *t, struct wlock *l)
{
	struct held *h = thread_held_find(t, l);
	if (!h || h->read)
		return;
	trace_ev(t, TRACE_UNLOCK, (uint32_t)l->o.id, TRACE_F_OBJ_IS_LOCK, 0);
	hb_release_excl(t, &l->hb);
	l->owner = -1;
	thread_held_remove(t, h);
}

void lock_model_reacquire(struct wthr *t, struct wlock *l, uintptr_t pc)
{
	struct held *h = thread_held_push(t);
	h->lock = l;
	h->pc = pc;
	h->depth = 1;
	l->owner = t->id;
	l->depth = 1;
	hb_acquire_excl(t, &l->hb);
	trace_ev(t, TRACE_LOCK, (uint32_t)l->o.id, TRACE_F_OBJ_IS_LOCK, 0);
}
