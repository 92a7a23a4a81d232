/* i_common.h - boilerplate shared by the interceptor files (i_*.c).
 * An interceptor: runs the real function alone when hooks are off (the runtime itself is running
 * on this thread), else: pre hook, real call, post hook, with errno as the real call left it. */
#ifndef WEFT_I_COMMON_H
#define WEFT_I_COMMON_H

#include <errno.h>

#include "intercept.h"
#include "rt.h"
#include "thread.h"

#define CALLER_PC ((uintptr_t)__builtin_return_address(0))
#define SAVE_ERRNO int saved_errno_ = errno
#define RESTORE_ERRNO errno = saved_errno_
#define KEEP_ERRNO saved_errno_ = errno

#endif
