/* sync.c - hooks for condition variables, semaphores, barriers, once and thread life cycles,
 * following the happens-before rules of hb.h. */
#include "sync.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "finding.h"
#include "lock.h"
#include "rt.h"
#include "stack.h"
#include "trace_rt.h"

/* ---- condition variables ---- */

struct wcond *cond_get(void *addr, int kind)
{
	return (struct wcond *)obj_get((uintptr_t)addr, kind, false, NULL);
}

void cond_post_init(void *addr, int kind, int ret, bool shared)
{
	struct wobj *o = ret == 0 ? obj_get((uintptr_t)addr, kind, true, NULL) : NULL;
	if (o)
		o->shared = shared;
}

void cond_pre_destroy(void *addr, int kind)
{
	struct wobj *o = obj_peek((uintptr_t)addr);
	if (!o || o->kind != kind || o->destroyed)
		return;
	struct wcond *c = (struct wcond *)o;
	if (c->nwaiters > 0)
		finding_misuse("destroy-in-use", -1, -1, "condition variable destroyed while %d thread%s wait%s on it",
			       c->nwaiters, c->nwaiters > 1 ? "s" : "", c->nwaiters > 1 ? "" : "s");
	o->destroyed = true;
}

bool cond_pre_wait(struct wthr *t, struct wcond *c, struct wlock *m, bool timed, uintptr_t pc)
{
	struct held *mh = m ? thread_held_find(t, m) : NULL;
	bool held = mh && !mh->read;
	if (m && !held)
		finding_misuse("cond-wait-unlocked", m->o.id, lock_holder(m),
			       "thread T%d waits on a condition variable with mutex M%d, which it does not hold",
			       t->id, m->o.id);
	struct wlock *other = c->mutex;
	if (m && c->nwaiters > 0 && other && other != m) {
		/* the other side: a thread waiting on c now (with the other mutex) */
		struct misuse_info mi = {.lock = other->o.id, .lock2 = m->o.id, .other_thread = -1, .held_thread = -1,
					 .held_role = "blocked"};
		for (int i = thread_count() - 1; i >= 0; i--) {
			struct wthr *u = thread_by_id(i);
			if (u && u != t && u->wait_obj == c && (u->wait_kind & WAIT_KIND_MASK) == WAIT_COND) {
				mi.held_pc = u->wait_pc;
				mi.held_thread = u->id;
				break;
			}
		}
		finding_misuse_ex("cond-two-mutexes", &mi, "condition variable used with two mutexes at once: M%d and M%d",
				  other->o.id, m->o.id);
	}
	c->mutex = m;
	__atomic_add_fetch(&c->nwaiters, 1, __ATOMIC_RELAXED);
	trace_ev(t, TRACE_COND_WAIT, (uint32_t)c->o.id, timed ? TRACE_F_TIMED : 0, 0);
	if (held)
		lock_model_release(t, m);
	thread_wait_begin(t, (c->o.kind == OBJ_C11_COND ? WAIT_C11_COND : WAIT_COND) | (timed ? WAIT_TIMED : 0), c, pc);
	return held;
}

void cond_post_wait(struct wthr *t, struct wcond *c, struct wlock *m, bool released, int ret, uintptr_t pc)
{
	thread_wait_end(t);
	if (__atomic_sub_fetch(&c->nwaiters, 1, __ATOMIC_RELAXED) == 0)
		c->mutex = NULL;
	if (ret == 0)
		hb_acquire(t, &c->hb);
	trace_ev(t, TRACE_COND_WAKE, (uint32_t)c->o.id, ret ? TRACE_F_FAILED : 0, 0);
	/* whatever the mutex's state before (even a misuse), the wait returns with it held */
	if (m && (released || ((ret == 0 || ret == ETIMEDOUT) && !thread_held_find(t, m))))
		lock_model_reacquire(t, m, pc);
}

void cond_pre_signal(struct wthr *t, struct wcond *c, bool broadcast)
{
	hb_release(t, &c->hb);
	trace_ev(t, broadcast ? TRACE_BROADCAST : TRACE_SIGNAL, (uint32_t)c->o.id, 0, 0);
}

/* ---- semaphores ---- */

struct wsem *sem_get(void *addr) { return (struct wsem *)obj_get((uintptr_t)addr, OBJ_SEM, false, NULL); }

void sem_post_init(void *addr, bool shared, unsigned value, int ret)
{
	if (ret != 0)
		return;
	struct wsem *s = (struct wsem *)obj_get((uintptr_t)addr, OBJ_SEM, true, NULL);
	if (s) {
		s->init_value = value > INT32_MAX ? INT32_MAX : (int)value;
		s->o.shared = shared;
	}
}

void sem_mark_shared(void *addr)
{
	struct wsem *s = sem_get(addr);
	if (s)
		s->o.shared = true;
}

/* Permits: a thread that took one (sem_wait) and gives it back (sem_post) uses the semaphore as a
 * counting lock; the lock-order analysis may then count on its bound (lockgraph.h). */
