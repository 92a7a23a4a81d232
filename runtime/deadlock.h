/* deadlock.h - real deadlocks: detected, reported and ended.
 *
 * Semantics: threads announce what they block in (thread_wait_begin/end). A watchdog thread, made
 * with the real pthread_create and invisible to the program's analyses, looks every
 * DEADLOCK_TICK_MS at the blocked threads:
 *   - a wait-for cycle: T1 waits for a lock held by T2 (or for T2 to end, in a join), T2 waits
 *     for ... T1, every wait untimed, and nobody in the cycle moved for deadlock_ms;
 *   (waits on process-shared objects never count: a process weft does not see may end them)
 *   - every live thread blocked in untimed weft-known waits (locks, condition variables,
 *     semaphores, barriers, joins, once) and none moved for 2 x deadlock_ms, with no thread that
 *     weft does not know of (counted in /proc/self/task): nobody is left to wake anyone (lost
 *     wakeups count here). Semaphore waits do not count while the program has a signal handler
 *     installed: sem_post is async-signal-safe, and posting from a handler is a common pattern.
 * Then the stacks of the blocked threads are taken (each captures its own, on a signal), a
 * `deadlock` finding is written, and the process ends with exit status `exitcode` (66).
 * A self-deadlock (re-lock of a non-recursive mutex by its owner) is reported at once.
 */
#ifndef WEFT_DEADLOCK_H
#define WEFT_DEADLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct wthr;
struct wlock;

#define DEADLOCK_TICK_MS 50

void deadlock_start_watchdog(void);
void deadlock_after_fork_child(void);
/* Report a self-deadlock and end the program (returns only when deadlock detection is off). */
void deadlock_self(struct wthr *t, struct wlock *l, uintptr_t pc);

/* For the explore scheduler (sched.c): report the n blocked threads ts (a wait-for cycle when cycle
 * is true) as a deadlock, with their stacks, and end the program. */
void deadlock_report(struct wthr **ts, int n, bool cycle) __attribute__((noreturn));

#endif
