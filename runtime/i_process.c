/* i_process.c - interceptors for process life: main's start and end, exit, fork and exec. */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "deadlock.h"
#include "finding.h"
#include "i_common.h"
#include "obj.h"
#include "lockgraph.h"
#include "report_rt.h"
#include "sched.h"
#include "sched_server.h"
#include "trace_rt.h"

static int (*real_main)(int, char **, char **);

/* The status a standalone run exits with: the program's, or `exitcode` when there were findings. */
static int exit_status_for(int status)
{
	if (!rt_opt.managed && rt_opt.exitcode && finding_total() > 0)
		return (int)rt_opt.exitcode;
	return status;
}

RT_STACK_BOTTOM static int main_wrapper(int argc, char **argv, char **envp)
{
	rt_ensure_init();
	if (unlikely(rt_opt.explore)) /* single-threaded here: serve explored runs (sched_server.h) */
		sched_server_main();
	int r = real_main(argc, argv, envp);
	rt_note_exit(r);
	if (unlikely(rt_sched_on)) /* libc's exit after main does not go through the exit symbol */
		sched_program_exit(r);
	return exit_status_for(r);
}

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void (*init)(void),
		      void (*fini)(void), void (*rtld_fini)(void), void *stack_end);
RT_EXPORT int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void (*init)(void),
				void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
	real_main = main;
	return RF(__libc_start_main)(main_wrapper, argc, argv, init, fini, rtld_fini, stack_end);
}

RT_EXPORT void exit(int status)
{
	if (rt_inited) {
		rt_note_exit(status);
		if (unlikely(rt_sched_on))
			sched_program_exit(status);
		status = exit_status_for(status);
	}
	RF(exit)(status);
	__builtin_unreachable();
}

static void quick_exit_common(int status)
{
	if (rt_inited) {
		rt_note_exit(status);
		if (unlikely(rt_sched_on))
			sched_program_exit(status);
		status = exit_status_for(status);
		report_rt_final(status, false);
	}
	RF(_exit)(status);
}

RT_EXPORT void _exit(int status)
{
	quick_exit_common(status);
	__builtin_unreachable();
}

RT_EXPORT void _Exit(int status)
{
	quick_exit_common(status);
	__builtin_unreachable();
}

RT_EXPORT pid_t fork(void)
{
	if (!HOOKS_ON() || !rt_inited)
		return RF(fork)();
	SAVE_ERRNO;
	rt_thread();
	report_rt_changed(); /* so the child does not inherit a pending write */
	RESTORE_ERRNO;
	pid_t p = RF(fork)();
	KEEP_ERRNO;
	if (p == 0) {
		rt_pid = getpid();
		thread_after_fork_child();
		obj_after_fork_child();
		finding_after_fork_child();
		lockgraph_after_fork_child();
		report_rt_after_fork_child();
		trace_after_fork_child();
		deadlock_after_fork_child();
	}
	RESTORE_ERRNO;
	return p;
}

/* exec: the report so far is written before the image is replaced; the new image writes its own. */
static void before_exec(void)
{
	/* a child made by vfork (or a raw clone) shares the parent's memory and runtime state: it must
	 * not touch the parent's report or environment; its new image starts a runtime of its own */
	if (rt_inited && HOOKS_ON() && getpid() == rt_pid) {
		SAVE_ERRNO;
		report_rt_before_exec();
		RESTORE_ERRNO;
	}
}

RT_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	before_exec();
	return RF(execve)(path, argv, envp);
}

RT_EXPORT int execv(const char *path, char *const argv[])
{
	before_exec();
	return RF(execve)(path, argv, environ);
}

RT_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	before_exec();
	return RF(execvpe)(file, argv, envp);
}

RT_EXPORT int execvp(const char *file, char *const argv[])
{
	before_exec();
	return RF(execvpe)(file, argv, environ);
}

RT_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	before_exec();
	return RF(fexecve)(fd, argv, envp);
}

/* the execl family: collect the variadic arguments (a NULL-terminated list) into an array */
#define COLLECT_ARGS(first, ap, argv)                                                     \
	size_t n_ = 1;                                                                      \
	va_start(ap, first);                                                                \
	while (va_arg(ap, char *))                                                          \
		n_++;                                                                       \
	va_end(ap);                                                                         \
	char **argv = rt_alloc((n_ + 1) * sizeof(char *)); /* exec replaces the image */     \
	argv[0] = (char *)first;                                                            \
	va_start(ap, first);                                                                \
	for (size_t i_ = 1; i_ <= n_; i_++)                                                 \
		argv[i_] = va_arg(ap, char *);

RT_EXPORT int execl(const char *path, const char *arg, ...)
{
	va_list ap;
	COLLECT_ARGS(arg, ap, argv);
	va_end(ap);
	return execv(path, argv);
}

RT_EXPORT int execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	COLLECT_ARGS(arg, ap, argv);
	va_end(ap);
	return execvp(file, argv);
}

RT_EXPORT int execle(const char *path, const char *arg, ...)
{
	va_list ap;
	COLLECT_ARGS(arg, ap, argv);
	char *const *envp = va_arg(ap, char *const *);
	va_end(ap);
	return execve(path, argv, envp);
}
