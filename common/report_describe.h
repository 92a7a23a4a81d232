/* report_describe.h - the words weft uses for the things in a report, one function per thing.
 *
 * Every output that shows a report to people (the text report, the viewer) takes the names of
 * threads, locks, frames, accesses, memory and waits from here, so the same finding is worded the
 * same way everywhere and each phrase is written once: a thread is "T1", a lock
 * "M1 (mutex lock_a, created at main() abba.c:12)", a frame "worker abba.c:17 (abba+0x11e9)", a
 * place "worker() abba.c:17". common/report_text.c adds only layout and colour;
 * tests/unit/test_tui_agree.c checks that the text report and the viewer agree on a report with
 * every kind of finding.
 *
 * Pure functions of the model: no I/O, no allocation. Each writes a NUL-terminated string into buf
 * (truncated to len) and returns buf, so calls nest in printf arguments; unknown values print as
 * "?" rather than being invented. report_describe_basename() and report_describe_misuse() return
 * constant or borrowed strings instead.
 */
#ifndef WEFT_REPORT_DESCRIBE_H
#define WEFT_REPORT_DESCRIBE_H

#include <stddef.h>

#include "report.h"

/* A thread's label: "T1" ("T?" for -1). */
char *report_describe_thread(int id, char *buf, size_t len);

/* A thread with its name when it has one: "T1 \"worker\"" (the form of the text report's thread
 * lines), else "T1". */
char *report_describe_thread_named(const struct report *r, int id, char *buf, size_t len);

/* A lock's label: "M1" ("M?" for -1). */
char *report_describe_lock(int id, char *buf, size_t len);

/* A lock with its kind and name or address: "M1 (mutex lock_a)", "M3 (recursive mutex at 0x55d0)";
 * "M1" alone when the lock is not in the report. */
char *report_describe_lock_named(const struct report *r, int id, char *buf, size_t len);

/* The text report's full description of a lock: "M1 (mutex lock_a, created at main() abba.c:12)",
 * "first used at" for a statically initialised lock. */
char *report_describe_lock_long(const struct report *r, int id, char *buf, size_t len);

/* Frame i of s on one line, without the "#i ": "function file:line (module+0xoff)", "??" for an
 * unknown function, " [inlined]" for an inlined frame. An inlined caller (pc 0) shows the code
 * address of the frame inlined into it. */
char *report_describe_frame(const struct report_stack *s, size_t i, char *buf, size_t len);

/* The frame that best says where a stack is: the first with a source file outside the system
 * libraries (libc, the loader, libweft, libstdc++, libgcc_s), else the first with a source file,
 * else the first; NULL for an empty stack. */
const struct report_frame *report_describe_user_frame(const struct report_stack *s);

/* A place in one line: "main() abba.c:12", "main()", "abba+0x1189", "?" for NULL. */
char *report_describe_where(const struct report_frame *f, char *buf, size_t len);

/* The stack that locates a finding: the wait stack of the first cycle step, the stack of the
 * current access of a race, the "current" stack of a misuse; else the first stack; -1 if none. */
int report_describe_primary_stack(const struct report_finding *f);

/* Where a finding happened: report_describe_where() of the user frame of its primary stack. */
char *report_describe_location(const struct report_finding *f, char *buf, size_t len);

/* A lock operation as in a scenario cell, without the ';': "lock(M1)", and "rdlock(M1)" or
 * "wrlock(M1)" for an rwlock with a mode ("M?" for -1). */
char *report_describe_lock_op(const struct report *r, int id, const char *mode, char *buf, size_t len);

/* The operation of a cycle step in a scenario, lockdep-style, without the ';': which = 0 for the
 * lock the step holds ("lock(M1)", "rdlock(M1)", "wrlock(M1)"), 1 for what it takes or waits for
 * ("lock(M2)"; "join(T2)", "cond_wait()", "sem_wait()", ... for waits that are not on a lock). Empty
 * when which = 0 and the step holds nothing. */
char *report_describe_step_op(const struct report *r, const struct report_cycle_step *s, int which,
                              char *buf, size_t len);

/* What a deadlocked step waits for: "M2 (mutex lock_b, created at ...)" (" for reading" on
 * rwlocks), "thread T3 to end (join)", "a condition variable", "a semaphore", "a barrier",
 * "a pthread_once initialisation". */
char *report_describe_wait(const struct report *r, const struct report_cycle_step *s, char *buf,
                           size_t len);

/* The heading of one stack of a cycle step, as in the text report: which = 0 (hold stack)
 * "Thread T1 holds M1 (...), taken at:"; which = 1 (wait stack) for a deadlock
 * "Thread T1 waits for M2 (...), held by T2, at:", for an inversion "Thread T1 takes M2 (...) at:".
 * With brief, locks are named with report_describe_lock_named() (no creation place). */
char *report_describe_step_heading(const struct report *r, const struct report_finding *f, size_t step,
                                   int which, int brief, char *buf, size_t len);

/* The same heading without its subject "Thread T1 ": "holds M1 (...), taken at:",
 * "holds no lock", "waits for M2 (...), held by T2, at:", "takes M2 (...) at:",
 * "waits to lock it again at:" (the text report prints "and ..." after a hold stack). */
char *report_describe_step_action(const struct report *r, const struct report_finding *f, size_t step,
                                  int which, int brief, char *buf, size_t len);

/* A race access, as in the text report without the final ':': "Write of size 4 at 0x7f10 by
 * thread T1 (locks held: M1)", "Previous atomic read ... (no locks held)" for index 1. */
char *report_describe_access(const struct report *r, const struct report_finding *f, size_t index,
                             char *buf, size_t len);

/* The racy memory, as in the text report: "Location is global counter of size 4 at 0x4010 (prog)",
 * "Location is 8 bytes inside heap block of size 16 at 0x5000 allocated by thread T1", ... */
char *report_describe_memory(const struct report_memory *m, char *buf, size_t len);

/* The heading of a stack shown on its own, as in the text report: "Thread T1 holds a lock taken
 * at:", "Thread T2 is blocked at:", "Stack \"role\":". */
char *report_describe_stack_heading(const struct report_stack *s, char *buf, size_t len);

/* What an api-misuse sub-kind means: "unlock of a mutex held by another thread" for
 * "unlock-not-owner" (the names of docs/report-format.md); NULL for NULL or an unknown name. */
const char *report_describe_misuse(const char *misuse);

/* The last component of a path (points into path); NULL for NULL. */
const char *report_describe_basename(const char *path);

#endif