static void permit_take(struct wthr *t, struct wsem *s)
{
	if (t->npermits == t->permits_cap) {
		uint32_t cap = t->permits_cap ? t->permits_cap * 2 : 4;
		struct wsem **p = rt_alloc(cap * sizeof *p);
		if (t->npermits)
			memcpy(p, t->permits, t->npermits * sizeof *p);
		rt_free(t->permits, t->permits_cap * sizeof *p);
		t->permits = p;
		t->permits_cap = cap;
	}
	t->permits[t->npermits++] = s;
}

static bool permit_give(struct wthr *t, struct wsem *s)
{
	for (uint32_t i = t->npermits; i-- > 0;) {
		if (t->permits[i] == s) {
			memmove(&t->permits[i], &t->permits[i + 1], (t->npermits - i - 1) * sizeof *t->permits);
			t->npermits--;
			return true;
		}
	}
	return false;
}

void sem_pre_destroy(void *addr)
{
	struct wobj *o = obj_peek((uintptr_t)addr);
	if (!o || o->kind != OBJ_SEM || o->destroyed)
		return;
	struct wsem *s = (struct wsem *)o;
	if (s->nwaiters > 0)
		finding_misuse("destroy-in-use", -1, -1, "semaphore destroyed while %d thread%s wait%s on it",
			       s->nwaiters, s->nwaiters > 1 ? "s" : "", s->nwaiters > 1 ? "" : "s");
	o->destroyed = true;
}

void sem_pre_wait(struct wthr *t, struct wsem *s, bool try, bool timed, uintptr_t pc)
{
	if (try)
		return;
	__atomic_add_fetch(&s->nwaiters, 1, __ATOMIC_RELAXED);
	thread_wait_begin(t, WAIT_SEM | (timed ? WAIT_TIMED : 0), s, pc);
}

void sem_post_wait(struct wthr *t, struct wsem *s, bool try, int ret)
{
	if (!try) {
		thread_wait_end(t);
		__atomic_sub_fetch(&s->nwaiters, 1, __ATOMIC_RELAXED);
	}
	if (ret == 0) {
		hb_acquire(t, &s->hb);
		trace_ev(t, TRACE_SEM_WAIT, (uint32_t)s->o.id, 0, 0);
		if (!s->signal_use && s->init_value > 0)
			permit_take(t, s);
	}
}

void sem_pre_post(struct wthr *t, struct wsem *s)
{
	if (!permit_give(t, s))
		s->signal_use = true;
	hb_release(t, &s->hb);
	trace_ev(t, TRACE_SEM_POST, (uint32_t)s->o.id, 0, 0);
}

void sem_post_post(struct wthr *t, struct wsem *s, int ret, int err)
{
	if (ret != 0 && err == EOVERFLOW)
		finding_misuse("sem-overflow", -1, -1, "sem_post beyond SEM_VALUE_MAX (EOVERFLOW)");
}

/* ---- barriers ---- */

void barrier_pre_init(void *addr, unsigned count)
{
	struct wobj *o = obj_peek((uintptr_t)addr);
	if (count == 0)
		finding_misuse("barrier-misuse", -1, -1, "barrier initialised with a count of 0");
	else if (o && o->kind == OBJ_BARRIER && !o->destroyed && ((struct wbarrier *)o)->nwaiters > 0)
		finding_misuse("barrier-misuse", -1, -1, "barrier initialised again while threads wait on it");
}

void barrier_post_init(void *addr, unsigned count, int ret, bool shared)
{
	if (ret != 0)
		return;
	struct wbarrier *b = (struct wbarrier *)obj_get((uintptr_t)addr, OBJ_BARRIER, true, NULL);
	if (b) {
		b->count = count;
		b->o.shared = shared;
	}
}

void barrier_pre_destroy(void *addr)
{
	struct wobj *o = obj_peek((uintptr_t)addr);
	if (!o || o->kind != OBJ_BARRIER || o->destroyed)
		return;
	struct wbarrier *b = (struct wbarrier *)o;
	if (b->nwaiters > 0)
		finding_misuse("destroy-in-use", -1, -1, "barrier destroyed while %d thread%s wait%s on it",
			       b->nwaiters, b->nwaiters > 1 ? "s" : "", b->nwaiters > 1 ? "" : "s");
	o->destroyed = true;
}

struct wbarrier *barrier_pre_wait(struct wthr *t, void *addr, uintptr_t pc)
{
	struct wbarrier *b = (struct wbarrier *)obj_get((uintptr_t)addr, OBJ_BARRIER, false, NULL);
	if (!b)
		return NULL;
	hb_release(t, &b->hb);
	trace_ev(t, TRACE_BARRIER_ARRIVE, (uint32_t)b->o.id, 0, 0);
	__atomic_add_fetch(&b->nwaiters, 1, __ATOMIC_RELAXED);
	thread_wait_begin(t, WAIT_BARRIER, b, pc);
	return b;
}

