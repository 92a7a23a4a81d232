/* i_common.h - boilerplate shared by the interceptor files (i_*.c).
 * An interceptor: runs the real function alone when hooks are off (the runtime itself is running
 * on this thread), else: pre hook, real call, post hook, with errno as the real call left it. */
#ifndef WEFT_I_COMMON_H
#define WEFT_I_COMMON_H

#include <errno.h>

#include "intercept.h"
#include "rt.h"
#include "sched.h"
#include "thread.h"

#define CALLER_PC ((uintptr_t)__builtin_return_address(0))

/* errno is a call to __errno_location() through the PLT; the interceptors touch it up to four
 * times per call, so each thread keeps its address. */
extern RT_TLS int *rt_errno_ptr;
static inline int *rt_errno(void)
{
	int *p = rt_errno_ptr;
	if (unlikely(!p))
		rt_errno_ptr = p = &errno;
	return p;
}
#define SAVE_ERRNO                                                                              \
	int *errno_p_ = rt_errno();                                                             \
	int saved_errno_ = *errno_p_
#define RESTORE_ERRNO (*errno_p_ = saved_errno_)
#define KEEP_ERRNO (saved_errno_ = *errno_p_)

/* Blocking system calls: r = call, out of the scheduler around the real call in explore mode;
 * errno and the result are the real call's. OUTSIDE: the same, returning the result. */
#define BLOCKING(r, call)                                                                    \
	do {                                                                                   \
		if (likely(!rt_sched_on) || !HOOKS_ON()) {                                     \
			r = call;                                                              \
			break;                                                                 \
		}                                                                              \
		struct wthr *t_ = rt_thread();                                                 \
		int e_ = errno;                                                                \
		sched_syscall_enter(t_, CALLER_PC);                                            \
		errno = e_;                                                                    \
		r = call;                                                                      \
		e_ = errno;                                                                    \
		sched_syscall_leave(t_);                                                       \
		errno = e_;                                                                    \
	} while (0)
#define OUTSIDE(call)                                                                        \
	do {                                                                                   \
		__typeof__(call) r_;                                                           \
		BLOCKING(r_, call);                                                            \
		return r_;                                                                     \
	} while (0)

#endif
