/* i_lock.h - the acquisition and release wrappers shared by the pthread lock interceptors
 * (i_lock.c) and the C11 mutex ones (i_thread.c): thin wrappers around the lock.h hooks. */
#ifndef WEFT_I_LOCK_H
#define WEFT_I_LOCK_H

#include <errno.h>

#include "i_common.h"
#include "lock.h"
#include "sched.h"

/* acquisition wrappers: kind, write mode, try, timed, clock and deadline of a timed acquisition,
 * real call, the call's "timed out" result, and how its result reads as a POSIX one (0: taken). In explore mode (rt_sched_on) the scheduler decides first: a try is a scheduling point,
 * a blocking acquisition waits in the model until the lock is free (the real call then cannot
 * block), a timed one may time out there instead (ETIMEDOUT without the real call). */
#define LOCK_ACQUIRE(kind, write, try, timed, clk, abs, obj, call, TIMEDOUT, TO_POSIX)          \
	do {                                                                                  \
		if (!HOOKS_ON())                                                              \
			return call;                                                          \
		SAVE_ERRNO;                                                                   \
		struct wthr *t = rt_thread();                                                 \
		struct wlock *wl_ = lock_get(obj, kind);                                        \
		uintptr_t pc = CALLER_PC;                                                     \
		if (wl_)                                                                        \
			lock_pre_acquire(t, wl_, write, try, timed, pc);                        \
		int r;                                                                        \
		if (!(try) && unlikely(rt_sched_on) &&                                        \
		    sched_lock(t, wl_, write, clk, (timed) ? (abs) : NULL, pc) == ETIMEDOUT) { \
			r = TIMEDOUT;                                                         \
		} else {                                                                      \
			if ((try) && unlikely(rt_sched_on))                                   \
				sched_point(t, OP_TRYLOCK, pc);                               \
			RESTORE_ERRNO;                                                        \
			r = call;                                                             \
			KEEP_ERRNO;                                                           \
		}                                                                             \
		if (wl_)                                                                        \
			lock_post_acquire(t, wl_, write, try, TO_POSIX(r), pc);                 \
		RESTORE_ERRNO;                                                                \
		return r;                                                                     \
	} while (0)

#define LOCK_RELEASE(kind, obj, call)                                                       \
	do {                                                                                  \
		if (!HOOKS_ON())                                                              \
			return call;                                                          \
		struct wthr *t = rt_thread();                                                 \
		struct wlock *wl_ = lock_get(obj, kind);                                        \
		if (unlikely(rt_sched_on))                                                    \
			sched_point(t, OP_UNLOCK, CALLER_PC);                                 \
		if (wl_)                                                                        \
			lock_pre_release(t, wl_, CALLER_PC);                                    \
		return call;                                                                  \
	} while (0)

#define POSIX_RESULT(r) (r)

#endif
