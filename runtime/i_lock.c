/* i_lock.c - interceptors for mutexes, rwlocks and spinlocks: thin wrappers around lock.h hooks. */
#include <pthread.h>
#include <time.h>

#include "i_lock.h"

#define ACQUIRE(kind, write, try, timed, clk, abs, obj, call) \
	LOCK_ACQUIRE(kind, write, try, timed, clk, abs, obj, call, ETIMEDOUT, POSIX_RESULT)
#define RELEASE(kind, obj, call) LOCK_RELEASE(kind, obj, call)

#define INIT(kind, obj, shared, call)                                                       \
	do {                                                                                  \
		if (!HOOKS_ON())                                                              \
			return call;                                                          \
		SAVE_ERRNO;                                                                   \
		rt_thread();                                                                  \
		lock_pre_init(obj, kind);                                                     \
		RESTORE_ERRNO;                                                                \
		int r = call;                                                                 \
		KEEP_ERRNO;                                                                   \
		lock_post_init(obj, kind, r, shared);                                         \
		RESTORE_ERRNO;                                                                \
		return r;                                                                     \
	} while (0)

#define DESTROY(kind, obj, call)                                                            \
	do {                                                                                  \
		if (!HOOKS_ON())                                                              \
			return call;                                                          \
		SAVE_ERRNO;                                                                   \
		rt_thread();                                                                  \
		lock_pre_destroy(obj, kind);                                                  \
		RESTORE_ERRNO;                                                                \
		return call;                                                                  \
	} while (0)

RT_EXPORT int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	int ps = PTHREAD_PROCESS_PRIVATE;
	if (a)
		pthread_mutexattr_getpshared(a, &ps);
	INIT(OBJ_MUTEX, m, ps == PTHREAD_PROCESS_SHARED, RF(pthread_mutex_init)(m, a));
}
RT_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m)
{ DESTROY(OBJ_MUTEX, m, RF(pthread_mutex_destroy)(m)); }
RT_EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{ ACQUIRE(OBJ_MUTEX, true, false, false, CLOCK_REALTIME, NULL, m, RF(pthread_mutex_lock)(m)); }
RT_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m)
{ ACQUIRE(OBJ_MUTEX, true, true, false, CLOCK_REALTIME, NULL, m, RF(pthread_mutex_trylock)(m)); }
RT_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *ts)
{ ACQUIRE(OBJ_MUTEX, true, false, true, CLOCK_REALTIME, ts, m, RF(pthread_mutex_timedlock)(m, ts)); }
RT_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t c, const struct timespec *ts)
{ ACQUIRE(OBJ_MUTEX, true, false, true, c, ts, m, RF(pthread_mutex_clocklock)(m, c, ts)); }
RT_EXPORT int pthread_mutex_unlock(pthread_mutex_t *m)
{ RELEASE(OBJ_MUTEX, m, RF(pthread_mutex_unlock)(m)); }

RT_EXPORT int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a)
{
	int ps = PTHREAD_PROCESS_PRIVATE;
	if (a)
		pthread_rwlockattr_getpshared(a, &ps);
	INIT(OBJ_RWLOCK, l, ps == PTHREAD_PROCESS_SHARED, RF(pthread_rwlock_init)(l, a));
}
RT_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *l)
{ DESTROY(OBJ_RWLOCK, l, RF(pthread_rwlock_destroy)(l)); }
RT_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{ ACQUIRE(OBJ_RWLOCK, false, false, false, CLOCK_REALTIME, NULL, l, RF(pthread_rwlock_rdlock)(l)); }
RT_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{ ACQUIRE(OBJ_RWLOCK, false, true, false, CLOCK_REALTIME, NULL, l, RF(pthread_rwlock_tryrdlock)(l)); }
RT_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *ts)
{ ACQUIRE(OBJ_RWLOCK, false, false, true, CLOCK_REALTIME, ts, l, RF(pthread_rwlock_timedrdlock)(l, ts)); }
RT_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t c, const struct timespec *ts)
{ ACQUIRE(OBJ_RWLOCK, false, false, true, c, ts, l, RF(pthread_rwlock_clockrdlock)(l, c, ts)); }
RT_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{ ACQUIRE(OBJ_RWLOCK, true, false, false, CLOCK_REALTIME, NULL, l, RF(pthread_rwlock_wrlock)(l)); }
RT_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{ ACQUIRE(OBJ_RWLOCK, true, true, false, CLOCK_REALTIME, NULL, l, RF(pthread_rwlock_trywrlock)(l)); }
RT_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *ts)
{ ACQUIRE(OBJ_RWLOCK, true, false, true, CLOCK_REALTIME, ts, l, RF(pthread_rwlock_timedwrlock)(l, ts)); }
RT_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t c, const struct timespec *ts)
{ ACQUIRE(OBJ_RWLOCK, true, false, true, c, ts, l, RF(pthread_rwlock_clockwrlock)(l, c, ts)); }
RT_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *l)
{ RELEASE(OBJ_RWLOCK, l, RF(pthread_rwlock_unlock)(l)); }

RT_EXPORT int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{ INIT(OBJ_SPIN, (void *)s, pshared == PTHREAD_PROCESS_SHARED, RF(pthread_spin_init)(s, pshared)); }
RT_EXPORT int pthread_spin_destroy(pthread_spinlock_t *s)
{ DESTROY(OBJ_SPIN, (void *)s, RF(pthread_spin_destroy)(s)); }
RT_EXPORT int pthread_spin_lock(pthread_spinlock_t *s)
{ ACQUIRE(OBJ_SPIN, true, false, false, CLOCK_REALTIME, NULL, (void *)s, RF(pthread_spin_lock)(s)); }
RT_EXPORT int pthread_spin_trylock(pthread_spinlock_t *s)
{ ACQUIRE(OBJ_SPIN, true, true, false, CLOCK_REALTIME, NULL, (void *)s, RF(pthread_spin_trylock)(s)); }
RT_EXPORT int pthread_spin_unlock(pthread_spinlock_t *s)
{ RELEASE(OBJ_SPIN, (void *)s, RF(pthread_spin_unlock)(s)); }
