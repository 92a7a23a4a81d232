/* rt_init.c - resolving the real functions, starting and ending the runtime. */
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "deadlock.h"
#include "hb.h"
#include "trace_rt.h"
#include "intercept.h"
#include "report_rt.h"
#include "rt.h"
#include "thread.h"

struct real_fns real;
volatile int real_resolved;
volatile int rt_inited;
pid_t rt_pid;
uintptr_t rt_self_lo, rt_self_hi;
RT_TLS int rt_guard;
volatile int rt_slow;
RT_TLS int *rt_errno_ptr;

static int exit_status = -1;
static volatile int init_state; /* 0 not started, 1 running, 2 done */
static rt_spin resolve_lock;


static void *lookup(const char *name)
{
	void *p = NULL;
	/* the condition variables exist in two versions; programs use GLIBC_2.3.2 */
	if (strncmp(name, "pthread_cond_", 13) == 0 && strcmp(name, "pthread_cond_clockwait") != 0)
		p = dlvsym(RTLD_NEXT, name, "GLIBC_2.3.2");
	if (!p)
		p = dlsym(RTLD_NEXT, name);
	return p;
}

void real_resolve(void)
{
	if (real_resolved)
		return;
	rt_spin_lock(&resolve_lock);
	if (!real_resolved) {
#define REAL(ret, name, params) real.name = (ret(*) params)lookup(#name);
		REAL_FUNCTIONS(REAL)
#undef REAL
		if (!real.pthread_mutex_lock || !real._exit || !real.pthread_create) {
			static const char msg[] = "weft: cannot find the real pthread functions\n";
			rt_write(2, msg, sizeof msg - 1);
			abort();
		}
		__atomic_store_n(&real_resolved, 1, __ATOMIC_RELEASE);
	}
	rt_spin_unlock(&resolve_lock);
}

static int find_self(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	uintptr_t me = (uintptr_t)data;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
		if (me >= lo && me < hi) {
			rt_self_lo = lo;
			rt_self_hi = hi;
			return 1;
		}
	}
	return 0;
}

/* The kernel maps file pages around each page fault (fault-around, 64 KiB), so code that is
 * merely mapped near code that runs counts in the resident set. For weft's own library and the
 * ones only it loads (libunwind, liblzma), ask for single pages: their bytes are weft's cost in
 * the program's memory (docs/performance.md). */
static int quiet_pages(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	const char *n = info->dlpi_name;
	if (!n || !*n)
		return 0;
	const char *base = strrchr(n, '/');
	base = base ? base + 1 : n;
	if (strncmp(base, "libweft.so", 10) != 0 && strncmp(base, "libunwind.so", 12) != 0 &&
	    strncmp(base, "liblzma.so", 10) != 0)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
			continue;
		uintptr_t lo = (info->dlpi_addr + ph->p_vaddr) & ~4095ul;
		uintptr_t hi = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + 4095) & ~4095ul;
		madvise((void *)lo, hi - lo, MADV_RANDOM);
	}
	return 0;
}

/* Loaded after the program started (dlopen: a library built with weft-cc, opened by a program that
 * is not run under weft): the program's pthread calls are already bound to the C library, so the
 * interceptors never run and its synchronisation is invisible. Every race the detector found would
 * be suspect, so it checks nothing (race.c), and says so once. */
bool rt_late_load;
static void check_late_load(void)
{
	uintptr_t a = (uintptr_t)dlsym(RTLD_DEFAULT, "pthread_create");
	if (a && rt_self_hi && (a < rt_self_lo || a >= rt_self_hi)) {
		rt_late_load = true;
		rt_printf("libweft.so was loaded after the program started (by dlopen): the program's "
			  "thread and lock calls bypass weft, so nothing is checked; run the program under "
			  "`weft run`, or link it with weft-cc\n");
	}
}

void rt_init(void)
{
	int expected = 0;
	if (!__atomic_compare_exchange_n(&init_state, &expected, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		/* another thread is initialising (or this one, re-entered): wait unless it is us */
		if (rt_guard == 0)
			while (__atomic_load_n(&init_state, __ATOMIC_ACQUIRE) != 2)
				__builtin_ia32_pause();
		return;
	}
	int saved_errno = errno;
	rt_guard++;
	real_resolve();
	rt_pid = getpid();
	rt_parse_options(getenv("WEFT_OPTIONS"));
	dl_iterate_phdr(find_self, (void *)(uintptr_t)rt_init);
	dl_iterate_phdr(quiet_pages, NULL);
	if (rt_opt.hb)
		hb_enable();
	trace_init();
	/* the process's initial thread is thread 0 */
	if (syscall(SYS_gettid) == rt_pid && !rt_cur) {
		rt_guard--;
		__atomic_store_n(&rt_inited, 1, __ATOMIC_RELEASE);
		thread_register_current();
		rt_guard++;
	}
	__atomic_store_n(&rt_inited, 1, __ATOMIC_RELEASE);
	report_rt_init();
	if (!rt_opt.explore) /* explore mode: the scheduler finds deadlocks (sched.h) */
		deadlock_start_watchdog();
	check_late_load();
	rt_guard--;
	__atomic_store_n(&init_state, 2, __ATOMIC_RELEASE);
	errno = saved_errno;
}

void rt_note_exit(int status)
{
	if (exit_status < 0)
		exit_status = status;
}

int rt_exit_status(void) { return exit_status; }
