/* rt.h - ground rules and shared state of libweft.so, the runtime preloaded into the program.
 *
 * Ground rules (every file under runtime/ keeps them):
 *  1. The runtime lives inside someone else's process. Every intercepted call passes the real
 *     function's return value back unchanged and restores errno as the real call left it.
 *  2. No intercepted function is called by the runtime itself: internal locks are rt_spin (atomics),
 *     real pthread functions are reached through real_* pointers (intercept.h).
 *  3. A per-thread re-entrancy guard (rt_guard) makes hooks do nothing while the runtime itself runs
 *     (libunwind and libdw take pthread locks internally).
 *  4. No malloc, stdio or locale on hot paths: runtime objects come from rt_alloc (mmap-backed).
 *     Report building (rare, off the hot path) may use malloc.
 *  5. Calls made before the runtime is initialised, and threads created before it, work: state is
 *     created lazily on first use (rt_thread()).
 *  6. Bugs in weft itself: RT_CHECK prints file, line and values by raw write(2) and aborts. Running
 *     out of a fixed pool prints one line and switches that analysis off; the program runs on.
 */
#ifndef WEFT_RT_H
#define WEFT_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define RT_TLS __attribute__((tls_model("initial-exec"))) __thread
#define RT_EXPORT __attribute__((visibility("default")))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- internal locks: test-and-test-and-set spinlock, invisible to the program ---- */
typedef struct { volatile int v; } rt_spin;
void rt_spin_lock(rt_spin *s);
static inline void rt_spin_unlock(rt_spin *s) { __atomic_store_n(&s->v, 0, __ATOMIC_RELEASE); }
static inline bool rt_spin_trylock(rt_spin *s)
{
	return __atomic_exchange_n(&s->v, 1, __ATOMIC_ACQUIRE) == 0;
}

/* ---- logging and checks: raw write(2), usable anywhere ---- */
void rt_write(int fd, const char *s, size_t n);
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* to stderr, prefixed */
void rt_die(const char *file, int line, const char *msg, long a, long b) __attribute__((noreturn));
#define RT_CHECK(c, a, b) do { if (unlikely(!(c))) rt_die(__FILE__, __LINE__, #c, (long)(a), (long)(b)); } while (0)

/* ---- internal allocator (rt_alloc.c): size-classed, mmap-backed, never malloc ---- */
void *rt_alloc(size_t n);                 /* zeroed */
void rt_free(void *p, size_t n);
void *rt_mmap(size_t n);                  /* zeroed pages, NULL on failure */

/* ---- options (options.def) ---- */
struct rt_options {
#define OPT_INT(name, def, help) long name;
#define OPT_STR(name, def, help) const char *name;
#include "options.def"
#undef OPT_INT
#undef OPT_STR
};
extern struct rt_options rt_opt;

/* ---- global state ---- */
extern volatile int rt_inited;            /* rt_init() finished */
extern pid_t rt_pid;
extern bool rt_late_load;          /* loaded by dlopen: interceptors not in effect (rt_init.c) */
/* The runtime's functions at the bottom of every stack it starts (main's wrapper, the thread start
 * trampolines) go into one section: an unwind stops there, before the C library's start-up frames. */
#define RT_STACK_BOTTOM __attribute__((section("weft_stack_bottom"), noinline))
extern uintptr_t rt_self_lo, rt_self_hi;  /* text range of libweft.so, to strip own frames */

/* Analyses that need the general hook paths (the inline fast paths of lock.h test this one word). */
#define RT_SLOW_HB 1      /* happens-before clocks kept (hb.h) */
#define RT_SLOW_TRACE 2   /* trace recorded (trace_rt.h) */
#define RT_SLOW_SCHED 4   /* explore mode: the scheduler reads wlock.owner (sched.c) */
extern volatile int rt_slow;

void rt_init(void);                       /* idempotent; safe from any thread, any time */
void rt_parse_options(const char *s);     /* WEFT_OPTIONS syntax, into rt_opt */
void rt_note_exit(int status);            /* the program's exit status, first one wins */
int rt_exit_status(void);                 /* -1 until known */
static inline void rt_ensure_init(void) { if (unlikely(!rt_inited)) rt_init(); }

/* Re-entrancy guard: > 0 while the runtime itself runs on this thread. */
extern RT_TLS int rt_guard;

#endif
