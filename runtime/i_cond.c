/* i_cond.c - interceptors for condition variables (the GLIBC_2.3.2 versions, which every program
 * built since 2002 uses; intercept.c resolves them with dlvsym). */
#include <pthread.h>

#include "i_common.h"
#include "lock.h"
#include "sync.h"

#define COND_WAIT(kind, mkind, c, m, timed, call)                                        \
	do {                                                                               \
		if (!HOOKS_ON())                                                           \
			return call;                                                       \
		SAVE_ERRNO;                                                                \
		struct wthr *t = rt_thread();                                              \
		struct wcond *wc = cond_get(c, kind);                                      \
		struct wlock *wm = lock_get(m, mkind);                                     \
		uintptr_t pc = CALLER_PC;                                                  \
		bool rel = wc ? cond_pre_wait(t, wc, wm, timed, pc) : false;               \
		RESTORE_ERRNO;                                                             \
		int r = call;                                                              \
		KEEP_ERRNO;                                                                \
		if (wc)                                                                    \
			cond_post_wait(t, wc, wm, rel, r, pc);                             \
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
	cond_post_init(c, OBJ_COND, r);
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
{ COND_WAIT(OBJ_COND, OBJ_MUTEX, c, m, false, RF(pthread_cond_wait)(c, m)); }
RT_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *ts)
{ COND_WAIT(OBJ_COND, OBJ_MUTEX, c, m, true, RF(pthread_cond_timedwait)(c, m, ts)); }
RT_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk, const struct timespec *ts)
{ COND_WAIT(OBJ_COND, OBJ_MUTEX, c, m, true, RF(pthread_cond_clockwait)(c, m, clk, ts)); }
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
	cond_post_init(c, OBJ_C11_COND, r == thrd_success ? 0 : -1);
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
{ COND_WAIT(OBJ_C11_COND, OBJ_C11_MUTEX, c, m, false, RF(cnd_wait)(c, m)); }
RT_EXPORT int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict ts)
{ COND_WAIT(OBJ_C11_COND, OBJ_C11_MUTEX, c, m, true, RF(cnd_timedwait)(c, m, ts)); }
RT_EXPORT int cnd_signal(cnd_t *c)
{ COND_SIGNAL(OBJ_C11_COND, c, false, RF(cnd_signal)(c)); }
RT_EXPORT int cnd_broadcast(cnd_t *c)
{ COND_SIGNAL(OBJ_C11_COND, c, true, RF(cnd_broadcast)(c)); }
