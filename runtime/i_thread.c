/* i_thread.c - interceptors for thread life cycles (pthread and C11) and C11 mutexes. */
#include <pthread.h>
#include <threads.h>

#include "i_common.h"
#include "i_lock.h"
#include "lock.h"
#include "sched.h"
#include "sync.h"

RT_STACK_BOTTOM static void *start_trampoline(void *arg)
{
	struct thread_start *s = arg;
	void *(*fn)(void *) = s->fn;
	void *a = s->arg;
	struct wthr *t = s->child;
	thread_started(s);
	rt_free(s, sizeof *s);
	if (unlikely(rt_sched_on)) /* explore mode: wait for the first turn */
		sched_thread_start(t);
	void *r = fn(a);
	thread_finished(t);
	if (unlikely(rt_sched_on))
		sched_thread_exit(t);
	return r;
}

RT_EXPORT int pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	if (!HOOKS_ON())
		return RF(pthread_create)(th, attr, fn, arg);
	SAVE_ERRNO;
	struct wthr *t = rt_thread();
	if (unlikely(rt_sched_on))
		sched_point(t, OP_CREATE, CALLER_PC);
	struct thread_start *s = thread_pre_create(t);
	if (!s) {
		RESTORE_ERRNO;
		return RF(pthread_create)(th, attr, fn, arg);
	}
	s->fn = fn;
	s->arg = arg;
	int detached = 0;
	if (attr && pthread_attr_getdetachstate(attr, &detached) == 0 && detached == PTHREAD_CREATE_DETACHED)
		s->child->detached = true;
	struct wthr *child = s->child; /* s belongs to the child once it runs */
	if (unlikely(rt_sched_on))
		sched_thread_created(t, child);
	RESTORE_ERRNO;
	int r = RF(pthread_create)(th, attr, start_trampoline, s);
	KEEP_ERRNO;
	if (r == 0) {
		thread_set_handle(child, *th);
	} else {
		if (unlikely(rt_sched_on))
			sched_thread_create_failed(child);
		thread_post_create(t, s, r);
	}
	RESTORE_ERRNO;
	return r;
}

/* Explore mode: the join of a running thread waits in the scheduler's model until the thread has
 * ended (the real join then only waits for the kernel to finish it); a timed join may time out. */
#define JOIN(try, timed, clk, abs, call)                                                   \
	do {                                                                                 \
		if (!HOOKS_ON())                                                             \
			return call;                                                         \
		SAVE_ERRNO;                                                                  \
		struct wthr *t = rt_thread(), *u;                                            \
		int e = thread_pre_join(t, th, &u, try, timed, CALLER_PC);                   \
		RESTORE_ERRNO;                                                               \
		if (e)                                                                       \
			return e;                                                            \
		int r;                                                                       \
		if (unlikely(rt_sched_on) &&                                                 \
		    explore_join(t, u, try, clk, (timed) ? (abs) : NULL, CALLER_PC)) {       \
			r = ETIMEDOUT;                                                       \
		} else {                                                                     \
			r = call;                                                            \
		}                                                                            \
		KEEP_ERRNO;                                                                  \
		thread_post_join(t, u, try, r);                                              \
		RESTORE_ERRNO;                                                               \
		return r;                                                                    \
	} while (0)

/* true: a timed join timed out in the model */
static bool explore_join(struct wthr *t, struct wthr *u, bool try, clockid_t clk, const struct timespec *abs, uintptr_t pc)
{
	if (try || !u) {
		sched_point(t, OP_JOIN, pc);
		return false;
	}
	return sched_join(t, u, clk, abs, pc) == ETIMEDOUT;
}

RT_EXPORT int pthread_join(pthread_t th, void **ret) { JOIN(false, false, CLOCK_REALTIME, NULL, RF(pthread_join)(th, ret)); }
RT_EXPORT int pthread_tryjoin_np(pthread_t th, void **ret) { JOIN(true, false, CLOCK_REALTIME, NULL, RF(pthread_tryjoin_np)(th, ret)); }
RT_EXPORT int pthread_timedjoin_np(pthread_t th, void **ret, const struct timespec *ts)
{ JOIN(false, true, CLOCK_REALTIME, ts, RF(pthread_timedjoin_np)(th, ret, ts)); }
RT_EXPORT int pthread_clockjoin_np(pthread_t th, void **ret, clockid_t c, const struct timespec *ts)
{ JOIN(false, true, c, ts, RF(pthread_clockjoin_np)(th, ret, c, ts)); }

RT_EXPORT int pthread_detach(pthread_t th)
{
	if (!HOOKS_ON())
		return RF(pthread_detach)(th);
	SAVE_ERRNO;
	thread_pre_detach(rt_thread(), th);
	RESTORE_ERRNO;
	return RF(pthread_detach)(th);
}

RT_EXPORT void pthread_exit(void *ret)
{
	if (HOOKS_ON()) {
		thread_finished(rt_thread());
		if (unlikely(rt_sched_on))
			sched_thread_exit(rt_thread());
	}
	RF(pthread_exit)(ret);
	__builtin_unreachable();
}

