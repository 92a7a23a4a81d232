/* i_cond.c - interceptors for condition variables (the GLIBC_2.3.2 versions, which every program
 * built since 2002 uses; intercept.c resolves them with dlvsym). */
#include <pthread.h>

#include "i_common.h"
#include "lock.h"
#include "sched.h"
#include "sync.h"
#include <threads.h>

/* Explore mode: the wait is emulated (never the real wait while holding the turn): the mutex is
 * released for real, the scheduler keeps the thread blocked until a signal in its model picks it
 * (or, timed, lets it time out), then the mutex is taken again once the model says it is free. */
static int explore_wait(struct wthr *t, struct wcond *wc, struct wlock *wm, void *m, bool c11, bool rel,
			clockid_t clk, const struct timespec *abs, uintptr_t pc)
{
	if (rel) {
		if (c11)
			RF(mtx_unlock)(m);
		else
			RF(pthread_mutex_unlock)(m);
	}
	int e = sched_cond_wait(t, wc, clk, abs, pc);
	if (rel) {
		thread_wait_begin(t, c11 ? WAIT_C11_MUTEX : WAIT_MUTEX, wm, pc);
		sched_lock(t, wm, true, clk, NULL, pc);
		if (c11)
			RF(mtx_lock)(m);
		else
			RF(pthread_mutex_lock)(m);
	}
	return e;
}

#define COND_WAIT(kind, mkind, c, m, timed, clk, abs, call)                              \
	do {                                                                               \
		if (!HOOKS_ON())                                                           \
			return call;                                                       \
		SAVE_ERRNO;                                                                \
		struct wthr *t = rt_thread();                                              \
		struct wcond *wc = cond_get(c, kind);                                      \
		struct wlock *wm = lock_get(m, mkind);                                     \
		uintptr_t pc = CALLER_PC;                                                  \
		bool rel = wc ? cond_pre_wait(t, wc, wm, timed, pc) : false;               \
		int r;                                                                     \
		if (unlikely(rt_sched_on) && wc) {                                         \
			r = explore_wait(t, wc, wm, m, kind == OBJ_C11_COND, rel && wm, clk, \
					 (timed) ? (abs) : NULL, pc);                      \
			if (kind == OBJ_C11_COND)                                          \
				r = r ? thrd_timedout : thrd_success;                      \
		} else {                                                                   \
			RESTORE_ERRNO;                                                     \
			r = call;                                                          \
			KEEP_ERRNO;                                                        \
		}                                                                          \
		if (wc)                                                                    \
			cond_post_wait(t, wc, wm, rel, kind == OBJ_C11_COND ?              \
				       (r == thrd_success ? 0 : r == thrd_timedout ? ETIMEDOUT : -1) : r, pc); \
		RESTORE_ERRNO;                                                             \
		return r;                                                                  \
	} while (0)

#define COND_SIGNAL(kind, c, bcast, call)                                                       \
	do {                                                                               \
		if (!HOOKS_ON())                                                           \
			return call;                                                       \
		SAVE_ERRNO;                                                                \
		struct wthr *t = rt_thread();                                              \
		struct wcond *wc = cond_get(c, kind);                                      \
		if (unlikely(rt_sched_on) && wc)                                           \
			sched_cond_signal(t, wc, bcast, CALLER_PC);                        \
		if (wc)                                                                    \
			cond_pre_signal(t, wc, bcast);                                            \
		RESTORE_ERRNO;                                                             \
		return call;                                                               \
	} while (0)

RT_EXPORT int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	if (!HOOKS_ON())
		return RF(pthread_cond_init)(c, a);
	SAVE_ERRNO;
	rt_thread();
	RESTORE_ERRNO;
	int r = RF(pthread_cond_init)(c, a);
	KEEP_ERRNO;
	int ps = PTHREAD_PROCESS_PRIVATE;
	if (a)
		pthread_condattr_getpshared(a, &ps);
	cond_post_init(c, OBJ_COND, r, ps == PTHREAD_PROCESS_SHARED);
	RESTORE_ERRNO;
	return r;
}

RT_EXPORT int pthread_cond_destroy(pthread_cond_t *c)
{
	if (!HOOKS_ON())
		return RF(pthread_cond_destroy)(c);
	SAVE_ERRNO;
	rt_thread();
	cond_pre_destroy(c, OBJ_COND);
	RESTORE_ERRNO;
	return RF(pthread_cond_destroy)(c);
}

RT_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{ COND_WAIT(OBJ_COND, OBJ_MUTEX, c, m, false, CLOCK_REALTIME, NULL, RF(pthread_cond_wait)(c, m)); }
RT_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *ts)
{ COND_WAIT(OBJ_COND, OBJ_MUTEX, c, m, true, CLOCK_REALTIME, ts, RF(pthread_cond_timedwait)(c, m, ts)); }
RT_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk, const struct timespec *ts)
{ COND_WAIT(OBJ_COND, OBJ_MUTEX, c, m, true, clk, ts, RF(pthread_cond_clockwait)(c, m, clk, ts)); }
RT_EXPORT int pthread_cond_signal(pthread_cond_t *c)
{ COND_SIGNAL(OBJ_COND, c, false, RF(pthread_cond_signal)(c)); }
RT_EXPORT int pthread_cond_broadcast(pthread_cond_t *c)
{ COND_SIGNAL(OBJ_COND, c, true, RF(pthread_cond_broadcast)(c)); }

/* C11 condition variables (glibc implements them without going through the symbols above) */
#include <threads.h>
RT_EXPORT int cnd_init(cnd_t *c)
{
	if (!HOOKS_ON())
		return RF(cnd_init)(c);
	SAVE_ERRNO;
	rt_thread();
	RESTORE_ERRNO;
	int r = RF(cnd_init)(c);
	KEEP_ERRNO;
	cond_post_init(c, OBJ_C11_COND, r == thrd_success ? 0 : -1, false);
	RESTORE_ERRNO;
	return r;
}

RT_EXPORT void cnd_destroy(cnd_t *c)
{
	if (HOOKS_ON()) {
		SAVE_ERRNO;
		rt_thread();
		cond_pre_destroy(c, OBJ_C11_COND);
		RESTORE_ERRNO;
	}
	RF(cnd_destroy)(c);
}

RT_EXPORT int cnd_wait(cnd_t *c, mtx_t *m)
{ COND_WAIT(OBJ_C11_COND, OBJ_C11_MUTEX, c, m, false, CLOCK_REALTIME, NULL, RF(cnd_wait)(c, m)); }
RT_EXPORT int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict ts)
{ COND_WAIT(OBJ_C11_COND, OBJ_C11_MUTEX, c, m, true, CLOCK_REALTIME, ts, RF(cnd_timedwait)(c, m, ts)); }
RT_EXPORT int cnd_signal(cnd_t *c)
{ COND_SIGNAL(OBJ_C11_COND, c, false, RF(cnd_signal)(c)); }
RT_EXPORT int cnd_broadcast(cnd_t *c)
{ COND_SIGNAL(OBJ_C11_COND, c, true, RF(cnd_broadcast)(c)); }
