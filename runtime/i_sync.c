/* i_sync.c - interceptors for semaphores (unnamed and named), barriers and once. */
#include <pthread.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdarg.h>
#include <threads.h>

#include "i_common.h"
#include "sched.h"
#include "sync.h"

RT_EXPORT int sem_init(sem_t *s, int pshared, unsigned v)
{
	if (!HOOKS_ON())
		return RF(sem_init)(s, pshared, v);
	SAVE_ERRNO;
	rt_thread();
	RESTORE_ERRNO;
	int r = RF(sem_init)(s, pshared, v);
	KEEP_ERRNO;
	sem_post_init(s, pshared != 0, v, r);
	RESTORE_ERRNO;
	return r;
}

RT_EXPORT int sem_destroy(sem_t *s)
{
	if (!HOOKS_ON())
		return RF(sem_destroy)(s);
	SAVE_ERRNO;
	rt_thread();
	sem_pre_destroy(s);
	RESTORE_ERRNO;
	return RF(sem_destroy)(s);
}

/* Explore mode: a wait on a semaphore at 0 waits in the scheduler's model (the real wait then
 * does not block); a timed wait may time out there instead (-1, ETIMEDOUT). */
#define SEM_WAIT(try, timed, clk, call)                                                    \
	do {                                                                                 \
		if (!HOOKS_ON())                                                             \
			return call;                                                         \
		SAVE_ERRNO;                                                                  \
		struct wthr *t = rt_thread();                                                \
		struct wsem *ws = sem_get(s);                                                \
		if (ws)                                                                      \
			sem_pre_wait(t, ws, try, timed, CALLER_PC);                          \
		int r;                                                                       \
		if (unlikely(rt_sched_on) && explore_sem(t, s, try, clk, (timed) ? ts : NULL, CALLER_PC)) { \
			r = -1;                                                              \
			saved_errno_ = ETIMEDOUT;                                            \
		} else {                                                                     \
			RESTORE_ERRNO;                                                       \
			r = call;                                                            \
			KEEP_ERRNO;                                                          \
		}                                                                            \
		if (ws)                                                                      \
			sem_post_wait(t, ws, try, r);                                        \
		RESTORE_ERRNO;                                                               \
		return r;                                                                    \
	} while (0)

/* true: the wait timed out in the model */
static bool explore_sem(struct wthr *t, sem_t *s, bool try, clockid_t clk, const struct timespec *ts, uintptr_t pc)
{
	if (try) {
		sched_point(t, OP_SEM_WAIT, pc);
		return false;
	}
	return sched_sem_wait(t, s, clk, ts, pc) == ETIMEDOUT;
}

RT_EXPORT int sem_wait(sem_t *s) { const struct timespec *ts = NULL; SEM_WAIT(false, false, CLOCK_REALTIME, RF(sem_wait)(s)); }
RT_EXPORT int sem_trywait(sem_t *s) { const struct timespec *ts = NULL; SEM_WAIT(true, false, CLOCK_REALTIME, RF(sem_trywait)(s)); }
RT_EXPORT int sem_timedwait(sem_t *s, const struct timespec *ts) { SEM_WAIT(false, true, CLOCK_REALTIME, RF(sem_timedwait)(s, ts)); }
RT_EXPORT int sem_clockwait(sem_t *s, clockid_t c, const struct timespec *ts)
{ SEM_WAIT(false, true, c, RF(sem_clockwait)(s, c, ts)); }

RT_EXPORT int sem_post(sem_t *s)
{
	if (!HOOKS_ON())
		return RF(sem_post)(s);
	SAVE_ERRNO;
	struct wthr *t = rt_thread();
	struct wsem *ws = sem_get(s);
	if (unlikely(rt_sched_on))
		sched_point(t, OP_SEM_POST, CALLER_PC);
	if (ws)
		sem_pre_post(t, ws);
	RESTORE_ERRNO;
	int r = RF(sem_post)(s);
	KEEP_ERRNO;
	if (ws)
		sem_post_post(t, ws, r, saved_errno_);
	RESTORE_ERRNO;
	return r;
}

