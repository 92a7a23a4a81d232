/* intercept.h - pointers to the real functions behind weft's interceptors.
 *
 * Rules: the runtime reaches pthread, C11 thread and process functions only through real.*
 * (never by name: that would call weft's own interceptor). Pointers are resolved lazily on first
 * use with dlsym(RTLD_NEXT) (dlvsym for the GLIBC_2.3.2 condition variables), because other
 * libraries' constructors may call into pthread before weft's constructor runs.
 */
#ifndef WEFT_INTERCEPT_H
#define WEFT_INTERCEPT_H

#include <pthread.h>
#include <semaphore.h>
#include <threads.h>
#include <time.h>

#include "rt.h"

/* REAL(return type, name, parameter list) */
#define REAL_FUNCTIONS(REAL)                                                                           \
	REAL(int, pthread_create, (pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))    \
	REAL(int, pthread_join, (pthread_t, void **))                                                  \
	REAL(int, pthread_tryjoin_np, (pthread_t, void **))                                            \
	REAL(int, pthread_timedjoin_np, (pthread_t, void **, const struct timespec *))                 \
	REAL(int, pthread_clockjoin_np, (pthread_t, void **, clockid_t, const struct timespec *))      \
	REAL(int, pthread_detach, (pthread_t))                                                         \
	REAL(void, pthread_exit, (void *))                                                             \
	REAL(int, pthread_mutex_init, (pthread_mutex_t *, const pthread_mutexattr_t *))                \
	REAL(int, pthread_mutex_destroy, (pthread_mutex_t *))                                          \
	REAL(int, pthread_mutex_lock, (pthread_mutex_t *))                                             \
	REAL(int, pthread_mutex_trylock, (pthread_mutex_t *))                                          \
	REAL(int, pthread_mutex_timedlock, (pthread_mutex_t *, const struct timespec *))               \
	REAL(int, pthread_mutex_clocklock, (pthread_mutex_t *, clockid_t, const struct timespec *))    \
	REAL(int, pthread_mutex_unlock, (pthread_mutex_t *))                                           \
	REAL(int, pthread_rwlock_init, (pthread_rwlock_t *, const pthread_rwlockattr_t *))             \
	REAL(int, pthread_rwlock_destroy, (pthread_rwlock_t *))                                        \
	REAL(int, pthread_rwlock_rdlock, (pthread_rwlock_t *))                                         \
	REAL(int, pthread_rwlock_tryrdlock, (pthread_rwlock_t *))                                      \
	REAL(int, pthread_rwlock_timedrdlock, (pthread_rwlock_t *, const struct timespec *))           \
	REAL(int, pthread_rwlock_clockrdlock, (pthread_rwlock_t *, clockid_t, const struct timespec *))\
	REAL(int, pthread_rwlock_wrlock, (pthread_rwlock_t *))                                         \
	REAL(int, pthread_rwlock_trywrlock, (pthread_rwlock_t *))                                      \
	REAL(int, pthread_rwlock_timedwrlock, (pthread_rwlock_t *, const struct timespec *))           \
	REAL(int, pthread_rwlock_clockwrlock, (pthread_rwlock_t *, clockid_t, const struct timespec *))\
	REAL(int, pthread_rwlock_unlock, (pthread_rwlock_t *))                                         \
	REAL(int, pthread_spin_init, (pthread_spinlock_t *, int))                                      \
	REAL(int, pthread_spin_destroy, (pthread_spinlock_t *))                                        \
	REAL(int, pthread_spin_lock, (pthread_spinlock_t *))                                           \
	REAL(int, pthread_spin_trylock, (pthread_spinlock_t *))                                        \
	REAL(int, pthread_spin_unlock, (pthread_spinlock_t *))                                         \
	REAL(int, pthread_cond_init, (pthread_cond_t *, const pthread_condattr_t *))                   \
	REAL(int, pthread_cond_destroy, (pthread_cond_t *))                                            \
	REAL(int, pthread_cond_wait, (pthread_cond_t *, pthread_mutex_t *))                            \
	REAL(int, pthread_cond_timedwait, (pthread_cond_t *, pthread_mutex_t *, const struct timespec *)) \
	REAL(int, pthread_cond_clockwait, (pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *)) \
	REAL(int, pthread_cond_signal, (pthread_cond_t *))                                             \
	REAL(int, pthread_cond_broadcast, (pthread_cond_t *))                                          \
	REAL(int, pthread_barrier_init, (pthread_barrier_t *, const pthread_barrierattr_t *, unsigned))\
	REAL(int, pthread_barrier_destroy, (pthread_barrier_t *))                                      \
	REAL(int, pthread_barrier_wait, (pthread_barrier_t *))                                         \
	REAL(int, pthread_once, (pthread_once_t *, void (*)(void)))                                    \
	REAL(int, sem_init, (sem_t *, int, unsigned))                                                  \
	REAL(int, sem_destroy, (sem_t *))                                                              \
	REAL(int, sem_wait, (sem_t *))                                                                 \
	REAL(int, sem_trywait, (sem_t *))                                                              \
	REAL(int, sem_timedwait, (sem_t *, const struct timespec *))                                   \
	REAL(int, sem_clockwait, (sem_t *, clockid_t, const struct timespec *))                        \
	REAL(int, sem_post, (sem_t *))                                                                 \
	REAL(sem_t *, sem_open, (const char *, int, ...))                                              \
	REAL(int, sem_close, (sem_t *))                                                                \
	REAL(int, thrd_create, (thrd_t *, thrd_start_t, void *))                                       \
	REAL(int, thrd_join, (thrd_t, int *))                                                          \
	REAL(int, thrd_detach, (thrd_t))                                                               \
	REAL(void, thrd_exit, (int))                                                                   \
	REAL(int, mtx_init, (mtx_t *, int))                                                            \
	REAL(void, mtx_destroy, (mtx_t *))                                                             \
	REAL(int, mtx_lock, (mtx_t *))                                                                 \
	REAL(int, mtx_trylock, (mtx_t *))                                                              \
	REAL(int, mtx_timedlock, (mtx_t *__restrict, const struct timespec *__restrict))               \
	REAL(int, mtx_unlock, (mtx_t *))                                                               \
	REAL(int, cnd_init, (cnd_t *))                                                                 \
	REAL(void, cnd_destroy, (cnd_t *))                                                             \
	REAL(int, cnd_wait, (cnd_t *, mtx_t *))                                                        \
	REAL(int, cnd_timedwait, (cnd_t *__restrict, mtx_t *__restrict, const struct timespec *__restrict)) \
	REAL(int, cnd_signal, (cnd_t *))                                                               \
	REAL(int, cnd_broadcast, (cnd_t *))                                                            \
	REAL(void, call_once, (once_flag *, void (*)(void)))                                           \
	REAL(pid_t, fork, (void))                                                                      \
	REAL(int, execve, (const char *, char *const[], char *const[]))                               \
	REAL(int, execvpe, (const char *, char *const[], char *const[]))                              \
	REAL(int, fexecve, (int, char *const[], char *const[]))                                        \
	REAL(void, exit, (int))                                                                        \
	REAL(void, _exit, (int))                                                                       \
	REAL(void, _Exit, (int))                                                                       \
	REAL(int, __libc_start_main, (int (*)(int, char **, char **), int, char **, void (*)(void),    \
				      void (*)(void), void (*)(void), void *))

struct real_fns {
#define REAL(ret, name, params) ret(*name) params;
	REAL_FUNCTIONS(REAL)
#undef REAL
};
extern struct real_fns real;
extern volatile int real_resolved;
void real_resolve(void);
#define RF(name) (likely(real_resolved) ? real.name : (real_resolve(), real.name))

/* Hooks run only when the runtime is not already running on this thread. */
#define HOOKS_ON() (likely(rt_guard == 0))

#endif