/* ---- C11 threads: glibc's thrd_* call internal functions, not the pthread symbols ---- */

RT_STACK_BOTTOM static int c11_trampoline(void *arg)
{
	struct thread_start *s = arg;
	int (*fn)(void *) = s->c11_fn;
	void *a = s->arg;
	struct wthr *t = s->child;
	thread_started(s);
	rt_free(s, sizeof *s);
	if (unlikely(rt_sched_on))
		sched_thread_start(t);
	int r = fn(a);
	thread_finished(t);
	if (unlikely(rt_sched_on))
		sched_thread_exit(t);
	return r;
}

RT_EXPORT int thrd_create(thrd_t *th, thrd_start_t fn, void *arg)
{
	if (!HOOKS_ON())
		return RF(thrd_create)(th, fn, arg);
	SAVE_ERRNO;
	struct wthr *t = rt_thread();
	if (unlikely(rt_sched_on))
		sched_point(t, OP_CREATE, CALLER_PC);
	struct thread_start *s = thread_pre_create(t);
	if (!s) {
		RESTORE_ERRNO;
		return RF(thrd_create)(th, fn, arg);
	}
	s->c11_fn = fn;
	s->arg = arg;
	struct wthr *child = s->child;
	if (unlikely(rt_sched_on))
		sched_thread_created(t, child);
	RESTORE_ERRNO;
	int r = RF(thrd_create)(th, c11_trampoline, s);
	KEEP_ERRNO;
	if (r == thrd_success) {
		thread_set_handle(child, (pthread_t)*th);
	} else {
		if (unlikely(rt_sched_on))
			sched_thread_create_failed(child);
		thread_post_create(t, s, -1);
	}
	RESTORE_ERRNO;
	return r;
}

RT_EXPORT int thrd_join(thrd_t th, int *res)
{
	if (!HOOKS_ON())
		return RF(thrd_join)(th, res);
	SAVE_ERRNO;
	struct wthr *t = rt_thread(), *u;
	int e = thread_pre_join(t, (pthread_t)th, &u, false, false, CALLER_PC);
	if (u)
		t->wait_kind = WAIT_C11_JOIN;
	RESTORE_ERRNO;
	if (e)
		return thrd_error;
	if (unlikely(rt_sched_on))
		explore_join(t, u, false, CLOCK_REALTIME, NULL, CALLER_PC);
	int r = RF(thrd_join)(th, res);
	KEEP_ERRNO;
	thread_post_join(t, u, false, r == thrd_success ? 0 : -1);
	RESTORE_ERRNO;
	return r;
}

RT_EXPORT int thrd_detach(thrd_t th)
{
	if (!HOOKS_ON())
		return RF(thrd_detach)(th);
	SAVE_ERRNO;
	thread_pre_detach(rt_thread(), (pthread_t)th);
	RESTORE_ERRNO;
	return RF(thrd_detach)(th);
}

RT_EXPORT void thrd_exit(int res)
{
	if (HOOKS_ON()) {
		thread_finished(rt_thread());
		if (unlikely(rt_sched_on))
			sched_thread_exit(rt_thread());
	}
	RF(thrd_exit)(res);
	__builtin_unreachable();
}

/* C11 mutexes: same model as pthread mutexes (mtx_t holds a pthread mutex in glibc) */
RT_EXPORT int mtx_init(mtx_t *m, int type)
{
	if (!HOOKS_ON())
		return RF(mtx_init)(m, type);
	SAVE_ERRNO;
	rt_thread();
	lock_pre_init(m, OBJ_C11_MUTEX);
	RESTORE_ERRNO;
	int r = RF(mtx_init)(m, type);
	KEEP_ERRNO;
	lock_post_init(m, OBJ_C11_MUTEX, r == thrd_success ? 0 : -1, false);
	RESTORE_ERRNO;
	return r;
}

RT_EXPORT void mtx_destroy(mtx_t *m)
{
	if (HOOKS_ON()) {
		SAVE_ERRNO;
		rt_thread();
		lock_pre_destroy(m, OBJ_C11_MUTEX);
		RESTORE_ERRNO;
	}
	RF(mtx_destroy)(m);
}

#define C11_RESULT(r) ((r) == thrd_success ? 0 : -1)
#define C11_ACQUIRE(try, timed, call) \
	LOCK_ACQUIRE(OBJ_C11_MUTEX, true, try, timed, CLOCK_REALTIME, ts, m, call, thrd_timedout, C11_RESULT)

RT_EXPORT int mtx_lock(mtx_t *m) { const struct timespec *ts = NULL; C11_ACQUIRE(false, false, RF(mtx_lock)(m)); }
RT_EXPORT int mtx_trylock(mtx_t *m) { const struct timespec *ts = NULL; C11_ACQUIRE(true, false, RF(mtx_trylock)(m)); }
RT_EXPORT int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict ts)
{ C11_ACQUIRE(false, true, RF(mtx_timedlock)(m, ts)); }

RT_EXPORT int mtx_unlock(mtx_t *m) { LOCK_RELEASE(OBJ_C11_MUTEX, m, RF(mtx_unlock)(m)); }
