/* i_sched.c - interceptors that exist for explore mode: sched_yield, sleeps, clocks, and blocking
 * system calls the scheduler does not model. With explore mode off each one is the real function
 * behind one predictable branch (`rt_sched_on`).
 *
 * Explore mode: sched_yield is a scheduling point where the caller yields (fairness, sched.h);
 * sleeps do not sleep: they advance virtual time and yield; clocks read virtual time; a blocking
 * system call gives up the turn around the real call and rejoins where the scheduler says
 * (OUTSIDE, i_common.h). Reads and writes of descriptors are in i_fd.c.
 */
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i_common.h"
#include "sched.h"

/* real functions not in intercept.h (resolved on first use, like those) */
#define SCHED_REALS(X)                                                                       \
	X(int, sched_yield, (void))                                                          \
	X(int, nanosleep, (const struct timespec *, struct timespec *))                      \
	X(int, clock_nanosleep, (clockid_t, int, const struct timespec *, struct timespec *)) \
	X(unsigned, sleep, (unsigned))                                                       \
	X(int, usleep, (useconds_t))                                                         \
	X(int, clock_gettime, (clockid_t, struct timespec *))                                \
	X(int, gettimeofday, (struct timeval *, void *))                                     \
	X(time_t, time, (time_t *))                                                          \
	X(int, poll, (struct pollfd *, nfds_t, int))                                         \
	X(int, select, (int, fd_set *, fd_set *, fd_set *, struct timeval *))                \
	X(int, epoll_wait, (int, struct epoll_event *, int, int))                            \
	X(pid_t, waitpid, (pid_t, int *, int))

static struct {
#define X(ret, name, params) ret(*name) params;
	SCHED_REALS(X)
#undef X
} sr;

static volatile int sr_ok;

static void sr_resolve(void)
{
#define X(ret, name, params) sr.name = (ret(*) params)dlsym(RTLD_NEXT, #name);
	SCHED_REALS(X)
#undef X
	__atomic_store_n(&sr_ok, 1, __ATOMIC_RELEASE);
}

#define SR(name) (likely(sr_ok) ? sr.name : (sr_resolve(), sr.name))

RT_EXPORT int sched_yield(void)
{
	if (unlikely(rt_sched_on) && HOOKS_ON()) {
		sched_yield_point(rt_thread(), OP_YIELD, CALLER_PC);
		return 0;
	}
	return SR(sched_yield)();
}

static void explore_sleep(uint64_t ns, uintptr_t pc)
{
	int e = errno;
	sched_sleep(rt_thread(), ns, pc);
	errno = e;
}

static uint64_t ts_to_ns(const struct timespec *ts)
{
	return ts ? (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec : 0;
}

RT_EXPORT int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (unlikely(rt_sched_on) && HOOKS_ON() && req) {
		explore_sleep(ts_to_ns(req), CALLER_PC);
		if (rem)
			rem->tv_sec = rem->tv_nsec = 0;
		return 0;
	}
	return SR(nanosleep)(req, rem);
}

RT_EXPORT int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	if (unlikely(rt_sched_on) && HOOKS_ON() && req) {
		uint64_t ns = ts_to_ns(req);
		struct timespec now;
		if ((flags & TIMER_ABSTIME) && sched_clock_now(clk, &now))
			ns = ns > ts_to_ns(&now) ? ns - ts_to_ns(&now) : 0;
		explore_sleep(ns, CALLER_PC);
		return 0;
	}
	return SR(clock_nanosleep)(clk, flags, req, rem);
}

RT_EXPORT unsigned sleep(unsigned s)
{
	if (unlikely(rt_sched_on) && HOOKS_ON()) {
		explore_sleep((uint64_t)s * 1000000000ull, CALLER_PC);
		return 0;
	}
	return SR(sleep)(s);
}

RT_EXPORT int usleep(useconds_t us)
{
	if (unlikely(rt_sched_on) && HOOKS_ON()) {
		explore_sleep((uint64_t)us * 1000ull, CALLER_PC);
		return 0;
	}
	return SR(usleep)(us);
}

RT_EXPORT int clock_gettime(clockid_t clk, struct timespec *ts)
{
	if (unlikely(rt_sched_on) && sched_clock_now(clk, ts))
		return 0;
	return SR(clock_gettime)(clk, ts);
}

RT_EXPORT int gettimeofday(struct timeval *tv, void *tz)
{
	struct timespec ts;
	if (unlikely(rt_sched_on) && sched_clock_now(CLOCK_REALTIME, &ts)) {
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
		return 0;
	}
	return SR(gettimeofday)(tv, tz);
}

RT_EXPORT time_t time(time_t *out)
{
	struct timespec ts;
	if (unlikely(rt_sched_on) && sched_clock_now(CLOCK_REALTIME, &ts)) {
		if (out)
			*out = ts.tv_sec;
		return ts.tv_sec;
	}
	return SR(time)(out);
}

RT_EXPORT int poll(struct pollfd *p, nfds_t n, int tmo) { OUTSIDE(SR(poll)(p, n, tmo)); }
RT_EXPORT int select(int n, fd_set *r, fd_set *w, fd_set *x, struct timeval *tv) { OUTSIDE(SR(select)(n, r, w, x, tv)); }
RT_EXPORT int epoll_wait(int fd, struct epoll_event *ev, int n, int tmo) { OUTSIDE(SR(epoll_wait)(fd, ev, n, tmo)); }
RT_EXPORT pid_t waitpid(pid_t p, int *st, int o) { OUTSIDE(SR(waitpid)(p, st, o)); }