RT_EXPORT sem_t *sem_open(const char *name, int oflag, ...)
{
	mode_t mode = 0;
	unsigned value = 0;
	if (oflag & O_CREAT) {
		va_list ap;
		va_start(ap, oflag);
		mode = va_arg(ap, mode_t);
		value = va_arg(ap, unsigned);
		va_end(ap);
	}
	sem_t *s = RF(sem_open)(name, oflag, mode, value);
	if (s != SEM_FAILED && HOOKS_ON()) {
		/* other processes may post or wait on it: its waits never count as deadlocked */
		SAVE_ERRNO;
		rt_thread();
		sem_mark_shared(s);
		RESTORE_ERRNO;
	}
	return s;
}

RT_EXPORT int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned count)
{
	if (!HOOKS_ON())
		return RF(pthread_barrier_init)(b, a, count);
	SAVE_ERRNO;
	rt_thread();
	barrier_pre_init(b, count);
	RESTORE_ERRNO;
	int r = RF(pthread_barrier_init)(b, a, count);
	KEEP_ERRNO;
	int ps = PTHREAD_PROCESS_PRIVATE;
	if (a)
		pthread_barrierattr_getpshared(a, &ps);
	barrier_post_init(b, count, r, ps == PTHREAD_PROCESS_SHARED);
	RESTORE_ERRNO;
	return r;
}

RT_EXPORT int pthread_barrier_destroy(pthread_barrier_t *b)
{
	if (!HOOKS_ON())
		return RF(pthread_barrier_destroy)(b);
	SAVE_ERRNO;
	rt_thread();
	barrier_pre_destroy(b);
	RESTORE_ERRNO;
	return RF(pthread_barrier_destroy)(b);
}

RT_EXPORT int pthread_barrier_wait(pthread_barrier_t *b)
{
	if (!HOOKS_ON())
		return RF(pthread_barrier_wait)(b);
	SAVE_ERRNO;
	struct wthr *t = rt_thread();
	struct wbarrier *wb = barrier_pre_wait(t, b, CALLER_PC);
	int r = -1;
	/* explore mode: the barrier is emulated in the scheduler's model (the real one is not used) */
	if (unlikely(rt_sched_on) && wb)
		r = sched_barrier_wait(t, b, wb->count, CALLER_PC);
	if (r == -1) {
		RESTORE_ERRNO;
		r = RF(pthread_barrier_wait)(b);
		KEEP_ERRNO;
	}
	if (wb)
		barrier_post_wait(t, wb);
	RESTORE_ERRNO;
	return r;
}

/* once: the real once runs our trampoline in the calling thread; the routine to run and its
 * record travel in thread-local variables (the trampoline saves them before running the routine,
 * which may itself use once). */
static RT_TLS void (*once_fn)(void);
static RT_TLS struct wonce *once_obj;

static void once_trampoline(void)
{
	void (*fn)(void) = once_fn;
	struct wonce *o = once_obj;
	struct wthr *t = rt_thread();
	thread_wait_end(t); /* running the routine, not waiting for it */
	fn();
	if (o)
		once_init_done(t, o);
}

static int once_common(void *flag, void (*fn)(void), bool c11)
{
	struct wthr *t = rt_thread();
	struct wonce *o = once_get(flag);
	once_fn = fn;
	once_obj = o;
	thread_wait_begin(t, WAIT_ONCE, o, CALLER_PC);
	bool explore = unlikely(rt_sched_on);
	if (explore) /* a once in progress in another thread is waited for in the model */
		sched_once_begin(t, flag, CALLER_PC);
	int r = 0;
	if (c11)
		RF(call_once)((once_flag *)flag, once_trampoline);
	else
		r = RF(pthread_once)((pthread_once_t *)flag, once_trampoline);
	if (explore)
		sched_once_end(t, flag);
	if (t->wait_kind == WAIT_ONCE)
		thread_wait_end(t);
	if (o)
		once_post(t, o);
	return r;
}

RT_EXPORT int pthread_once(pthread_once_t *flag, void (*fn)(void))
{
	if (!HOOKS_ON())
		return RF(pthread_once)(flag, fn);
	return once_common(flag, fn, false); /* errno as the routine left it */
}

RT_EXPORT void call_once(once_flag *flag, void (*fn)(void))
{
	if (!HOOKS_ON()) {
		RF(call_once)(flag, fn);
		return;
	}
	once_common(flag, fn, true);
}
