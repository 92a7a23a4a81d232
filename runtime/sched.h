/* sched.h - the explore-mode scheduler: exactly one program thread runs at a time.
 *
 * Semantics (docs/explore.md): every thread the runtime knows has a turn flag (a futex word). The
 * thread holding the turn runs; at each scheduling point (before every intercepted synchronization
 * call, at thread create/start/exit/join, sched_yield, sleeps) it asks the strategy which thread goes
 * next, hands the turn over and waits for it to come back. Blocking is modelled, never done for real
 * while holding the turn: a thread whose operation would block (lock held in the model, condition
 * not signalled, semaphore at 0, barrier not full, join of a running thread, once in progress) is
 * marked blocked and is not enabled until the model says it may go on. A timed wait is always
 * enabled: being picked while its condition is still false is a timeout (a scheduling choice). No
 * enabled thread and nobody outside in an uncontrolled system call = deadlock, found in the run.
 *
 * Every decision is recorded (which thread was chosen, which thread asked, whether a switch there
 * is a preemption, the enabled set) into a step log that the fork server (sched_server.c) hands to
 * `weft explore`. Decisions may also be imposed (replay, shrinking, dfs prefixes).
 *
 * Fairness (after CHESS): a thread that yields without progress (sched_yield, sleep, failed trylock)
 * is deprioritised until no thread without that mark is enabled. A run longer than max_steps ends
 * with a `livelock` failure.
 *
 * Rules: the interceptors test `rt_sched_on` once (unlikely) and call these only in explore mode;
 * every function returns at once for threads the scheduler does not control (unknown threads,
 * threads that have finished). All scheduler state is touched only by the turn holder, except a
 * thread coming back from an uncontrolled system call, which publishes that with an atomic store.
 */
#ifndef WEFT_SCHED_H
#define WEFT_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "rt.h"
#include "sched_proto.h"

struct wthr;
struct wlock;
struct wcond;

extern volatile int rt_sched_on;      /* explore mode active in this process */

/* strategies and failures: enum sched_strategy, enum sched_failure (sched_proto.h) */

/* Start controlling this process (the calling thread is the main thread and holds the turn). */
void sched_begin(void);

/* Plain scheduling point before a visible operation; yield: the thread makes no progress. */
void sched_point(struct wthr *t, int op, uintptr_t pc);   /* op: enum sched_opkind, pc: call site */
void sched_yield_point(struct wthr *t, int op, uintptr_t pc);

/* Locks: returns 0 when the real call may be made now (it will not block), ETIMEDOUT when a timed
 * acquisition times out instead (abs: deadline on clock clk, NULL for untimed). */
int sched_lock(struct wthr *t, struct wlock *l, bool write, clockid_t clk, const struct timespec *abs, uintptr_t pc);
/* Condition variables: blocks until a signal picks this thread; 0 or ETIMEDOUT. The caller releases
 * the mutex before and re-acquires it (sched_lock + real lock) after. */
int sched_cond_wait(struct wthr *t, struct wcond *c, clockid_t clk, const struct timespec *abs, uintptr_t pc);
void sched_cond_signal(struct wthr *t, struct wcond *c, bool all, uintptr_t pc);
/* Semaphores: 0 when the real sem_wait will not block, ETIMEDOUT on a timeout. */
int sched_sem_wait(struct wthr *t, void *sem, clockid_t clk, const struct timespec *abs, uintptr_t pc);
/* Barriers, emulated: returns the real function's result (PTHREAD_BARRIER_SERIAL_THREAD or 0), or
 * -1 when the barrier is unknown (the caller then makes the real call). */
int sched_barrier_wait(struct wthr *t, void *addr, unsigned count, uintptr_t pc);
/* once: begin returns true when this thread runs the real once (others wait in the model). */
void sched_once_begin(struct wthr *t, void *flag, uintptr_t pc);
void sched_once_end(struct wthr *t, void *flag);
/* join of u: 0, or ETIMEDOUT for a timed join that times out. */
int sched_join(struct wthr *t, struct wthr *u, clockid_t clk, const struct timespec *abs, uintptr_t pc);

/* Thread life. */
void sched_thread_created(struct wthr *parent, struct wthr *child); /* before the real create */
void sched_thread_create_failed(struct wthr *child);
void sched_thread_start(struct wthr *t);  /* in the new thread, before its start routine */
void sched_thread_exit(struct wthr *t);   /* last visible act of a thread */

/* Atomics of programs built with weft-cc (tsan_iface.c): a scheduling point before each. The
 * same atomic (call site) again with no other scheduling point between counts as a yield: a spin
 * loop on an atomic lets the other threads run (fairness), under dfs too. */
void sched_atomic_point(uintptr_t pc);

/* Virtual time. */
void sched_sleep(struct wthr *t, uint64_t ns, uintptr_t pc);
bool sched_clock_now(clockid_t clk, struct timespec *ts);   /* false: clock not virtualised */

/* Uncontrolled blocking system calls: give up the turn around the real call. */
void sched_syscall_enter(struct wthr *t, uintptr_t pc);
void sched_syscall_leave(struct wthr *t);

/* Preemptions of a report run (the replay of a failing schedule), with the stack of the thread
 * switched out, captured at the scheduling point; report_rt.c puts them in the report's "failure".
 * Returns how many (*out: valid until the process ends). */
struct sched_preempt {
	uint32_t step;
	int thread, to, op;
	uintptr_t pc;
	uint32_t stack;       /* stack depot id, 0 when none */
};
unsigned sched_preemptions(const struct sched_preempt **out);

/* The program exits with status (exit, _exit, return from main). */
void sched_program_exit(int status);

#endif