void barrier_post_wait(struct wthr *t, struct wbarrier *b)
{
	thread_wait_end(t);
	__atomic_sub_fetch(&b->nwaiters, 1, __ATOMIC_RELAXED);
	hb_acquire(t, &b->hb);
	trace_ev(t, TRACE_BARRIER_LEAVE, (uint32_t)b->o.id, 0, 0);
}

/* ---- once ---- */

struct wonce *once_get(void *addr) { return (struct wonce *)obj_get((uintptr_t)addr, OBJ_ONCE, false, NULL); }
void once_init_done(struct wthr *t, struct wonce *o)
{
	hb_release(t, &o->hb);
	trace_ev(t, TRACE_ONCE_DONE, (uint32_t)o->o.id, 0, 0);
}

void once_post(struct wthr *t, struct wonce *o)
{
	hb_acquire(t, &o->hb);
	trace_ev(t, TRACE_ONCE_PASS, (uint32_t)o->o.id, 0, 0);
}

/* ---- threads ---- */

struct thread_start *thread_pre_create(struct wthr *parent)
{
	struct wthr *child = thread_new(parent->id);
	if (!child)
		return NULL;
	child->created_stack = stack_capture();
	struct thread_start *s = rt_alloc(sizeof *s);
	s->child = child;
	vc_copy(&s->parent_clock, &parent->clock);
	trace_ev(parent, TRACE_CREATE, (uint32_t)child->id, 0, 0);
	hb_tick(parent);
	return s;
}

void thread_post_create(struct wthr *parent, struct thread_start *s, int ret)
{
	if (ret != 0) {
		s->child->finished = true; /* the id stays used; the thread never existed */
		vc_free(&s->parent_clock);
		rt_free(s, sizeof *s);
	}
}

void thread_started(struct thread_start *s)
{
	thread_bind(s->child);
	hb_thread_start(s->child, &s->parent_clock);
	vc_free(&s->parent_clock);
	trace_ev(s->child, TRACE_START, (uint32_t)s->child->parent, 0, 0);
}

void thread_finished(struct wthr *t)
{
	if (t->finished)
		return;
	if (t->nheld > 0 && t->id != 0) {
		char buf[120];
		int n = 0;
		for (uint32_t i = 0; i < t->nheld && n < (int)sizeof buf - 12; i++)
			n += snprintf(buf + n, sizeof buf - (size_t)n, "%sM%d", i ? ", " : "", t->held[i].lock->o.id);
		struct misuse_info mi = {.lock = t->held[0].lock->o.id, .other_thread = -1,
					 .held_pc = t->held[0].pc, .held_thread = -1};
		finding_misuse_ex("exit-holding-locks", &mi, "thread T%d ended while holding %u lock%s: %s", t->id,
				  t->nheld, t->nheld > 1 ? "s" : "", buf);
	}
	trace_ev(t, TRACE_EXIT, 0, 0, 0);
	if (t->tid == (pid_t)syscall(SYS_gettid))
		prctl(PR_GET_NAME, t->name, 0, 0, 0);   /* the report may be written after it is gone */
	hb_release_always(t, &t->exit_sync);
	__atomic_store_n(&t->finished, true, __ATOMIC_RELEASE);
}

int thread_pre_join(struct wthr *t, pthread_t target, struct wthr **target_out, bool try, bool timed, uintptr_t pc)
{
	*target_out = NULL;
	if (pthread_equal(target, pthread_self())) {
		finding_misuse("join-self", -1, -1, "thread T%d joins itself", t->id);
		return 0; /* glibc answers EDEADLK */
	}
	struct wthr *u = thread_by_pthread(target);
	if (!u)
		return 0;
	if (u->joined) {
		finding_misuse("join-twice", -1, u->id, "thread T%d joins thread T%d, which was already joined", t->id, u->id);
		return ESRCH; /* the real join would use freed thread state */
	}
	if (u->detached) {
		finding_misuse("join-detached", -1, u->id, "thread T%d joins thread T%d, which is detached", t->id, u->id);
		return EINVAL;
	}
	*target_out = u;
	if (!try)
		thread_wait_begin(t, WAIT_JOIN | (timed ? WAIT_TIMED : 0), u, pc);
	return 0;
}

void thread_post_join(struct wthr *t, struct wthr *u, bool try, int ret)
{
	if (!u)
		return;
	if (!try)
		thread_wait_end(t);
	if (ret == 0) {
		u->joined = true;
		hb_acquire_always(t, &u->exit_sync);
		trace_ev(t, TRACE_JOIN, (uint32_t)u->id, 0, 0);
	}
}

void thread_pre_detach(struct wthr *t, pthread_t target)
{
	struct wthr *u = thread_by_pthread(target);
	if (!u)
		return;
	if (u->detached || u->joined)
		finding_misuse("detach-twice", -1, u->id, "thread T%d detaches thread T%d, which is already %s", t->id,
			       u->id, u->joined ? "joined" : "detached");
	u->detached = true;
}
